import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NS } from '../schemas/namespaces.ts';
import {
  ResponseBuildError,
  buildAcknowledgement,
  buildDccAlert,
  buildDeviceAlert,
  buildDeviceResponse,
  buildErrorResponse,
  buildInventoryResponse,
  buildLocalCommandResponse,
  buildPreCommandResponse,
  buildResponseMessage,
  buildWanMatrixResponse,
} from '../src/duis/response-builders.ts';
import {
  DuisResponseReadError,
  RESPONSE_CODES,
  classifyResponseCode,
  isSuccess,
  parseResponse,
  type DuisResponse,
  type InventoryDevice,
  type ResponseCode,
  type WanMatrix,
} from '../src/duis/responses.ts';
import { childrenNamed, readXml, type XmlView } from '../src/duis/xml.ts';
import { DuisValidator } from '../src/validation/validator.ts';
import { rtdsSample } from './helpers.ts';

const validator = await DuisValidator.load();

const USER = '90-B3-D5-1F-30-01-00-00';
const ACB = '90-B3-D5-1F-30-00-00-02';
const ESME = '00-DB-12-34-56-78-90-A0';
const CHF = '00-DB-12-34-56-78-90-A1';
const NON_DEVICE_ID = `${USER}:${ACB}:1001`;
const DEVICE_REQUEST_ID = `${USER}:${ESME}:1002`;
const DEVICE_RESPONSE_ID = `${ESME}:${USER}:1002`;
const WHEN = '2024-05-01T10:15:30.000Z';
const PAYLOAD = '3wkAAAAAAAA0AAAAAAAAAAEBAQ==';

const ESME_DEVICE: InventoryDevice = {
  deviceId: ESME,
  deviceType: 'ESME',
  deviceStatus: 'InstalledNotCommissioned',
  deviceManufacturer: 'AB01',
  deviceModel: '010A030B',
  smetsChtsVersion: 'SMETS V5.0',
  deviceFirmwareVersion: '0002012F',
  deviceFirmwareVersionStatus: 'Active',
  cplStatus: 'Active',
  dateCommissioned: '2024-04-30',
  importMPxN: '1234567890123',
  secondaryImportMPAN: '1234567890124',
  exportMPAN: '1234567890125',
  esmeVariant: 'AD',
  uprn: '100023336956',
  propertyFilter: { postCode: 'M22 0XX', addressIdentifier: '12 Station Road' },
  cspRegion: 'North',
  deviceGbcsVersion: '4.1',
  hanVariant: 'SingleBand',
  s1sp: 'none',
};
const CHF_DEVICE: InventoryDevice = { deviceId: CHF, deviceType: 'CHF', deviceManufacturer: 'AB01', deviceModel: 'CH01' };

/** MP081: " " says the WAN technology is not (yet) known; it must survive as one space. */
const WAN_MATRIX_SPACE: WanMatrix = {
  request: { partialAddress: { postCode: 'M22 0XX', addressIdentifier: '12' } },
  cspRegion: 'Central',
  coverageAvailability: false,
  anticipatedCoverageDate: '2025-01-31',
  wanTechnology: ' ',
  connectivityLikelihood: 'Medium',
  auxiliaryEquipmentRequired: 'Aerial',
  additionalInformation: 'Coverage & planning <TBC>',
};

const header = (h: DuisResponse['header']) => h;
const leaf = (local: string, text: string): XmlView => ({ ns: NS.sr, local, attrs: {}, children: [], text });

interface Case {
  name: string;
  xml: string;
  expected: DuisResponse;
}

const CASES: Case[] = [
  {
    name: 'I99 acknowledgement',
    xml: buildAcknowledgement({ requestId: DEVICE_REQUEST_ID, responseDateTime: WHEN, serviceReference: '4.1', serviceReferenceVariant: '4.1.1' }),
    expected: {
      schemaVersion: '5.1',
      header: header({ requestId: DEVICE_REQUEST_ID, responseCode: 'I99', responseDateTime: WHEN }),
      body: { type: 'ResponseMessage', serviceReference: '4.1', serviceReferenceVariant: '4.1.1', content: { kind: 'none' } },
      signed: false,
    },
  },
  ...(['E080801', 'E081401', 'E081402', 'W081401', 'E5', 'E13'] as ResponseCode[]).map((code) => ({
    name: `${code} error response`,
    xml: buildErrorResponse({ requestId: NON_DEVICE_ID, responseDateTime: WHEN, responseCode: code, serviceReference: '8.14', serviceReferenceVariant: '8.14.1' }),
    expected: {
      schemaVersion: '5.1',
      header: header({ requestId: NON_DEVICE_ID, responseCode: code, responseDateTime: WHEN }),
      body: { type: 'ResponseMessage' as const, serviceReference: '8.14', serviceReferenceVariant: '8.14.1', content: { kind: 'none' as const } },
      signed: false,
    },
  })),
  {
    name: '8.2 DSPInventory response',
    xml: buildInventoryResponse({ requestId: NON_DEVICE_ID, responseDateTime: WHEN, devices: [ESME_DEVICE, CHF_DEVICE] }),
    expected: {
      schemaVersion: '5.1',
      header: header({ requestId: NON_DEVICE_ID, responseCode: 'I0', responseDateTime: WHEN }),
      body: { type: 'ResponseMessage', serviceReference: '8.2', serviceReferenceVariant: '8.2', content: { kind: 'DSPInventory', devices: [ESME_DEVICE, CHF_DEVICE] } },
      signed: false,
    },
  },
  {
    name: '12.1 DSPWANMatrix response (WANTechnology " ")',
    xml: buildWanMatrixResponse({ requestId: NON_DEVICE_ID, responseDateTime: WHEN, wanMatrix: WAN_MATRIX_SPACE, schemaVersion: '5.4' }),
    expected: {
      schemaVersion: '5.4',
      header: header({ requestId: NON_DEVICE_ID, responseCode: 'I0', responseDateTime: WHEN }),
      body: { type: 'ResponseMessage', serviceReference: '12.1', serviceReferenceVariant: '12.1', content: { kind: 'DSPWANMatrix', wanMatrix: WAN_MATRIX_SPACE } },
      signed: false,
    },
  },
  {
    name: '12.1 DSPWANMatrix response by UPRN',
    xml: buildWanMatrixResponse({
      requestId: NON_DEVICE_ID,
      responseDateTime: WHEN,
      wanMatrix: { request: { uprn: '100023336956' }, cspRegion: 'South', coverageAvailability: true, wanTechnology: 'Dual Band', connectivityLikelihood: 'High' },
    }),
    expected: {
      schemaVersion: '5.1',
      header: header({ requestId: NON_DEVICE_ID, responseCode: 'I0', responseDateTime: WHEN }),
      body: {
        type: 'ResponseMessage',
        serviceReference: '12.1',
        serviceReferenceVariant: '12.1',
        content: {
          kind: 'DSPWANMatrix',
          wanMatrix: { request: { uprn: '100023336956' }, cspRegion: 'South', coverageAvailability: true, wanTechnology: 'Dual Band', connectivityLikelihood: 'High' },
        },
      },
      signed: false,
    },
  },
  {
    name: 'CV4 PreCommand response',
    xml: buildPreCommandResponse({ requestId: DEVICE_REQUEST_ID, responseDateTime: WHEN, serviceReference: '6.15', serviceReferenceVariant: '6.15.1', gbcsVersion: '4.1', gbcsPayload: PAYLOAD }),
    expected: {
      schemaVersion: '5.1',
      header: header({ requestId: DEVICE_REQUEST_ID, responseCode: 'I0', responseDateTime: WHEN }),
      body: { type: 'ResponseMessage', serviceReference: '6.15', serviceReferenceVariant: '6.15.1', content: { kind: 'PreCommand', gbcsVersion: '4.1', gbcsPayload: PAYLOAD } },
      signed: false,
    },
  },
  {
    name: 'GBCSPayload device response',
    xml: buildDeviceResponse({
      requestId: DEVICE_REQUEST_ID,
      responseId: DEVICE_RESPONSE_ID,
      responseDateTime: WHEN,
      serviceReference: '4.1',
      serviceReferenceVariant: '4.1.1',
      gbcsPayload: PAYLOAD,
    }),
    expected: {
      schemaVersion: '5.1',
      header: header({ requestId: DEVICE_REQUEST_ID, responseId: DEVICE_RESPONSE_ID, responseCode: 'I0', responseDateTime: WHEN }),
      body: { type: 'ResponseMessage', serviceReference: '4.1', serviceReferenceVariant: '4.1.1', content: { kind: 'GBCSPayload', gbcsPayload: PAYLOAD } },
      signed: false,
    },
  },
  {
    name: 'LocalCommand response',
    xml: buildLocalCommandResponse({ requestId: DEVICE_REQUEST_ID, responseDateTime: WHEN, serviceReference: '4.1', serviceReferenceVariant: '4.1.1', gbcsPayload: PAYLOAD }),
    expected: {
      schemaVersion: '5.1',
      header: header({ requestId: DEVICE_REQUEST_ID, responseCode: 'I0', responseDateTime: WHEN }),
      body: { type: 'ResponseMessage', serviceReference: '4.1', serviceReferenceVariant: '4.1.1', content: { kind: 'LocalCommand', gbcsPayload: PAYLOAD } },
      signed: false,
    },
  },
  {
    name: 'ResponseMessage with content kept as read (DSPScheduleID)',
    xml: buildResponseMessage({
      requestId: NON_DEVICE_ID,
      responseDateTime: WHEN,
      responseCode: 'I0',
      serviceReference: '5.1',
      serviceReferenceVariant: '5.1',
      content: { kind: 'other', name: 'DSPScheduleID', view: leaf('DSPScheduleID', '42') },
    }),
    expected: {
      schemaVersion: '5.1',
      header: header({ requestId: NON_DEVICE_ID, responseCode: 'I0', responseDateTime: WHEN }),
      body: { type: 'ResponseMessage', serviceReference: '5.1', serviceReferenceVariant: '5.1', content: { kind: 'other', name: 'DSPScheduleID', view: leaf('DSPScheduleID', '42') } },
      signed: false,
    },
  },
  {
    name: 'DeviceAlertMessage',
    xml: buildDeviceAlert({ responseId: `${ESME}:${USER}:77`, responseDateTime: WHEN, alertCode: '8F3E', throttledAlertSequenceId: 3, throttledAlertCount: 12, gbcsPayload: PAYLOAD }),
    expected: {
      schemaVersion: '5.1',
      header: header({ responseId: `${ESME}:${USER}:77`, responseCode: 'I0', responseDateTime: WHEN }),
      body: { type: 'DeviceAlertMessage', alertCode: '8F3E', throttledAlertSequenceId: 3, throttledAlertCount: 12, gbcsPayload: PAYLOAD },
      signed: false,
    },
  },
  {
    name: 'DCCAlertMessage (CommandFailure)',
    xml: buildDccAlert({
      requestId: DEVICE_REQUEST_ID,
      responseId: `${ACB}:${USER}:78`,
      responseDateTime: WHEN,
      dccAlertCode: 'N24',
      alert: { kind: 'CommandFailure', commandRequestId: DEVICE_REQUEST_ID, dspScheduleId: '17', deviceId: ESME },
    }),
    expected: {
      schemaVersion: '5.1',
      header: header({ requestId: DEVICE_REQUEST_ID, responseId: `${ACB}:${USER}:78`, responseCode: 'I0', responseDateTime: WHEN }),
      body: { type: 'DCCAlertMessage', dccAlertCode: 'N24', alert: { kind: 'CommandFailure', commandRequestId: DEVICE_REQUEST_ID, dspScheduleId: '17', deviceId: ESME } },
      signed: false,
    },
  },
  {
    name: 'DCCAlertMessage (PowerOutageEvent, throttled)',
    xml: buildDccAlert({
      responseId: `${ACB}:${USER}:79`,
      responseDateTime: WHEN,
      dccAlertCode: 'N1',
      throttledAlertSequenceId: 0,
      alert: { kind: 'PowerOutageEvent', commsHubDeviceId: CHF, startDateTime: '2024-05-01T09:00:00Z', mpxn: '1234567890123' },
    }),
    expected: {
      schemaVersion: '5.1',
      header: header({ responseId: `${ACB}:${USER}:79`, responseCode: 'I0', responseDateTime: WHEN }),
      body: {
        type: 'DCCAlertMessage',
        dccAlertCode: 'N1',
        throttledAlertSequenceId: 0,
        alert: { kind: 'PowerOutageEvent', commsHubDeviceId: CHF, startDateTime: '2024-05-01T09:00:00Z', mpxn: '1234567890123' },
      },
      signed: false,
    },
  },
  {
    name: 'DCCAlertMessage (UpdateHANDeviceLogResult)',
    xml: buildDccAlert({
      responseId: `${ACB}:${USER}:80`,
      responseDateTime: WHEN,
      dccAlertCode: 'N12',
      alert: { kind: 'UpdateHANDeviceLogResult', updateHanDeviceLogServiceRequestId: `${USER}:${CHF}:5` },
    }),
    expected: {
      schemaVersion: '5.1',
      header: header({ responseId: `${ACB}:${USER}:80`, responseCode: 'I0', responseDateTime: WHEN }),
      body: { type: 'DCCAlertMessage', dccAlertCode: 'N12', alert: { kind: 'UpdateHANDeviceLogResult', updateHanDeviceLogServiceRequestId: `${USER}:${CHF}:5` } },
      signed: false,
    },
  },
  (() => {
    // a DCCAlert choice without a typed form: nested elements must round-trip as read
    const view: XmlView = {
      ns: NS.sr,
      local: 'DSPScheduleRemoval',
      attrs: {},
      children: [leaf('DeviceID', ESME), leaf('DSPScheduleID', '9')],
      text: '',
    };
    return {
      name: 'DCCAlertMessage (other DCCAlert kept as read)',
      xml: buildDccAlert({ responseId: `${ACB}:${USER}:81`, responseDateTime: WHEN, dccAlertCode: 'N3', alert: { kind: 'other', name: 'DSPScheduleRemoval', view } }),
      expected: {
        schemaVersion: '5.1',
        header: header({ responseId: `${ACB}:${USER}:81`, responseCode: 'I0', responseDateTime: WHEN }),
        body: { type: 'DCCAlertMessage' as const, dccAlertCode: 'N3', alert: { kind: 'other' as const, name: 'DSPScheduleRemoval', view } },
        signed: false,
      },
    };
  })(),
];

/** The same document with the sr namespace as default namespace instead of the sr: prefix. */
function toDefaultNamespace(xml: string): string {
  const out = xml.replace(/<(\/?)sr:/g, '<$1').replace('xmlns:sr=', 'xmlns=');
  assert.doesNotMatch(out, /sr:/);
  return out;
}

describe('response builders', () => {
  for (const c of CASES) {
    it(`${c.name}: validates against the DUIS V5.1 XSD`, () => {
      const r = validator.validate(c.xml);
      assert.deepEqual(r.errors, []);
      assert.equal(r.valid, true);
    });
  }

  it('the XSD check has teeth: a code outside the enumeration makes a built response invalid', () => {
    const xml = buildErrorResponse({ responseDateTime: WHEN, responseCode: 'E5', serviceReference: '8.2', serviceReferenceVariant: '8.2' });
    const r = validator.validate(xml.replace('<sr:ResponseCode>E5<', '<sr:ResponseCode>E999<'));
    assert.equal(r.valid, false);
  });

  it('write compact XML: no whitespace between elements (DCC signs compact XML only)', () => {
    for (const c of CASES) {
      // whitespace after any end tag, or between a start tag and a child's start tag; a
      // whitespace-only leaf (<sr:WANTechnology> </sr:WANTechnology>) is content, not layout
      assert.doesNotMatch(c.xml, /(<\/[^>]*>|\/>)\s+</, c.name);
      assert.doesNotMatch(c.xml, /<[^/!?][^>]*>\s+<[^/]/, c.name);
    }
  });

  it('refuse a response code that is not in the V5.1 enumeration', () => {
    assert.throws(
      () => buildErrorResponse({ responseCode: 'E999999' as ResponseCode, serviceReference: '8.2', serviceReferenceVariant: '8.2' }),
      (e: unknown) => e instanceof ResponseBuildError && /E999999/.test(e.message),
    );
  });

  it('refuse an inventory of no devices or more than 17', () => {
    assert.throws(() => buildInventoryResponse({ devices: [] }), ResponseBuildError);
    assert.throws(() => buildInventoryResponse({ devices: Array.from({ length: 18 }, () => CHF_DEVICE) }), ResponseBuildError);
    assert.equal(validator.validate(buildInventoryResponse({ devices: Array.from({ length: 17 }, () => CHF_DEVICE) })).valid, true);
  });

  it('write ResponseDateTime from a Date as an ISO xs:dateTime, and default it to now', () => {
    const at = new Date('2024-06-01T00:00:00Z');
    const fixed = parseResponse(buildAcknowledgement({ responseDateTime: at, serviceReference: '8.2', serviceReferenceVariant: '8.2' }));
    assert.equal(fixed.header.responseDateTime, '2024-06-01T00:00:00.000Z');
    const before = Date.now();
    const now = parseResponse(buildAcknowledgement({ serviceReference: '8.2', serviceReferenceVariant: '8.2' }));
    assert.ok(Math.abs(Date.parse(now.header.responseDateTime) - before) < 5000);
  });
});

describe('parseResponse', () => {
  for (const c of CASES) {
    it(`${c.name}: parse(build(x)) returns every field of x`, () => {
      assert.deepEqual(parseResponse(c.xml), c.expected);
    });
  }

  for (const c of CASES) {
    it(`${c.name}: reads the same from a default-namespace document`, () => {
      const xml = toDefaultNamespace(c.xml);
      assert.deepEqual(validator.validate(xml).errors, []);
      assert.deepEqual(parseResponse(xml), c.expected);
    });
  }

  it('keeps WANTechnology " " as exactly one space, written and read', () => {
    const c = CASES.find((x) => x.name.startsWith('12.1 DSPWANMatrix response (WANTechnology'))!;
    assert.match(c.xml, /<sr:WANTechnology> <\/sr:WANTechnology>/);
    const body = parseResponse(c.xml).body;
    assert.ok(body.type === 'ResponseMessage' && body.content.kind === 'DSPWANMatrix');
    assert.equal(body.content.wanMatrix.wanTechnology, ' ');
  });

  it('keeps a whitespace-only WANTechnology in an indented document, and one written as &#32;', () => {
    const c = CASES.find((x) => x.name.startsWith('12.1 DSPWANMatrix response (WANTechnology'))!;
    const indented = c.xml.replace(/></g, '>\n  <').replace('<sr:WANTechnology>\n  </sr:WANTechnology>', '<sr:WANTechnology> </sr:WANTechnology>');
    const charRef = c.xml.replace('<sr:WANTechnology> </sr:WANTechnology>', '<sr:WANTechnology>&#32;</sr:WANTechnology>');
    for (const xml of [indented, charRef]) {
      assert.equal(validator.validate(xml).valid, true);
      const body = parseResponse(xml).body;
      assert.ok(body.type === 'ResponseMessage' && body.content.kind === 'DSPWANMatrix');
      assert.equal(body.content.wanMatrix.wanTechnology, ' ');
      assert.equal(body.content.wanMatrix.additionalInformation, WAN_MATRIX_SPACE.additionalInformation);
    }
  });

  it('says whether the response carries a ds:Signature', () => {
    const c = CASES[0]!;
    const signed = c.xml.replace('</sr:Response>', `<ds:Signature><ds:SignedInfo/></ds:Signature></sr:Response>`);
    assert.equal(parseResponse(signed).signed, true);
    assert.equal(parseResponse(c.xml).signed, false);
  });

  it('rejects a request (wrong root) with a DuisResponseReadError naming both roots', () => {
    assert.throws(
      () => parseResponse(rtdsSample('12.2_DEVICE_PRE_NOTIFICATION_REQUEST_DUIS.XML')),
      (e: unknown) => e instanceof DuisResponseReadError && /root is \{[^}]+ServiceUserGateway\}Request/.test(e.message) && /\}Response/.test(e.message),
    );
  });

  it('rejects sr:Response in another namespace, a missing Header, an empty Body and non-XML', () => {
    const xml = CASES[0]!.xml;
    const wrongNs = xml.replace(`xmlns:sr="${NS.sr}"`, 'xmlns:sr="urn:not-duis"');
    const noHeader = xml.replace(/<sr:Header>.*<\/sr:Header>/, '');
    const emptyBody = xml.replace(/<sr:Body>.*<\/sr:Body>/, '<sr:Body></sr:Body>');
    assert.throws(() => parseResponse(wrongNs), (e: unknown) => e instanceof DuisResponseReadError && /urn:not-duis/.test(e.message));
    assert.throws(() => parseResponse(noHeader), (e: unknown) => e instanceof DuisResponseReadError && /no sr:Header/.test(e.message));
    assert.throws(() => parseResponse(emptyBody), (e: unknown) => e instanceof DuisResponseReadError && /exactly one element/.test(e.message));
    assert.throws(() => parseResponse('<sr:Response'), DuisResponseReadError);
  });
});

describe('response codes', () => {
  it('RESPONSE_CODES is exactly the sr:ResponseCode enumeration of the XSD, in order', () => {
    const xsd = readXml(validator.schemaSet.duis.bytes.toString('utf8'));
    const XS = 'http://www.w3.org/2001/XMLSchema';
    const type = childrenNamed(xsd, 'simpleType', XS).find((t) => t.attrs['name'] === 'ResponseCode');
    assert.ok(type, 'XSD has no simpleType ResponseCode');
    const values = childrenNamed(childrenNamed(type, 'restriction', XS)[0], 'enumeration', XS).map((e) => e.attrs['value']);
    assert.deepEqual([...RESPONSE_CODES], values);
  });

  it('isSuccess is true for I0 and I99 only', () => {
    assert.deepEqual(RESPONSE_CODES.filter(isSuccess), ['I0', 'I99']);
  });

  it('classifies I0 completed, I99 acknowledged, W warnings and E errors', () => {
    assert.equal(classifyResponseCode('I0').outcome, 'completed');
    assert.equal(classifyResponseCode('I99').outcome, 'acknowledged');
    assert.equal(classifyResponseCode('W081401').outcome, 'warning');
    for (const code of ['E5', 'E13', 'E080801', 'E081402']) assert.equal(classifyResponseCode(code).outcome, 'error', code);
  });

  it('gives the Service Reference of specific codes, none for generic ones', () => {
    assert.deepEqual(classifyResponseCode('E081401'), { code: 'E081401', outcome: 'error', known: true, serviceReference: '8.14' });
    assert.deepEqual(classifyResponseCode('W081401'), { code: 'W081401', outcome: 'warning', known: true, serviceReference: '8.14' });
    assert.equal(classifyResponseCode('E120201').serviceReference, '12.2');
    assert.equal(classifyResponseCode('E010101').serviceReference, '1.1');
    assert.deepEqual(classifyResponseCode('E13'), { code: 'E13', outcome: 'error', known: true });
    assert.deepEqual(classifyResponseCode('E1011'), { code: 'E1011', outcome: 'error', known: true });
  });

  it('marks codes outside V5.1 as unknown', () => {
    assert.equal(classifyResponseCode('E999999').known, false);
    assert.equal(classifyResponseCode('E5').known, true);
  });
});
