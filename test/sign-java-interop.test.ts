// Our XMLDSig against DCC's own: the Java signer and validator shipped in @smartdcc/duis-sign-wrap
// (java -cp tool.jar uk.co.smartdcc.boxed.xmldsig.Sign|Validate -, stdin to stdout; exit 0 ok,
// 3 missing key, 10 XSD or signature failure). What we sign, it validates; what it signs, we
// verify; what either side changed after signing, the other refuses. Nothing is skipped: without
// Java these tests fail and say so.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { toolJarPath } from '../schemas/bundled.ts';
import { RequestIdCounter } from '../src/duis/header.ts';
import * as rq from '../src/duis/requests/index.ts';
import { buildDeviceResponse, buildInventoryResponse } from '../src/duis/response-builders.ts';
import { SrvTable } from '../src/duis/srv-table.ts';
import { dccBoxedKeyDir, dccBoxedKeyStore } from '../src/sign/dcc-boxed-keys.ts';
import { DuisSigning } from '../src/sign/duis-signing.ts';
import { DuisValidator } from '../src/validation/validator.ts';
import { rtdsSample } from './helpers.ts';

const validator = await DuisValidator.load();
const table = SrvTable.fromSchemaSet(validator.schemaSet);
const signing = new DuisSigning(await dccBoxedKeyStore());
const keyDir = await dccBoxedKeyDir();
const counter = new RequestIdCounter({ floor: 1 });

const SUPPLIER_A = '90-B3-D5-1F-30-01-00-00';
const SUPPLIER_B = '90-B3-D5-1F-30-03-00-00';
const NETWORK_OPERATOR = '90-B3-D5-1F-30-02-00-00';
const DSP = '90-B3-D5-1F-30-00-00-02';

interface JavaRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function java(tool: 'Sign' | 'Validate', input: string, args: string[] = []): JavaRun {
  const r = spawnSync('java', ['-cp', toolJarPath(), `uk.co.smartdcc.boxed.xmldsig.${tool}`, '-', ...args], { input, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  assert.ok(
    !probe.error && probe.status === 0,
    `Java is not available (${probe.error?.message ?? probe.stderr}): the cross-check against DCC's own XMLDSig tool needs a Java 11+ runtime on PATH (apt-get install -y openjdk-17-jre-headless)`,
  );
});

const ctx = (originator: string) => ({ table, counter, originator });

describe("what we sign, DCC's validator accepts", () => {
  const requests: [string, () => string][] = [
    ['8.2 Read Inventory from Supplier A', () => rq.readInventory(ctx(SUPPLIER_A), { deviceId: '00-DB-5E-00-00-00-00-01' }).xml],
    ['8.7.2 Join from Supplier B (signed with its Z1 key)', () => rq.joinServiceNonCritical(ctx(SUPPLIER_B), { target: '00-DB-5E-00-00-00-00-01', otherDeviceId: '00-DB-5E-00-00-00-00-03' }).xml],
    ['8.2 Read Inventory from the Network Operator', () => rq.readInventory(ctx(NETWORK_OPERATOR), { deviceId: '00-DB-5E-00-00-00-00-01' }).xml],
  ];
  for (const [name, build] of requests) {
    it(`a request: ${name}`, () => {
      const r = java('Validate', signing.signRequest(build()));
      assert.equal(r.status, 0, `Validate exited ${r.status}: ${r.stderr}`);
      assert.match(r.stderr, /passed signature check/);
    });
  }

  it('responses signed as the DSP: an inventory and a device response', () => {
    const at = new Date('2024-06-27T09:00:00Z');
    const inventory = buildInventoryResponse({
      requestId: `${SUPPLIER_A}:${DSP}:7`,
      responseDateTime: at,
      devices: [{ deviceId: '00-DB-5E-00-00-00-00-01', deviceType: 'ESME', deviceStatus: 'Commissioned', deviceManufacturer: 'AB01', deviceModel: '010A030B' }],
    });
    const device = buildDeviceResponse({
      requestId: `${SUPPLIER_A}:00-DB-5E-00-00-00-00-01:8`,
      responseId: `00-DB-5E-00-00-00-00-01:${SUPPLIER_A}:1`,
      responseDateTime: at,
      serviceReference: '8.7',
      serviceReferenceVariant: '8.7.2',
      gbcsPayload: Buffer.from('payload').toString('base64'),
      responseCode: 'I0',
    });
    for (const xml of [inventory, device]) {
      const r = java('Validate', signing.signAs(DSP, xml));
      assert.equal(r.status, 0, `Validate exited ${r.status}: ${r.stderr}`);
      assert.match(r.stderr, /passed signature check/);
    }
  });

  it('but not once a signed element has been changed (exit 10)', () => {
    const signed = signing.signRequest(rq.readInventory(ctx(SUPPLIER_A), { deviceId: '00-DB-5E-00-00-00-00-01' }).xml);
    const r = java('Validate', signed.replace('00-DB-5E-00-00-00-00-01', '00-DB-5E-00-00-00-00-09'));
    assert.equal(r.status, 10, `Validate exited ${r.status}: ${r.stderr}`);
  });
});

describe("what DCC's signer signs, we verify", () => {
  it('requests it signs for Supplier A, Supplier B and the Network Operator, looking the key up from the RequestID', () => {
    for (const originator of [SUPPLIER_A, SUPPLIER_B, NETWORK_OPERATOR]) {
      const unsigned = rq.readInventory(ctx(originator), { deviceId: '00-DB-5E-00-00-00-00-01' }).xml;
      const r = java('Sign', unsigned, ['--preserveCounter']);
      assert.equal(r.status, 0, `Sign exited ${r.status}: ${r.stderr}`);
      const check = signing.checkRequest(r.stdout);
      assert.ok(check.ok, `${originator}: ${JSON.stringify(check)}`);
      assert.equal(check.signer?.id, originator);
    }
  });

  it('RTDS sample requests (indented, schema 5.4) it signs', () => {
    for (const name of ['12.2_DEVICE_PRE_NOTIFICATION_REQUEST_DUIS.XML', '11.1_UPDATE_FIRMWARE_REQUEST_DUIS.XML', '5.2_READ_SCHEDULE_REQUEST_DUIS.XML']) {
      const r = java('Sign', rtdsSample(name), ['--preserveCounter']);
      assert.equal(r.status, 0, `${name}: Sign exited ${r.status}: ${r.stderr}`);
      const check = signing.checkRequest(r.stdout);
      assert.ok(check.ok, `${name}: ${JSON.stringify(check)}`);
    }
  });

  it('a response it signs with the DSP certificate and (PEM) key given as files', () => {
    const response = buildInventoryResponse({ requestId: `${SUPPLIER_A}:${DSP}:9`, responseDateTime: new Date('2024-06-27T09:00:00Z'), devices: [{ deviceId: '00-DB-5E-00-00-00-00-01', deviceType: 'IHD', deviceStatus: 'Pending', deviceManufacturer: 'AB01', deviceModel: '010A030B' }] });
    const r = java('Sign', response, [join(keyDir, 'dsp-xml-sign-90B3D51F30000002-ds.pem'), join(keyDir, 'dsp-xml-sign-90B3D51F30000002-ds.key.pem')]);
    assert.equal(r.status, 0, `Sign exited ${r.status}: ${r.stderr}`);
    const check = signing.checkResponse(r.stdout);
    assert.ok(check.ok, JSON.stringify(check));
    assert.equal(check.signer?.id, DSP);
  });

  it('but not once a signed element has been changed', () => {
    const r = java('Sign', rq.readInventory(ctx(SUPPLIER_A), { deviceId: '00-DB-5E-00-00-00-00-01' }).xml, ['--preserveCounter']);
    assert.equal(r.status, 0);
    const check = signing.checkRequest(r.stdout.replace('00-DB-5E-00-00-00-00-01', '00-DB-5E-00-00-00-00-09'));
    assert.equal(!check.ok && check.problem, 'invalid');
  });

  it('agrees on the digest: the same document gets the same DigestValue from both signers', () => {
    const unsigned = rq.readInventory(ctx(SUPPLIER_A), { deviceId: '00-DB-5E-00-00-00-00-01' }).xml;
    const digest = (xml: string) => /<ds:DigestValue>([^<]+)</.exec(xml)?.[1];
    const theirs = java('Sign', unsigned, ['--preserveCounter']);
    assert.equal(theirs.status, 0);
    assert.equal(digest(signing.signRequest(unsigned)), digest(theirs.stdout));
  });
});
