// The controls MP125 and MP081 added, over HTTP as 'ref-http' uses them: the same answers as in
// process, bad arguments refused with 400 and no change, and an external target told its
// coverage data offering 'wan-coverage-data'.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Baseline } from '../src/baseline.ts';
import { RequestIdCounter } from '../src/duis/header.ts';
import * as rq from '../src/duis/requests/index.ts';
import { parseResponse } from '../src/duis/responses.ts';
import { SrvTable } from '../src/duis/srv-table.ts';
import { externalHttpTarget, referenceOverHttp, type HttpTarget } from '../src/targets/http-target.ts';
import { servicePathFor } from '../src/targets/target.ts';
import { withWanCoverage } from '../src/targets/with-wan-coverage.ts';
import { dccBoxedKeyStore } from '../src/sign/dcc-boxed-keys.ts';
import { DuisSigning } from '../src/sign/duis-signing.ts';
import { DEFAULT_USERS } from '../src/users.ts';
import { DEFAULT_WAN_COVERAGE_FILE, loadWanCoverageFile } from '../src/wan-coverage.ts';
import { DuisValidator } from '../src/validation/validator.ts';

const validator = await DuisValidator.load();
const signing = new DuisSigning(await dccBoxedKeyStore());
const table = SrvTable.fromSchemaSet(validator.schemaSet);
const supplierA = DEFAULT_USERS[0]!;
const ctx = { table, counter: new RequestIdCounter({ floor: 1 }), originator: supplierA.id };
const MPAN = '1900000000014';
const ESME = '00-DB-5E-00-00-00-00-11';

async function call(base: string, path: string, init: RequestInit = {}): Promise<{ status: number; json: unknown }> {
  const r = await fetch(new URL(path, base), init);
  const text = await r.text();
  return { status: r.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('reference controls over HTTP: local delivery, certificates, coverage, SMETS1 enrolment', () => {
  let target: HttpTarget;
  const send = async (req: rq.DuisRequest) => {
    const reply = await target.post(servicePathFor(req.commandVariant), signing.signRequest(req.xml));
    assert.deepEqual(validator.validate(reply.body).errors, [], reply.body);
    return parseResponse(reply.body);
  };
  const ok = async (req: rq.DuisRequest) => {
    const code = (await send(req)).header.responseCode;
    assert.ok(code === 'I0' || code === 'I99', `${req.srv}: ${code}`);
    if (code === 'I99' && !table.isNonDevice(req.srv)) assert.equal(parseResponse((await target.awaitDelivery(req.requestId, 2_000)).body).header.responseCode, 'I0');
  };

  before(async () => {
    target = await referenceOverHttp({ baseline: Baseline.all(), validator, log: () => {} });
  });
  after(() => target.close());

  it('offers local-delivery and wan-coverage-data besides the earlier capabilities', () => {
    assert.ok(target.capabilities.has('local-delivery'));
    assert.ok(target.capabilities.has('wan-coverage-data'));
    assert.ok(target.capabilities.has('firmware-images'));
  });

  it('gives the coverage data the reference answers 12.1 from', async () => {
    assert.deepEqual(await target.control.wanCoverage!(), loadWanCoverageFile(DEFAULT_WAN_COVERAGE_FILE));
  });

  it('carries a local command to the device and back, and refuses bad arguments with 400', async () => {
    const hub = await target.control.provisionCommsHub!({ status: 'Pending', gpfStatus: 'Pending' });
    await ok(rq.chfInstallSuccess(ctx, { chfId: hub.chf, mpxn: MPAN, aerialInstall: false, location: 'Outside Premises', installDateTime: new Date() }));
    await ok(rq.devicePrenotification(ctx, { deviceId: ESME, deviceType: 'ESME', manufacturer: 'AB01', model: '01', esmeVariant: 'A' }));
    const add = rq.updateHanDeviceLog(ctx, { target: hub.chf, deviceId: ESME, action: 'Add', whitelist: { joinTimePeriod: 600, installCode: '0123456789ABCDEF0123456789ABCDEF' } }, { commandVariant: 2 });
    const r = await send(add);
    assert.ok(r.body.type === 'ResponseMessage' && r.body.content.kind === 'LocalCommand');
    const response = await target.control.deliverLocalCommand!(hub.chf, r.body.content.gbcsPayload);
    assert.ok(response);
    assert.deepEqual(await target.control.deviceLog!(hub.chf), [ESME]);
    await ok(rq.returnLocalCommandResponse(ctx, { originalRequestId: add.requestId, deviceGbcsResponse: response }));

    for (const bad of [{}, { deviceId: hub.chf }, { deviceId: hub.chf, gbcsPayload: 7 }]) {
      assert.equal((await call(target.url, '/control/local-deliveries', post(bad))).status, 400, JSON.stringify(bad));
    }
    // a payload that is no local command: the control fails, saying so
    const notLocal = await call(target.url, '/control/local-deliveries', post({ deviceId: hub.chf, gbcsPayload: 'AAAA' }));
    assert.equal(notLocal.status, 500);
    assert.match((notLocal.json as { error: string }).error, /not a local command/);
  });

  it('shows and renews device certificates, and shows tracked Organisation Certificates', async () => {
    const before = await target.control.deviceCredentials!(ESME);
    assert.deepEqual(before.inventory, before.device);
    await target.control.renewDeviceCertificate!(ESME, 'Key Agreement');
    const after = await target.control.deviceCredentials!(ESME);
    assert.notEqual(after.device['Key Agreement'], before.device['Key Agreement']);
    assert.equal(after.smkiRepository['Key Agreement'], before.smkiRepository['Key Agreement']);
    assert.deepEqual(await target.control.trackedOrgCertificates!(ESME), []);
    assert.equal((await call(target.url, '/control/credential-renewals', post({ deviceId: ESME }))).status, 400);
    assert.equal((await call(target.url, `/control/devices/${ESME}/credentials`, post({}))).status, 405);
  });

  it('shows a device\'s settings, the DCC\'s device records and a firmware image over HTTP, as in-process', async () => {
    const image = await target.control.firmwareImage!(ESME);
    assert.match(image.hash, /^[0-9A-F]{64}$/);
    assert.notEqual(image.firmwareVersion, undefined);
    // 3.2 over the WAN: the device holds the restriction, and the DCC records it
    await ok(rq.restrictAccessForChangeOfTenancy(ctx, { target: ESME, restrictionDateTime: '2024-01-01T00:00:00Z' }));
    assert.deepEqual(await target.control.dccDeviceRecords!(ESME), { 'access-restricted-from': '2024-01-01T00:00:00Z' });
    assert.equal((await target.control.deviceSettings!(ESME))['access-restricted-from'], '2024-01-01T00:00:00Z');
    assert.equal((await call(target.url, `/control/devices/${ESME}/settings`, post({}))).status, 405);
    assert.equal((await call(target.url, '/control/devices/00-DB-5E-00-00-00-0F-FF/firmware-image', { method: 'GET' })).status, 500);
  });

  it('enrols a SMETS1 device, and refuses an enrolment without its Responsible Supplier', async () => {
    const { deviceId } = await target.control.enrolSmets1Device!({ deviceType: 'ESME', responsibleSupplier: supplierA.id, esmeVariant: 'B' });
    const r = await send(rq.readInventory(ctx, { deviceId }));
    assert.ok(r.body.type === 'ResponseMessage' && r.body.content.kind === 'DSPInventory');
    assert.equal(r.body.content.devices[0]?.cspRegion, 'SMETS1');
    assert.equal((await call(target.url, '/control/smets1-devices', post({ deviceType: 'ESME' }))).status, 400);
  });
});

describe('an external target told its coverage data', () => {
  it('offers wan-coverage-data and gives the data back; a bad file is refused', async () => {
    const bare = await externalHttpTarget({ url: 'http://127.0.0.1:9', receiver: false });
    const told = withWanCoverage(bare, [{ uprn: '5', cspRegion: 'South', coverageAvailability: true, wanVariant: 'Cellular', connectivityLikelihood: 'High' }]);
    try {
      assert.ok(!bare.capabilities.has('wan-coverage-data'));
      assert.ok(told.capabilities.has('wan-coverage-data'));
      assert.equal((await told.control.wanCoverage!())[0]?.wanVariant, 'Cellular');
      assert.throws(() => withWanCoverage(bare, [{ uprn: '5', cspRegion: 'North', coverageAvailability: true, wanVariant: 'Cellular', connectivityLikelihood: 'High' }]), /belongs to CSP South & Central, not North/);
    } finally {
      await told.close();
    }
  });
});
