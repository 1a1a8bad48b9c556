// Requests the reference must refuse: each gets its code in Header/ResponseCode, leaves the whole
// database (SMI, counters, simulated devices) exactly as it was, and the next good request works.
// Requests that get past the User check are signed, so that what is refused is what the case is
// about; the signature cases are the exception.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as rq from '../src/duis/requests/index.ts';
import { parseResponse } from '../src/duis/responses.ts';
import type { ServicePath } from '../src/targets/target.ts';
import type { Assumptions } from '../reference-impl/index.ts';
import { join } from 'node:path';
import { dccBoxedKeyDir } from '../src/sign/dcc-boxed-keys.ts';
import { loadCredential } from '../src/sign/key-store.ts';
import { signXml } from '../src/sign/xmldsig.ts';
import { ESME, IHD, NETWORK_OPERATOR, SUPPLIER_A, SUPPLIER_B, Scenario, installEsmeAndIhd, sign, signing, users, validator } from './reference-fixture.ts';

// Supplier A's Z1 digital signing pair: a real certificate of Supplier A's that DCC Boxed's XML
// signing set (and so the reference) does not hold
const keyDir = await dccBoxedKeyDir();
const unknownToReference = loadCredential({ certificate: join(keyDir, 'Z1-supplier-ds.pem'), key: join(keyDir, 'Z1-supplier-ds.key') });

interface BadCase {
  name: string;
  /** The body to send and where; built fresh against the scenario (counters move on). */
  build(s: Scenario): { path: ServicePath | string; body: string };
  code(a: Assumptions): string;
  /** What the reference's log must give as the reason (codes are shared between checks). */
  reason: RegExp;
  /** Whether the refusal may echo the RequestID (false: the request could not be read). */
  echoesRequestId: boolean;
}

const withCv = (xml: string, cv: number) => xml.replace(/<sr:CommandVariant>\d+<\/sr:CommandVariant>/, `<sr:CommandVariant>${cv}</sr:CommandVariant>`);

const read = (s: Scenario, user = SUPPLIER_A, options?: rq.RequestOptions) => rq.readInventory(s.ctx(user), { deviceId: ESME }, options);

const CASES: BadCase[] = [
  {
    name: 'not well-formed XML',
    reason: /not-well-formed/,
    build: (s) => ({ path: 'serviceD', body: read(s).xml.replace('</sr:Header>', '</sr:Heder>') }),
    code: (a) => a.codes.notWellFormed,
    echoesRequestId: false,
  },
  {
    name: 'a DOCTYPE with an external entity',
    reason: /dtd: .*DOCTYPE/,
    build: (s) => ({
      path: 'serviceD',
      body: read(s).xml.replace('<sr:Request', '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><sr:Request').replace('<sr:DeviceID>', '<sr:DeviceID>&x;'),
    }),
    code: (a) => a.codes.notWellFormed,
    echoesRequestId: false,
  },
  {
    name: 'schema-invalid (an element the XSD does not allow)',
    reason: /schema: .*Surprise/,
    build: (s) => ({ path: 'serviceD', body: read(s).xml.replace('</sr:ReadInventory>', '<sr:Surprise/></sr:ReadInventory>') }),
    code: (a) => a.codes.schemaInvalid,
    echoesRequestId: true,
  },
  {
    name: 'an SRV the XSD does not know',
    reason: /schema: .*ServiceReferenceVariant/,
    build: (s) => ({ path: 'serviceD', body: read(s).xml.replace('<sr:ServiceReferenceVariant>8.2<', '<sr:ServiceReferenceVariant>99.9<') }),
    code: (a) => a.codes.schemaInvalid,
    echoesRequestId: true,
  },
  {
    name: 'an SRV the reference does not implement (8.14.3)',
    reason: /SRV 8\.14\.3 is not implemented/,
    // the header alone names the SRV at that check; the body is any the XSD allows
    build: (s) => ({
      path: 'serviceD',
      body: sign(rq.requestWanMatrix(s.ctx(SUPPLIER_A), { uprn: 100023336956 }).xml.replace(/(<sr:ServiceReference>)12\.1</, '$18.14<').replace(/(<sr:ServiceReferenceVariant>)12\.1</, '$18.14.3<')),
    }),
    code: (a) => a.codes.srvNotSupported,
    echoesRequestId: true,
  },
  {
    name: 'a command variant the SRV does not allow',
    reason: /CommandVariant 2 is not allowed for SRV 8\.2/,
    build: (s) => ({ path: 'serviceD', body: sign(withCv(read(s).xml, 2)) }),
    code: (a) => a.codes.commandVariantNotAllowed,
    echoesRequestId: true,
  },
  {
    name: "a body that is not the SRV's",
    reason: /carries ReadInventory, not DevicePrenotification/,
    build: (s) => {
      const other = rq.devicePrenotification(s.ctx(SUPPLIER_A), { deviceId: '00-DB-5E-00-00-00-00-99', deviceType: 'IHD', manufacturer: 'AB01', model: '01' });
      return { path: 'serviceD', body: sign(other.xml.replace(/(<sr:ServiceReference(Variant)?>)12\.2</g, '$18.2<')) };
    },
    code: (a) => a.codes.srvBodyMismatch,
    echoesRequestId: true,
  },
  {
    name: 'a RequestID counter already used',
    reason: /OriginatorCounter \d+ is not above \d+/,
    build: (s) => {
      const used = s.reference.inspect.snapshot()['smi_originator_counters']!.find((r) => r['originator'] === users.named(SUPPLIER_A).id)!;
      return { path: 'serviceD', body: sign(read(s, SUPPLIER_A, { requestId: `${users.named(SUPPLIER_A).id}:90-B3-D5-1F-30-00-00-02:${used['last_counter']}` }).xml) };
    },
    code: (a) => a.codes.counterNotIncreasing,
    echoesRequestId: true,
  },
  {
    name: 'a RequestID counter lower than the last',
    reason: /OriginatorCounter 0 is not above/,
    build: (s) => ({ path: 'serviceD', body: sign(read(s, SUPPLIER_A, { requestId: `${users.named(SUPPLIER_A).id}:90-B3-D5-1F-30-00-00-02:0` }).xml) }),
    code: (a) => a.codes.counterNotIncreasing,
    echoesRequestId: true,
  },
  {
    name: 'an originator that is not a DCC User',
    reason: /00-11-22-33-44-55-66-77 is not a known DCC User/,
    build: (s) => ({ path: 'serviceD', body: rq.readInventory({ ...s.ctx(SUPPLIER_A), originator: '00-11-22-33-44-55-66-77' }, { deviceId: ESME }).xml }),
    code: (a) => a.codes.unknownUser,
    echoesRequestId: true,
  },
  {
    name: 'a role not eligible for the SRV (Network Operator sends 8.14.1)',
    reason: /Network Operator holds ED; SRV 8\.14\.1 is for IS, GS/,
    build: (s) => ({
      path: 'serviceD',
      body: sign(rq.chfInstallSuccess(s.ctx(NETWORK_OPERATOR), { chfId: ESME, mpxn: '1', aerialInstall: false, location: 'Deep indoors' }).xml),
    }),
    code: (a) => a.codes.roleNotEligible,
    echoesRequestId: true,
  },
  {
    name: 'a body over the size limit',
    reason: /size: .*over the limit/,
    build: (s) => ({ path: 'serviceD', body: read(s).xml.replace('<sr:Request', `<!--${'x'.repeat(validator.maxBytes)}--><sr:Request`) }),
    code: (a) => a.codes.bodyTooLarge,
    echoesRequestId: false,
  },
  {
    name: 'a non-device request on the send-command path',
    reason: /CommandVariant 8 belongs on serviceD, not serviceS/,
    build: (s) => ({ path: 'serviceS', body: sign(read(s).xml) }),
    code: (a) => a.codes.wrongPath,
    echoesRequestId: true,
  },
  {
    name: 'a CV 4 request on serviceS',
    reason: /CommandVariant 4 belongs on serviceT, not serviceS/,
    build: (s) => ({ path: 'serviceS', body: sign(rq.unjoinServiceCritical(s.ctx(SUPPLIER_A), { target: ESME, otherDeviceId: IHD }).xml) }),
    code: (a) => a.codes.wrongPath,
    echoesRequestId: true,
  },
  {
    name: 'a path that is none of the three',
    reason: /serviceX\" is not serviceD, serviceS or serviceT/,
    build: (s) => ({ path: '/api/v1/serviceX', body: sign(read(s).xml) }),
    code: (a) => a.codes.wrongPath,
    echoesRequestId: true,
  },
  {
    name: 'a non-device request to a device instead of the access control broker',
    reason: /a non-device request goes to 90-B3-D5-1F-30-00-00-02, not 00-DB-5E-00-00-00-00-01/,
    build: (s) => ({ path: 'serviceD', body: sign(read(s, SUPPLIER_A, { requestId: `${users.named(SUPPLIER_A).id}:${ESME}:${BigInt(Date.UTC(2030, 0)) * 1000n}` }).xml) }),
    code: (a) => a.codes.wrongBusinessTarget,
    echoesRequestId: true,
  },
  {
    name: 'a device request to a device the SMI does not hold',
    reason: /device 00-DB-5E-00-00-00-0F-FF is not in the SMI/,
    build: (s) => ({ path: 'serviceS', body: sign(rq.joinServiceNonCritical(s.ctx(SUPPLIER_A), { target: '00-DB-5E-00-00-00-0F-FF', otherDeviceId: IHD }).xml) }),
    code: (a) => a.codes.unknownDevice,
    echoesRequestId: true,
  },
  {
    name: 'an unsigned request',
    reason: /signature: the document is not signed/,
    build: (s) => ({ path: 'serviceD', body: read(s).xml }),
    code: (a) => a.codes.signatureMissing,
    echoesRequestId: true,
  },
  {
    name: 'a request changed after it was signed',
    reason: /signature: the digest of the document does not match/,
    build: (s) => ({ path: 'serviceD', body: sign(read(s).xml).replace(ESME, IHD) }),
    code: (a) => a.codes.signatureInvalid,
    echoesRequestId: true,
  },
  {
    name: 'a request signed with a certificate the DSP does not hold',
    reason: /signature: signed with a certificate we do not know/,
    build: (s) => ({ path: 'serviceD', body: signXml(read(s).xml, unknownToReference) }),
    code: (a) => a.codes.signerUnknown,
    echoesRequestId: true,
  },
  {
    name: "a request from Supplier A signed with Supplier B's key",
    reason: /signature: signed with 90-B3-D5-1F-30-03-00-00's certificate .* but the request comes from 90-B3-D5-1F-30-01-00-00/,
    build: (s) => ({ path: 'serviceD', body: signing.signAs(users.named(SUPPLIER_B).id, read(s).xml) }),
    code: (a) => a.codes.signerNotOriginator,
    echoesRequestId: true,
  },
  {
    name: 'a DUIS Response posted as a request',
    reason: /not a DUIS request/,
    build: () => ({
      path: 'serviceD',
      body: '<?xml version="1.0"?><sr:Response xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.1"><sr:Header><sr:ResponseCode>I0</sr:ResponseCode><sr:ResponseDateTime>2024-01-01T00:00:00Z</sr:ResponseDateTime></sr:Header><sr:Body><sr:ResponseMessage><sr:ServiceReference>8.2</sr:ServiceReference><sr:ServiceReferenceVariant>8.2</sr:ServiceReferenceVariant></sr:ResponseMessage></sr:Body></sr:Response>',
    }),
    code: (a) => a.codes.unreadableRequest,
    echoesRequestId: false,
  },
];

describe('reference: bad input is refused with its code and changes nothing', () => {
  let s: Scenario;
  before(async () => {
    s = new Scenario('all');
    await installEsmeAndIhd(s);
    await s.reference.whenIdle();
  });
  after(async () => {
    await s.close();
  });

  for (const c of CASES) {
    it(`refuses ${c.name}`, async () => {
      const { path, body } = c.build(s);
      const snapshot = s.reference.inspect.snapshot();
      const reply = await s.target.reference.handle(path, body);
      const v = validator.validate(reply.body);
      assert.deepEqual(v.errors, [], `the refusal is not valid DUIS:\n${reply.body}`);
      const r = parseResponse(reply.body);
      assert.equal(r.header.responseCode, c.code(s.reference.assumptions), `response code for ${c.name}`);
      assert.equal(reply.status, 200);
      assert.match(s.log.at(-1) ?? '', c.reason, 'the refusal was for another reason');
      if (!c.echoesRequestId) assert.equal(r.header.requestId, undefined, 'an unreadable request gets a Response without RequestID');
      else assert.ok(r.header.requestId, 'a readable request has its RequestID echoed');
      await s.reference.whenIdle();
      assert.deepEqual(s.reference.inspect.snapshot(), snapshot, 'the database changed');

      // and the next good request still works
      const good = await s.send(read(s));
      assert.equal(good.code, 'I0');
    });
  }

  it('does not consume the OriginatorCounter of a refused request: the same RequestID is accepted when sent right', async () => {
    const req = read(s);
    const bad = await s.post('serviceS', sign(req.xml));
    assert.equal(bad.code, s.reference.assumptions.codes.wrongPath);
    const good = await s.post('serviceD', sign(req.xml));
    assert.equal(good.code, 'I0');
  });
});

describe('reference: the signature check is one switch (rules.checkRequestSignatures)', () => {
  it('a DSP built with it off ("signature not checked") takes an unsigned request that the real one refuses', async () => {
    const faulty = new Scenario('all', { rules: { checkRequestSignatures: false } });
    const real = new Scenario('all');
    try {
      const unsigned = (s: Scenario) => rq.readInventory(s.ctx(SUPPLIER_A), { deviceId: ESME }).xml;
      assert.equal((await real.post('serviceD', unsigned(real))).code, real.reference.assumptions.codes.signatureMissing);
      assert.equal((await faulty.post('serviceD', unsigned(faulty))).code, faulty.reference.assumptions.codes.readInventoryNotFound);
    } finally {
      await faulty.close();
      await real.close();
    }
  });
});
