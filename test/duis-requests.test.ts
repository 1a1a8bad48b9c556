import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DCC_ACCESS_CONTROL_BROKER, RequestIdCounter, parseRequestId } from '../src/duis/header.ts';
import * as rq from '../src/duis/requests/index.ts';
import { SrvTable, SrvTableError } from '../src/duis/srv-table.ts';
import { childrenNamed, child, readXml, textAt, type XmlView } from '../src/duis/xml.ts';
import { DuisValidator } from '../src/validation/validator.ts';
import { NS } from '../schemas/namespaces.ts';
import { rtdsSample } from './helpers.ts';

const validator = await DuisValidator.load();
const table = SrvTable.fromSchemaSet(validator.schemaSet);

const USER = '90-B3-D5-1F-30-01-00-00';
const ESME = '00-DB-12-34-56-78-90-A0';
const GSME = '00-DB-12-34-56-78-90-A1';
const CHF = '00-DB-12-34-56-78-90-A2';
const GPF = '00-DB-12-34-56-78-90-A3';
const IHD = '00-DB-12-34-56-78-90-9A';

const context = (floor = 1000n): rq.RequestContext => ({ table, counter: new RequestIdCounter({ floor }), originator: USER });

/** A tree of element names ({ns}local) and leaf texts, Signature left out: what "the same request" means here. */
interface Shape {
  name: string;
  text: string;
  children: Shape[];
}
const shape = (v: XmlView): Shape => ({
  name: `{${v.ns}}${v.local}`,
  text: v.children.length ? '' : v.text,
  children: v.children.filter((c) => c.ns !== NS.ds).map(shape),
});
const shapeOf = (xml: string): Shape => shape(readXml(xml));

/** Certificates etc. read from an RTDS sample at run time, so our request can carry the same values. */
const sampleTexts = (name: string, local: string): string[] => {
  const out: string[] = [];
  const walk = (v: XmlView) => {
    if (v.local === local && v.ns === NS.sr) out.push(v.text);
    v.children.forEach(walk);
  };
  walk(readXml(rtdsSample(name)));
  return out;
};

/** Our request built with the sample's RequestID and values must have the sample's Header and Body, element for element. */
function assertSameAsSample(sampleName: string, build: (ctx: rq.RequestContext, requestId: string) => rq.DuisRequest) {
  const sample = rtdsSample(sampleName);
  const requestId = textAt(readXml(sample), 'Header', 'RequestID')!;
  const ours = build({ ...context(), schemaVersion: '5.4' }, requestId);
  assert.deepEqual(validator.validate(ours.xml).errors, []);
  assert.deepEqual(shapeOf(ours.xml), shapeOf(sample));
}

const assertValid = (r: rq.DuisRequest) => {
  const res = validator.validate(r.xml);
  assert.deepEqual(res.errors, [], `${r.srv}: ${r.xml}`);
  assert.equal(res.valid, true);
};

const headerOf = (r: rq.DuisRequest) => child(readXml(r.xml), 'Header')!;
const bodyChild = (r: rq.DuisRequest) => child(readXml(r.xml), 'Body')!.children[0]!;

describe('request builders match DCC RTDS samples element for element', () => {
  it('12.2 Device Pre-notification', () => {
    assertSameAsSample('12.2_DEVICE_PRE_NOTIFICATION_REQUEST_DUIS.XML', (ctx, requestId) =>
      rq.devicePrenotification(ctx, { deviceId: ESME, manufacturer: 'AB01', model: '010A030B', deviceType: 'ESME', smetsChtsVersion: 'SMETS V1.58', firmwareVersion: '0002012F', esmeVariant: 'AD' }, { requestId }),
    );
  });

  it('8.2 Read Inventory by DeviceID', () => {
    assertSameAsSample('8.2_READ_INVENTORY_REQUEST_DUIS.XML', (ctx, requestId) => rq.readInventory(ctx, { deviceId: CHF }, { requestId }));
  });

  it('8.3 Decommission Device', () => {
    assertSameAsSample('8.3_DECOMMISSION_DEVICE_REQUEST_DUIS.XML', (ctx, requestId) => rq.decommissionDevice(ctx, { deviceId: ESME }, { requestId }));
  });

  it('8.4 Update Inventory, DeleteDevice', () => {
    assertSameAsSample('8.4_UPDATE_INVENTORY_REQUEST_DUIS.XML', (ctx, requestId) => rq.updateInventory(ctx, { deviceId: ESME, update: { deleteDevice: true } }, { requestId }));
  });

  it('8.1.1 Commission Device', () => {
    assertSameAsSample('ECS70Commission_8.1.1_SUCCESS_REQUEST_DUIS.XML', (ctx, requestId) =>
      rq.commissionDevice(ctx, { target: ESME, currentDateTime: '2014-12-31T23:59:10.00Z', tolerancePeriod: 60 }, { requestId }),
    );
  });

  it('8.7.1 / 8.7.2 Join Service and 8.8.1 / 8.8.2 Unjoin Service', () => {
    assertSameAsSample('CS03A1_8.7.1_SUCCESS_REQUEST_DUIS.XML', (ctx, requestId) => rq.joinServiceCritical(ctx, { target: ESME, otherDeviceId: IHD }, { requestId }));
    assertSameAsSample('CS03B_8.7.2_SUCCESS_REQUEST_DUIS.XML', (ctx, requestId) =>
      rq.joinServiceNonCritical(ctx, { target: GSME, otherDeviceId: '00-DB-12-34-56-78-90-9C' }, { requestId }),
    );
    assertSameAsSample('CS04ACCritical_8.8.1_SUCCESS_REQUEST_DUIS.XML', (ctx, requestId) =>
      rq.unjoinServiceCritical(ctx, { target: ESME, otherDeviceId: '00-DB-12-34-56-78-90-99' }, { requestId }),
    );
    assertSameAsSample('CS04B_8.8.2_SUCCESS_REQUEST_DUIS.XML', (ctx, requestId) =>
      rq.unjoinServiceNonCritical(ctx, { target: GSME, otherDeviceId: '01-02-03-04-05-06-07-08' }, { requestId }),
    );
  });

  it('8.11 Update HAN Device Log, add with CHF whitelist entry and remove', () => {
    assertSameAsSample('CCS01_8.11_SUCCESS_REQUEST_DUIS.XML', (ctx, requestId) =>
      rq.updateHanDeviceLog(
        ctx,
        {
          target: CHF,
          deviceId: ESME,
          action: 'Add',
          whitelist: { joinTimePeriod: 90, installCode: Buffer.from('0123456789ABCDEF', 'ascii'), importMPxN: '1312345678111', secondaryImportMPAN: '1312345678222' },
        },
        { requestId },
      ),
    );
    assertSameAsSample('CCS02_8.11_SUCCESS_REQUEST_DUIS.XML', (ctx, requestId) => rq.updateHanDeviceLog(ctx, { target: CHF, deviceId: ESME, action: 'Remove' }, { requestId }));
  });

  it('8.13 Return Local Command Response', () => {
    const sample = '8.13_RETURN_LOCAL_COMMAND_RESPONSE_CS06_REQUEST_DUIS.XML';
    const [gbcs] = sampleTexts(sample, 'DeviceGBCSResponse');
    assertSameAsSample(sample, (ctx, requestId) =>
      rq.returnLocalCommandResponse(ctx, { originalRequestId: `${USER}:${ESME}:1000`, deviceGbcsResponse: Buffer.from(gbcs!, 'base64') }, { requestId }),
    );
  });

  it('8.14.1 and 8.14.2 Communications Hub Status Update', () => {
    assertSameAsSample('8.14.1_COMMUNICATIONS_HUB_STATUS_UPDATE_INSTALL_SUCCESS_REQUEST_DUIS.XML', (ctx, requestId) =>
      rq.chfInstallSuccess(ctx, { chfId: CHF, mpxn: '1000999888', aerialInstall: true, location: 'Basement or Cellar' }, { requestId }),
    );
    assertSameAsSample('8.14.2_COMMUNICATIONS_HUB_STATUS_UPDATE_INSTALL_NO_SM_WAN_REQUEST_DUIS.XML', (ctx, requestId) =>
      rq.chfInstallNoSmWan(
        ctx,
        {
          chfId: CHF,
          mpxn: '1000999888',
          aerialInstall: true,
          location: 'Basement or Cellar',
          premiseType: 'Low Rise Apartment (MDU <= 5 floors)',
          metalObstructionCheck: false,
          connectivityObstructionCheck: false,
          sharedObstructionCheck: false,
        },
        { requestId },
      ),
    );
  });

  it('12.1 Request WAN Matrix by partial address', () => {
    assertSameAsSample('12.1_REQUEST_WAN_MATRIX_ADDRESS_REQUEST_DUIS.XML', (ctx, requestId) =>
      rq.requestWanMatrix(ctx, { partialAddress: { postCode: 'M22 0RR', addressIdentifier: 'Threapwood Road' } }, { requestId }),
    );
  });

  it('6.15.1 Update Security Credentials (KRP), immediate and future-dated', () => {
    const s1 = 'CS02bNOByNO_6.15.1_SUCCESS_REQUEST_DUIS.XML';
    const [ds1, ka1] = [sampleTexts(s1, 'DigitalSigningCertificate')[0]!, sampleTexts(s1, 'KeyAgreementCertificate')[0]!];
    assertSameAsSample(s1, (ctx, requestId) =>
      rq.updateSecurityCredentialsKrp(
        { ...ctx, originator: '90-B3-D5-1F-30-02-00-00' },
        { target: ESME, remotePartyRole: 'NetworkOperator', remotePartyFloorSeqNumber: 0, replacement: { digitalSigning: ds1, keyAgreement: ka1 }, certificationPath: sampleTexts(s1, 'Certificate'), applyTimeBasedCpvChecks: true },
        { requestId },
      ),
    );
    const s2 = 'CS02bSupplierBySupplier_6.15.1_FUTURE_DATED_SUCCESS_REQUEST_DUIS.XML';
    assertSameAsSample(s2, (ctx, requestId) =>
      rq.updateSecurityCredentialsKrp(
        ctx,
        {
          target: ESME,
          executionDateTime: '2030-01-15T00:00:00.00Z',
          remotePartyRole: 'Supplier',
          remotePartyFloorSeqNumber: 0,
          remotePartyPrepaymentTopUpFloorSeqNumber: 0n,
          replacement: {
            digitalSigning: sampleTexts(s2, 'DigitalSigningCertificate')[0]!,
            keyAgreement: sampleTexts(s2, 'KeyAgreementCertificate')[0]!,
            keyAgreementTopUp: sampleTexts(s2, 'KeyAgreementTopUpCertificate')[0]!,
          },
          certificationPath: sampleTexts(s2, 'Certificate'),
          applyTimeBasedCpvChecks: true,
        },
        { requestId },
      ),
    );
  });

  it('6.21 Request Handover of DCC Controlled Device', () => {
    const s = 'CS02bSupplierBySupplierHandover_6.21_SUCCESS_REQUEST_DUIS.XML';
    assertSameAsSample(s, (ctx, requestId) =>
      rq.requestHandoverOfDccControlledDevice(
        ctx,
        {
          target: GPF,
          remotePartyRole: 'Supplier',
          remotePartyFloorSeqNumber: 0,
          remotePartyPrepaymentTopUpFloorSeqNumber: 0,
          replacement: {
            digitalSigning: sampleTexts(s, 'DigitalSigningCertificate')[0]!,
            keyAgreement: sampleTexts(s, 'KeyAgreementCertificate')[0]!,
            keyAgreementTopUp: sampleTexts(s, 'KeyAgreementTopUpCertificate')[0]!,
          },
          certificationPath: sampleTexts(s, 'Certificate'),
          applyTimeBasedCpvChecks: true,
        },
        { requestId },
      ),
    );
  });

  it('6.23 Update Security Credentials (CoS), future-dated', () => {
    const s = 'CS02bSupplierByTransCoS_6.23_FUTURE_DATED_SUCCESS_REQUEST_DUIS.XML';
    // DER bytes in, base64 out: the certificate must survive the round trip unchanged
    const der = (local: string) => Buffer.from(sampleTexts(s, local)[0]!, 'base64');
    assertSameAsSample(s, (ctx, requestId) =>
      rq.updateSecurityCredentialsCos(
        ctx,
        {
          target: ESME,
          executionDateTime: '2030-01-02T00:00:00.00Z',
          supplierFloorSeqNumber: 0,
          supplierPrepaymentTopUpFloorSeqNumber: 0,
          replacement: { digitalSigning: der('DigitalSigningCertificate'), keyAgreement: der('KeyAgreementCertificate'), keyAgreementTopUp: der('KeyAgreementTopUpCertificate') },
          certificationPath: sampleTexts(s, 'Certificate').map((c) => Buffer.from(c, 'base64')),
          applyTimeBasedCpvChecks: true,
          importMPxN: '1312345678333',
        },
        { requestId },
      ),
    );
  });

  it('6.24.2 Retrieve Device Security Credentials (Device)', () => {
    assertSameAsSample('CS02e_6.24.2_SUCCESS_REQUEST_DUIS.XML', (ctx, requestId) =>
      rq.retrieveDeviceSecurityCredentialsDevice(ctx, { target: ESME, credentialType: 'Digital Signature' }, { requestId }),
    );
  });

  it('3.2 Restrict Access For Change Of Tenancy', () => {
    assertSameAsSample('ECS12_3.2_SUCCESS_REQUEST_DUIS.XML', (ctx, requestId) =>
      rq.restrictAccessForChangeOfTenancy(ctx, { target: ESME, restrictionDateTime: '2014-03-27T15:45:32.00Z' }, { requestId }),
    );
  });

  it('6.8 Update Device Configuration (Billing Calendar), gas and electricity', () => {
    assertSameAsSample('GCS25_6.8_SUCCESS_REQUEST_DUIS.XML', (ctx, requestId) =>
      rq.updateDeviceConfigurationBillingCalendar(ctx, { target: GSME, calendar: { fuel: 'gas', billingPeriodStart: '2015-02-01T00:00:00.00Z', periodicity: 'Monthly' } }, { requestId }),
    );
    assertSameAsSample('ECS30_6.8_SUCCESS_REQUEST_DUIS.XML', (ctx, requestId) =>
      rq.updateDeviceConfigurationBillingCalendar(ctx, { target: ESME, calendar: { fuel: 'electricity', billingTime: '12:00:00.00Z', period: { every: 'Monthly', day: 1 } } }, { requestId }),
    );
    assertSameAsSample('ECS30a_6.8_SUCCESS_REQUEST_DUIS.XML', (ctx, requestId) =>
      rq.updateDeviceConfigurationBillingCalendar(
        ctx,
        { target: ESME, calendar: { fuel: 'electricity', billingTime: '00:00:00.00Z', period: { every: 'Quarterly', dayOfMonth: 1, startMonth: 1 } } },
        { requestId },
      ),
    );
  });

  it('6.15.2 Update Security Credentials (Device)', () => {
    const deviceCertificate = sampleTexts('CS02d_6.15.2_SUCCESS_REQUEST_DUIS.XML', 'DeviceCertificate')[0]!;
    assertSameAsSample('CS02d_6.15.2_SUCCESS_REQUEST_DUIS.XML', (ctx, requestId) => rq.updateSecurityCredentialsDevice(ctx, { target: ESME, deviceCertificate }, { requestId }));
  });

  it('8.12.1 Restore HAN Device Log and 8.12.2 Restore GPF Device Log', () => {
    assertSameAsSample('CCS03_8.12.1_SUCCESS_REQUEST_DUIS.XML', (ctx, requestId) => rq.restoreHanDeviceLog(ctx, { target: CHF, old: '00-DB-12-34-56-78-90-95' }, { requestId }));
    assertSameAsSample('GCS59_8.12.2_SUCCESS_REQUEST_DUIS.XML', (ctx, requestId) => rq.restoreGpfDeviceLog(ctx, { target: GPF, old: '00db1234567890b3' }, { requestId }));
  });

  it('11.3 Activate Firmware, immediate and future-dated', () => {
    const hash = 'aa758690730934ff0685aa758690730934ff0685657788990011223344556677';
    assertSameAsSample('CS06_11.3_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML', (ctx, requestId) => rq.activateFirmware(ctx, { target: ESME, firmwareHash: hash }, { requestId }));
    assertSameAsSample('CS06_11.3_FUTURE_DATED_SUCCESS_REQUEST_DUIS.XML', (ctx, requestId) =>
      rq.activateFirmware(ctx, { target: ESME, firmwareHash: Buffer.from(hash, 'hex'), executionDateTime: '2030-01-15T09:00:00.00Z' }, { requestId }),
    );
  });

  it('a changed value makes the comparison fail (the check can fail)', () => {
    assert.throws(() =>
      assertSameAsSample('8.3_DECOMMISSION_DEVICE_REQUEST_DUIS.XML', (ctx, requestId) => rq.decommissionDevice(ctx, { deviceId: GSME }, { requestId })),
    );
  });
});

describe('every builder, in every variant and choice, validates against the DUIS XSD', () => {
  const ctx = context();
  const cert = Buffer.from(sampleTexts('CS02bNOByNO_6.15.1_SUCCESS_REQUEST_DUIS.XML', 'DigitalSigningCertificate')[0]!, 'base64');
  const pem = `-----BEGIN CERTIFICATE-----\n${cert.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
  const cases: [string, () => rq.DuisRequest][] = [
    ['12.2 all optionals', () => rq.devicePrenotification(ctx, { deviceId: GSME, manufacturer: 'AB01', model: '010A030B', deviceType: 'GSME', smetsChtsVersion: 'SMETS V5.1', firmwareVersion: '00020130', associatedGpfDeviceId: GPF.toLowerCase() })],
    ['12.2 mandatory only', () => rq.devicePrenotification(ctx, { deviceId: IHD, manufacturer: 'AB01', model: '0001', deviceType: 'IHD' })],
    ['12.1 by UPRN', () => rq.requestWanMatrix(ctx, { uprn: 100023336956 })],
    ['12.1 by partial address', () => rq.requestWanMatrix(ctx, { partialAddress: { postCode: 'SW1A 1AA', addressIdentifier: '10' } })],
    ['8.2 by UPRN', () => rq.readInventory(ctx, { uprn: 100023336956n })],
    ['8.2 by DeviceID', () => rq.readInventory(ctx, { deviceId: '00db1234567890a0' })],
    ['8.2 by MPxN', () => rq.readInventory(ctx, { mpxn: '1312345678111' })],
    ['8.2 by PropertyFilter', () => rq.readInventory(ctx, { propertyFilter: { postCode: 'M22 0RR', addressIdentifier: '12A' } })],
    ['8.3', () => rq.decommissionDevice(ctx, { deviceId: ESME })],
    ['8.4 UpdateDeviceStatusExceptCH', () => rq.updateInventory(ctx, { deviceId: ESME, update: { deviceStatusExceptCH: 'InstalledNotCommissioned' } })],
    ['8.4 UpdateDeviceStatusCH', () => rq.updateInventory(ctx, { deviceId: CHF, update: { deviceStatusCH: 'Withdrawn' } })],
    ['8.4 UpdateDeviceDetails all', () => rq.updateInventory(ctx, { deviceId: ESME, update: { deviceDetails: { manufacturer: 'AB01', model: '010A030B', smetsChtsVersion: 'SMETS V5.1', firmwareVersion: '00020130', esmeVariant: 'ADE' } } })],
    ['8.4 UpdateDeviceDetails ESMEVariant only', () => rq.updateInventory(ctx, { deviceId: ESME, update: { deviceDetails: { esmeVariant: 'B' } } })],
    ['8.4 DeleteDevice', () => rq.updateInventory(ctx, { deviceId: ESME, update: { deleteDevice: true } })],
    ['8.4 UpdateMPxN import', () => rq.updateInventory(ctx, { deviceId: ESME, update: { mpxn: { importMPxN: '1312345678111' } } })],
    ['8.4 UpdateMPxN secondary import', () => rq.updateInventory(ctx, { deviceId: ESME, update: { mpxn: { secondaryImportMPAN: '1312345678222' } } })],
    ['8.4 UpdateMPxN export', () => rq.updateInventory(ctx, { deviceId: ESME, update: { mpxn: { exportMPAN: '1312345678333' } } })],
    ['8.1.1 with a Date', () => rq.commissionDevice(ctx, { target: ESME, currentDateTime: new Date('2025-06-01T12:00:00Z'), tolerancePeriod: 3600 })],
    ['8.7.1', () => rq.joinServiceCritical(ctx, { target: ESME, otherDeviceId: IHD })],
    ['8.7.2', () => rq.joinServiceNonCritical(ctx, { target: GSME, otherDeviceId: IHD })],
    ['8.8.1', () => rq.unjoinServiceCritical(ctx, { target: ESME, otherDeviceId: IHD })],
    ['8.8.2', () => rq.unjoinServiceNonCritical(ctx, { target: GSME, otherDeviceId: IHD })],
    ['8.11 add, future-dated, all whitelist fields', () =>
      rq.updateHanDeviceLog(ctx, { target: CHF, deviceId: ESME, action: 'Add', executionDateTime: new Date('2030-01-01T00:00:00Z'), whitelist: { joinTimePeriod: 3600, installCode: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', importMPxN: '1312345678111', secondaryImportMPAN: '1312345678222', exportMPAN: '1312345678333' } })],
    ['8.11 add to a GPF log, no whitelist entry', () => rq.updateHanDeviceLog(ctx, { target: GPF, deviceId: GSME, action: 'Add' })],
    ['8.11 remove', () => rq.updateHanDeviceLog(ctx, { target: CHF, deviceId: IHD, action: 'Remove' })],
    ['8.13 without OriginalRequestID', () => rq.returnLocalCommandResponse(ctx, { deviceGbcsResponse: new Uint8Array([0xdf, 0x09, 0x02, 0x00]) })],
    ['8.13 with OriginalRequestID', () => rq.returnLocalCommandResponse(ctx, { originalRequestId: parseRequestId(`${USER}:${ESME}:77`), deviceGbcsResponse: '3wkCAA==' })],
    ['8.14.1 all optionals', () =>
      rq.chfInstallSuccess(ctx, { chfId: CHF, installType: 'Replacement CHF Install', installDateTime: new Date('2025-06-01T09:30:00Z'), userRefId: 'JOB-4711', mpxn: '1312345678111', gisData: '51.5074,-0.1278', aerialInstall: false, location: 'Indoors on external wall', additionalInformation: 'Fitted next to the meter & fuse <box>' })],
    ['8.14.2 all optionals', () =>
      rq.chfInstallNoSmWan(ctx, { chfId: CHF, installDateTime: '2025-06-01T09:30:00Z', userRefId: 'JOB-4712', mpxn: '1312345678111', gisData: '53.4,-2.2', aerialInstall: true, location: 'Deep indoors', premiseType: 'High Rise Apartment (MDU > 5 floors)', metalObstructionCheck: true, connectivityObstructionCheck: false, sharedObstructionCheck: true, additionalInformation: 'no signal in basement' })],
    ['6.15.1 mandatory only', () => rq.updateSecurityCredentialsKrp(ctx, { target: ESME, remotePartyRole: 'Supplier', replacement: {}, certificationPath: [cert], applyTimeBasedCpvChecks: false })],
    ['6.15.1 from PEM, huge floor seq number', () => rq.updateSecurityCredentialsKrp(ctx, { target: ESME, remotePartyRole: 'LoadController', remotePartyFloorSeqNumber: 9223372036854775807n, replacement: { digitalSigning: pem }, certificationPath: [pem, cert, cert], applyTimeBasedCpvChecks: true })],
    ['6.21', () => rq.requestHandoverOfDccControlledDevice(ctx, { target: GPF, executionDateTime: '2030-01-01T00:00:00Z', remotePartyRole: 'NetworkOperator', replacement: { digitalSigning: cert }, certificationPath: [cert], applyTimeBasedCpvChecks: true })],
    ['6.23 mandatory only', () => rq.updateSecurityCredentialsCos(ctx, { target: ESME, supplierFloorSeqNumber: 12, replacement: { digitalSigning: cert }, certificationPath: [cert], applyTimeBasedCpvChecks: true, importMPxN: '1312345678111' })],
    ['6.24.2 key agreement', () => rq.retrieveDeviceSecurityCredentialsDevice(ctx, { target: ESME, credentialType: 'Key Agreement' })],
    ['3.2 future-dated', () => rq.restrictAccessForChangeOfTenancy(ctx, { target: GSME, restrictionDateTime: new Date('2025-01-01T00:00:00Z'), executionDateTime: new Date('2025-02-01T00:00:00Z') })],
    ['6.8 electricity daily', () => rq.updateDeviceConfigurationBillingCalendar(ctx, { target: ESME, calendar: { fuel: 'electricity', billingTime: '00:00:00Z', period: { every: 'Daily' } } })],
    ['6.8 electricity weekly', () => rq.updateDeviceConfigurationBillingCalendar(ctx, { target: ESME, calendar: { fuel: 'electricity', billingTime: '23:30:00Z', period: { every: 'Weekly', day: 7 } } })],
    ['6.8 electricity yearly', () => rq.updateDeviceConfigurationBillingCalendar(ctx, { target: ESME, calendar: { fuel: 'electricity', billingTime: '00:00:00Z', period: { every: 'Yearly', dayOfMonth: 28, startMonth: 12 } } })],
    ['6.8 gas six-monthly', () => rq.updateDeviceConfigurationBillingCalendar(ctx, { target: GSME, calendar: { fuel: 'gas', billingPeriodStart: new Date('2025-04-01T00:00:00Z'), periodicity: 'SixMonthly' } })],
    ['6.15.2 from PEM', () => rq.updateSecurityCredentialsDevice(ctx, { target: ESME, deviceCertificate: pem })],
  ];
  for (const [name, build] of cases) {
    it(name, () => assertValid(build()));
  }

  it('the validator does reject a builder\'s output once it is broken (the check can fail)', () => {
    const r = rq.readInventory(ctx, { deviceId: ESME });
    assert.equal(validator.validate(r.xml.replace('<sr:ReadInventory>', '<sr:ReadInventory><sr:UPRN>1</sr:UPRN>')).valid, false);
  });
});

describe('request envelopes', () => {
  it('sends non-device requests to the DCC access control broker, with CV 8 and schemaVersion 5.1', () => {
    const r = rq.readInventory(context(), { mpxn: '1312345678111' });
    assert.equal(r.id.target, DCC_ACCESS_CONTROL_BROKER);
    assert.equal(r.commandVariant, 8);
    assert.equal(r.srv, '8.2');
    assert.equal(r.serviceReference, '8.2');
    assert.equal(readXml(r.xml).attrs.schemaVersion, '5.1');
    assert.equal(textAt(readXml(r.xml), 'Header', 'RequestID'), r.requestId);
  });

  it('sends device requests to the target device, its EUI normalised', () => {
    const r = rq.unjoinServiceNonCritical(context(), { target: '00db1234567890a1', otherDeviceId: IHD });
    assert.equal(r.id.target, GSME);
    assert.equal(r.requestId, `${USER}:${GSME}:1000`);
    assert.deepEqual(
      headerOf(r).children.map((c) => [c.local, c.text]),
      [
        ['RequestID', `${USER}:${GSME}:1000`],
        ['CommandVariant', '1'],
        ['ServiceReference', '8.8'],
        ['ServiceReferenceVariant', '8.8.2'],
      ],
    );
  });

  it('defaults critical requests to CV 4 and allows another CV the SRV lists', () => {
    assert.equal(rq.unjoinServiceCritical(context(), { target: ESME, otherDeviceId: IHD }).commandVariant, 4);
    assert.equal(rq.commissionDevice(context(), { target: ESME, currentDateTime: new Date(), tolerancePeriod: 60 }).commandVariant, 4);
    const r = rq.joinServiceNonCritical(context(), { target: GSME, otherDeviceId: IHD }, { commandVariant: 3 });
    assert.equal(r.commandVariant, 3);
    assert.equal(textAt(readXml(r.xml), 'Header', 'CommandVariant'), '3');
  });

  it('refuses a command variant the SRV does not allow', () => {
    assert.throws(() => rq.unjoinServiceNonCritical(context(), { target: GSME, otherDeviceId: IHD }, { commandVariant: 4 }), SrvTableError);
    assert.throws(() => rq.readInventory(context(), { deviceId: ESME }, { commandVariant: 2 }), /CommandVariant 2 is not allowed for SRV 8\.2 \(Read Inventory\); allowed: 8/);
    assert.throws(() => rq.commissionDevice(context(), { target: ESME, currentDateTime: new Date(), tolerancePeriod: 60 }, { commandVariant: 6 }), /allowed: 4, 5/);
  });

  it('draws a higher counter for each request from the same originator, whatever the target', () => {
    const ctx = context(500n);
    const ids = [rq.readInventory(ctx, { deviceId: ESME }), rq.joinServiceCritical(ctx, { target: ESME, otherDeviceId: IHD }), rq.decommissionDevice(ctx, { deviceId: ESME })].map((r) => r.id.counter);
    assert.deepEqual(ids, [500n, 501n, 502n]);
  });

  it('reuses a given RequestID without drawing a counter (a CV 5 follows its CV 4 with the same ID)', () => {
    const ctx = context();
    const transform = rq.joinServiceCritical(ctx, { target: ESME, otherDeviceId: IHD });
    const again = rq.joinServiceCritical(ctx, { target: ESME, otherDeviceId: IHD }, { requestId: transform.requestId, commandVariant: 5 });
    assert.equal(again.requestId, transform.requestId);
    assert.equal(again.commandVariant, 5);
    assert.equal(ctx.counter.lastFor(USER), transform.id.counter);
  });

  it('writes FirstInSequence and PrecedingServiceRequestID in Header order, and a chosen schemaVersion', () => {
    const ctx = { ...context(), schemaVersion: '5.4' };
    const first = rq.readInventory(ctx, { deviceId: ESME }, { firstInSequence: true });
    const second = rq.decommissionDevice(ctx, { deviceId: ESME }, { firstInSequence: false, precedingServiceRequestId: first.requestId });
    assertValid(second);
    assert.deepEqual(headerOf(second).children.map((c) => c.local), ['RequestID', 'FirstInSequence', 'PrecedingServiceRequestID', 'CommandVariant', 'ServiceReference', 'ServiceReferenceVariant']);
    assert.equal(textAt(headerOf(second), 'PrecedingServiceRequestID'), first.requestId);
    assert.equal(readXml(second.xml).attrs.schemaVersion, '5.4');
  });

  it('builds a Header for any SRV the table knows, for requests built elsewhere', () => {
    const h = rq.requestHeader(context(), '7.1', ESME);
    assert.equal(h.fields.serviceReference, '7.1');
    assert.equal(h.fields.commandVariant, 4);
    assert.throws(() => rq.requestHeader(context(), '7.1', undefined), rq.RequestBuildError);
    assert.equal(rq.requestHeader(context(), '5.1', undefined).id.target, DCC_ACCESS_CONTROL_BROKER);
  });

  it('writes compact XML: no whitespace between elements (signing needs it)', () => {
    const r = rq.devicePrenotification(context(), { deviceId: ESME, manufacturer: 'AB01', model: '010A030B', deviceType: 'ESME', esmeVariant: 'A' });
    assert.doesNotMatch(r.xml, />\s+</);
    assert.match(r.xml, /^<\?xml version="1.0" encoding="UTF-8"\?><sr:Request /);
  });

  it('writes the 8.4 choice as the XSD names it, after DeviceID', () => {
    const r = rq.updateInventory(context(), { deviceId: ESME, update: { mpxn: { exportMPAN: '1312345678333' } } });
    const b = bodyChild(r);
    assert.deepEqual(b.children.map((c) => c.local), ['DeviceID', 'UpdateMPxN']);
    assert.deepEqual(childrenNamed(b, 'UpdateMPxN')[0]!.children.map((c) => [c.local, c.text]), [['ExportMPAN', '1312345678333']]);
  });

  it('escapes markup in free text', () => {
    const r = rq.chfInstallSuccess(context(), { chfId: CHF, mpxn: '1', aerialInstall: false, location: 'Deep indoors', additionalInformation: 'a <b> & c' });
    assert.equal(textAt(bodyChild(r), 'AdditionalInformation'), 'a <b> & c');
  });
});

describe('CV 5 signed pre-command', () => {
  it('goes out under its CV 4 request\'s RequestID, SRV and target, and validates', () => {
    const ctx = context();
    const cv4 = rq.unjoinServiceCritical(ctx, { target: ESME, otherDeviceId: IHD });
    assert.equal(cv4.commandVariant, 4);
    const cv5 = rq.signedPreCommand(ctx, { transform: cv4, gbcsPayload: Buffer.from('pre-command') });
    assertValid(cv5);
    assert.equal(cv5.commandVariant, 5);
    assert.equal(cv5.requestId, cv4.requestId);
    assert.equal(cv5.srv, '8.8.1');
    assert.equal(bodyChild(cv5).local, 'SignedPreCommand');
    assert.equal(textAt(bodyChild(cv5), 'GBCSPayload'), Buffer.from('pre-command').toString('base64'));
  });
});
