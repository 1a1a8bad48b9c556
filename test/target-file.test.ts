// Target files: what they accept, what they refuse (and how clearly), how they become run
// settings; the fixture pool of an endpoint that cannot be reset; and the receiver of an external
// target refusing deliveries whose signature does not verify.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { settingsFromOptions } from '../src/cli/run-command.ts';
import { buildDeviceResponse } from '../src/duis/response-builders.ts';
import { dccBoxedKeyStore } from '../src/sign/dcc-boxed-keys.ts';
import { DuisSigning } from '../src/sign/duis-signing.ts';
import { FixturePool, FixturesExhaustedError } from '../src/targets/fixtures.ts';
import { externalHttpTarget } from '../src/targets/http-target.ts';
import { InvalidDeliveryError } from '../src/targets/receiver.ts';
import { loadTargetFile, runSettingsFromTargetFile, TargetFileError } from '../src/targets/target-file.ts';
import { DuisValidator } from '../src/validation/validator.ts';
import { tempDir } from './helpers.ts';

const ROOT = new URL('..', import.meta.url).pathname;

function file(content: unknown, name = 'target.yaml'): string {
  const dir = tempDir();
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : stringify(content));
  return path;
}

const FULL = {
  name: 'DCC Boxed in the lab',
  url: 'https://dcc-boxed.lab:8079/duis',
  paths: { serviceD: '/api/v1/serviceD' },
  headers: { 'X-Api-Key': 'k' },
  tls: { ca: 'ca.pem', cert: 'client.pem', key: 'client.key' },
  timeouts: { requestMs: 20_000, connectMs: 3_000, deliveryMs: 60_000, settleMs: 5_000 },
  receiver: { host: '0.0.0.0', port: 8081, path: '/smartdcc/duis' },
  users: [{ name: 'Supplier A', id: '90-B3-D5-1F-30-01-00-00', roles: ['IS', 'GS'], certificate: 'keys/a.pem', key: 'keys/a.key' }],
  signing: { dccSigners: ['90-B3-D5-1F-30-00-00-02'], requireSignedResponses: false },
  fixtures: {
    commsHubs: [{ chf: '00-DB-12-34-56-78-00-01', gpf: '00-DB-12-34-56-78-00-02' }],
    devices: [{ type: 'ESME', id: '00-DB-12-34-56-78-00-03' }],
  },
  baseline: 'all,-MP178',
  capabilities: ['fault-injection'],
  control: { url: 'https://dcc-boxed.lab:8080/control' },
  knownDeviations: 'deviations.yaml',
  codes: { roleNotEligible: 'E7' },
};

describe('target file', () => {
  it('reads every key and makes file paths relative to the file', () => {
    const path = file(FULL);
    const dir = join(path, '..');
    // TLS files must exist for the file to load (what they hold is checked when the target is made)
    for (const f of ['ca.pem', 'client.pem', 'client.key']) writeFileSync(join(dir, f), '');
    const tf = loadTargetFile(path);
    assert.equal(tf.tls?.ca, join(dir, 'ca.pem'));
    assert.equal(tf.users?.[0]?.certificate, join(dir, 'keys/a.pem'));
    assert.equal(tf.knownDeviations, join(dir, 'deviations.yaml'));
    const s = runSettingsFromTargetFile(tf, path);
    assert.equal(s.target.kind, 'external');
    assert.equal(s.target.url, FULL.url);
    assert.equal(s.target.file, path);
    assert.deepEqual(s.target.options, {
      name: 'DCC Boxed in the lab',
      paths: FULL.paths,
      headers: FULL.headers,
      tls: { ca: join(dir, 'ca.pem'), cert: join(dir, 'client.pem'), key: join(dir, 'client.key') },
      timeoutMs: 20_000,
      connectTimeoutMs: 3_000,
      capabilities: ['fault-injection'],
      controlUrl: FULL.control.url,
      receiver: FULL.receiver,
      fixtures: FULL.fixtures,
    });
    assert.equal(s.baseline, 'all,-MP178');
    assert.equal(s.deliveryTimeoutMs, 60_000);
    assert.equal(s.settleMs, 5_000);
    assert.deepEqual(s.codes, { roleNotEligible: 'E7' });
    // the User's own certificate signs for it, ahead of anything else
    assert.deepEqual(s.signing?.credentials, [{ id: '90-B3-D5-1F-30-01-00-00', certificate: join(dir, 'keys/a.pem'), key: join(dir, 'keys/a.key') }]);
    assert.equal(s.signing?.requireSignedResponses, false);
  });

  it('needs only a URL; then a receiver on an ephemeral port, no capabilities, the default Users and keys', () => {
    const s = runSettingsFromTargetFile(loadTargetFile(file('url: http://127.0.0.1:8079\n')), 'x');
    assert.deepEqual(s.target.options, { name: 'external (http://127.0.0.1:8079)', capabilities: [], receiver: {} });
    assert.equal(s.users, undefined);
    assert.equal(s.signing, undefined);
  });

  it('lists every problem with where it is: unknown keys, bad URL, EUIs, roles, capabilities, a key without its certificate', () => {
    const bad = {
      url: 'ftp://x',
      capabilites: ['ssi'],
      users: [{ name: 'S', id: '90-B3', roles: ['XX'], key: 'k.key' }],
      capabilities: ['telepathy'],
      tls: { cert: 'c.pem' },
      timeouts: { requestMs: -1 },
    };
    assert.throws(() => loadTargetFile(file(bad)), (e: Error) => {
      assert.ok(e instanceof TargetFileError);
      for (const m of [
        /\(top level\): unknown key "capabilites"/,
        /url: "ftp:\/\/x" does not look right \(an http:\/\/ or https:\/\/ URL/,
        /users\.0\.id: "90-B3" does not look right \(an EUI-64/,
        /users\.0\.roles\.0: must be one of "IS", "ES"/,
        /users\.0: must have property certificate when property key is present/,
        /capabilities/,
        /tls: must have property key when property cert is present/,
        /timeouts\.requestMs: must be >= 1/,
      ]) {
        assert.match(e.message, m);
      }
      return true;
    });
  });

  it('refuses an unknown modification in the baseline and a fixture listed twice', () => {
    const dup = { url: 'http://x', baseline: 'MP999', fixtures: { commsHubs: [{ chf: '00-DB-12-34-56-78-00-01', gpf: '00-DB-12-34-56-78-00-01' }] } };
    assert.throws(() => loadTargetFile(file(dup)), /baseline: unknown modification "MP999"[\s\S]*fixtures\.commsHubs\.0\.gpf: 00-DB-12-34-56-78-00-01 is listed twice \(also at fixtures\.commsHubs\.0\.chf\)/);
  });

  it('is neither JSON nor YAML: says so and names the file', () => {
    assert.throws(() => loadTargetFile(file('url: [unclosed', 't.yaml')), /target file .*t\.yaml is neither JSON nor YAML/);
  });

  it('goes with run: the file gives baseline and deviations, the command line wins, and --target with --target-file is refused', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'dev.yaml'), 'deviations: []\n');
    const path = join(dir, 't.yaml');
    writeFileSync(path, stringify({ url: 'http://127.0.0.1:1', baseline: 'none', knownDeviations: 'dev.yaml' }));
    const s = settingsFromOptions([], { targetFile: path });
    assert.equal(s.baseline, 'none');
    assert.equal(s.knownDeviations, join(dir, 'dev.yaml'));
    assert.equal(settingsFromOptions([], { targetFile: path, baseline: 'all' }).baseline, 'all');
    assert.throws(() => settingsFromOptions([], { targetFile: path, target: 'ref' }), /either --target or --target-file/);
    const r = spawnSync(process.execPath, ['bin/sec-conformance.js', 'run', '--target-file', file({ url: 'http://x', bogus: 1 })], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown key "bogus"/);
  });
});

describe('keys file on the command line', () => {
  it('serve and run refuse a keys file that breaks the schema, naming the problem (exit 2)', () => {
    const bad = file('credentials:\n  - key: only-a-key.key\n', 'keys.yaml');
    for (const cmd of [['serve', '--port', '0'], ['run']]) {
      const r = spawnSync(process.execPath, ['bin/sec-conformance.js', ...cmd, '--keys', bad], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 2, `${cmd[0]}: ${r.stderr}`);
      assert.match(r.stderr, /keys file .*keys\.yaml is not valid:\n {2}- credentials\.0: missing "certificate"/);
    }
  });
});

describe('fixture pool', () => {
  it('hands out each fixture once, by status and type, and says plainly when a kind has run out', () => {
    const pool = new FixturePool(
      {
        commsHubs: [
          { chf: 'C1', gpf: 'G1' },
          { chf: 'C2', gpf: 'G2', status: 'InstalledNotCommissioned' },
        ],
        devices: [
          { type: 'ESME', id: 'E1' },
          { type: 'ESME', id: 'E2', status: 'Commissioned' },
          { type: 'IHD', id: 'I1' },
        ],
      },
      'lab.yaml',
    );
    assert.deepEqual(pool.takeCommsHub(), { chf: 'C1', gpf: 'G1' });
    assert.throws(() => pool.takeCommsHub(), (e: Error) => e instanceof FixturesExhaustedError && /no more Communications Hub fixtures with status Pending in lab\.yaml \(1 used/.test(e.message));
    assert.deepEqual(pool.takeCommsHub('InstalledNotCommissioned'), { chf: 'C2', gpf: 'G2' });
    assert.equal(pool.takeDevice('ESME'), 'E1');
    assert.equal(pool.takeDevice('ESME', 'Commissioned'), 'E2');
    assert.throws(() => pool.takeDevice('ESME'), /no more ESME fixtures not yet in the SMI/);
    assert.equal(pool.takeDevice('IHD'), 'I1');
  });

  it('backs an external target\'s control: provisionCommsHub and deviceFixture come from the file', async () => {
    const validator = await DuisValidator.load();
    const t = await externalHttpTarget({
      url: 'http://127.0.0.1:9',
      fixtures: new FixturePool({ commsHubs: [{ chf: 'C1', gpf: 'G1' }], devices: [{ type: 'GSME', id: 'D1' }] }),
      receiver: { validator },
    });
    try {
      assert.deepEqual(await t.control.provisionCommsHub!(), { chf: 'C1', gpf: 'G1' });
      assert.equal(await t.control.deviceFixture!('GSME'), 'D1');
      assert.equal(t.capabilities.size, 0, 'fixtures are not the inventory-fixtures capability');
    } finally {
      await t.close();
    }
  });
});

describe("an external target's receiver", () => {
  it('answers 204 to a delivery signed by the DCC and 400 to one whose signature does not verify, failing the step waiting for it', async () => {
    const validator = await DuisValidator.load();
    const signing = new DuisSigning(await dccBoxedKeyStore());
    const t = await externalHttpTarget({
      url: 'http://127.0.0.1:9',
      receiver: { validator, log: () => {}, verify: (xml) => { const r = signing.checkResponse(xml); return r.ok ? undefined : `signature: ${r.reason}`; } },
    });
    const delivery = (n: number) =>
      buildDeviceResponse({ requestId: `90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:${n}`, serviceReference: '8.7', serviceReferenceVariant: '8.7.2', gbcsPayload: 'AAAA', responseDateTime: '2025-04-01T09:00:00Z' });
    const post = (body: string) => fetch(t.receiverUrl!, { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body });
    try {
      assert.equal((await post(signing.signAs('90-B3-D5-1F-30-00-00-02', delivery(1)))).status, 204);
      assert.ok((await t.awaitDelivery('90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1', 1000)).body.includes('<ds:Signature'));
      // settled as soon as the refusal arrives; caught here so it is never an unhandled rejection
      const waiting = t.awaitDelivery('90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:2', 5000).then(() => undefined, (e: Error) => e);
      const tampered = signing.signAs('90-B3-D5-1F-30-00-00-02', delivery(2)).replace('AAAA', 'BBBB');
      const refused = await post(tampered);
      assert.equal(refused.status, 400);
      assert.match(await refused.text(), /signature: the digest of the document does not match/);
      const e = await waiting;
      assert.ok(e instanceof InvalidDeliveryError && /refused with 400: signature/.test(e.message), String(e));
      // signed by a User, not the DCC
      const byUser = await post(signing.signAs('90-B3-D5-1F-30-01-00-00', delivery(3)));
      assert.equal(byUser.status, 400);
      assert.match(await byUser.text(), /not by the DCC/);
    } finally {
      await t.close();
    }
  });
});
