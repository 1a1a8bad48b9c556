// TLS on the external-target path, with real certificates (made at test time by openssl, see
// tls-pki.ts) and real handshakes: a target file names the CA, the client certificate and key;
// the target factory builds the target from it; a DUIS request goes to a local HTTPS server that
// requires client certificates. Then the reference itself served over HTTPS with mutual TLS
// (`serve --tls-cert --tls-key --tls-ca`) and part of the suite run against it through a target
// file, against the same verdicts as in process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest, createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { acquireTarget, closeRunTargets } from '../steps/support/target-factory.ts';
import { Baseline } from '../src/baseline.ts';
import { buildDeviceResponse } from '../src/duis/response-builders.ts';
import { buildSigning } from '../src/sign/signing-settings.ts';
import type { DuisSigning } from '../src/sign/duis-signing.ts';
import { TargetTransportError, type HttpTarget } from '../src/targets/http-target.ts';
import { loadTargetFile, runSettingsFromTargetFile, TargetFileError } from '../src/targets/target-file.ts';
import type { Target } from '../src/targets/target.ts';
import { UserDirectory } from '../src/users.ts';
import { DuisValidator } from '../src/validation/validator.ts';
import { rtdsSample, tempDir } from './helpers.ts';
import { freePort, ROOT, run, scenarios, serve, verdicts, type Run, type Served } from './suite-process.ts';
import { makeTestPki, type TestPki } from './tls-pki.ts';

const BIN = join(ROOT, 'bin', 'sec-conformance.js');
const DSP = '90-B3-D5-1F-30-00-00-02';
const REQUEST_ID = '90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:1000';

const validator = await DuisValidator.load();
const signing: DuisSigning = await buildSigning();

/** What the HTTPS server saw of one request: the client certificate it was presented and the body. */
interface Seen {
  path: string;
  authorized: boolean;
  clientCn: string | undefined;
  body: string;
}

/** An HTTPS server that requires a client certificate signed by the test CA, answering 200 to any POST. */
async function httpsServer(pki: TestPki): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer(
    { cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey), ca: readFileSync(pki.ca), requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const cn = socket.getPeerCertificate().subject?.CN;
        seen.push({ path: req.url ?? '', authorized: socket.authorized, clientCn: Array.isArray(cn) ? cn[0] : cn, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'Content-Type': 'application/xml' }).end('<answer/>');
      });
    },
  );
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** Write a target file next to the certificates (so its relative paths name them) and build the target as a run would. */
async function targetFrom(pki: TestPki, name: string, content: Record<string, unknown>): Promise<HttpTarget> {
  const file = join(pki.dir, name);
  writeFileSync(file, stringify(content));
  const settings = runSettingsFromTargetFile(loadTargetFile(file), file);
  const lease = await acquireTarget({
    spec: settings.target,
    referenceBaseline: Baseline.all(),
    baseline: Baseline.all(),
    users: new UserDirectory(),
    validator,
    signing,
  });
  return lease.target as Target as HttpTarget;
}

/** DCC's own sample, signed as it comes. */
const signedRequest = (): string => rtdsSample('8.2_READ_INVENTORY_REQUEST_DUIS.XML');

/** The transport error a call failed with (the test fails if it succeeded or threw something else). */
async function transportFailure(p: Promise<unknown>): Promise<TargetTransportError> {
  const e = await p.then(
    () => assert.fail('expected the exchange to fail'),
    (x: unknown) => x,
  );
  assert.ok(e instanceof TargetTransportError, `not a transport error: ${String(e)}`);
  return e;
}

describe('a target file with a CA, a client certificate and key, against an HTTPS server that requires client certificates', () => {
  let pki: TestPki;
  let server: Awaited<ReturnType<typeof httpsServer>>;
  const files = { ca: 'ca.pem', cert: 'client.pem', key: 'client.key' };

  before(async () => {
    pki = makeTestPki(tempDir('sec-conformance-tls-'));
    server = await httpsServer(pki);
  });
  afterEach(async () => {
    await closeRunTargets();
    server.seen.length = 0;
  });
  after(() => server?.close());

  it('connects with the right CA and client certificate: the DUIS request arrives, with the client certificate presented and accepted', async () => {
    const target = await targetFrom(pki, 'good.yaml', { url: server.url, tls: files, receiver: false });
    const reply = await target.post('serviceS', signedRequest());
    assert.equal(reply.status, 200);
    assert.equal(server.seen.length, 1);
    const seen = server.seen[0]!;
    assert.equal(seen.path, '/api/v1/serviceS');
    assert.equal(seen.authorized, true);
    assert.equal(seen.clientCn, pki.clientName);
    assert.ok(seen.body.includes(REQUEST_ID) && seen.body.includes('<ds:SignatureValue>'), 'the signed request went over the wire as sent');
  });

  it("without the CA, or with another CA, fails the handshake with a TLS error naming the URL and saying the server's certificate is not trusted", async () => {
    for (const [name, tls] of [
      ['no-ca.yaml', { cert: files.cert, key: files.key }],
      ['other-ca.yaml', { ...files, ca: 'other-ca.pem' }],
    ] as const) {
      const target = await targetFrom(pki, name, { url: server.url, tls, receiver: false });
      const e = await transportFailure(target.post('serviceS', signedRequest()));
      assert.equal(e.failure, 'tls', name);
      assert.equal(e.url, `${server.url}/api/v1/serviceS`);
      assert.match(e.message, /TLS with 127\.0\.0\.1:\d+ failed: the server's certificate is not trusted: self-signed certificate in certificate chain \[SELF_SIGNED_CERT_IN_CHAIN\]; tls\.ca must name the CA that signed it \(POST https:\/\/127\.0\.0\.1:\d+\/api\/v1\/serviceS\)/, name);
      await closeRunTargets();
    }
    assert.equal(server.seen.length, 0, 'no request got through');
  });

  it('without a client certificate is refused by the server, and the error says a client certificate was wanted', async () => {
    const target = await targetFrom(pki, 'no-client.yaml', { url: server.url, tls: { ca: files.ca }, receiver: false });
    const e = await transportFailure(target.post('serviceS', signedRequest()));
    assert.equal(e.failure, 'tls');
    assert.match(e.message, /TLS with 127\.0\.0\.1:\d+ failed: the server wants a client certificate and none was given \(tls\.cert and tls\.key\): .*certificate required.*\(POST https:\/\/127\.0\.0\.1:\d+\/api\/v1\/serviceS\)/);
    assert.equal(server.seen.length, 0);
  });

  it('with rejectUnauthorized: false and no CA, connects without checking the server (and still presents the client certificate)', async () => {
    const target = await targetFrom(pki, 'unchecked.yaml', { url: server.url, tls: { cert: files.cert, key: files.key, rejectUnauthorized: false }, receiver: false });
    assert.equal((await target.post('serviceS', signedRequest())).status, 200);
    assert.equal(server.seen[0]?.clientCn, pki.clientName);
  });

  it('a TLS file that does not exist stops the target file from loading, naming the field and the file', () => {
    const file = join(pki.dir, 'missing.yaml');
    writeFileSync(file, stringify({ url: server.url, tls: { ca: 'nowhere/ca.pem', cert: files.cert, key: 'client-old.key' } }));
    assert.throws(() => loadTargetFile(file), (e: Error) => {
      assert.ok(e instanceof TargetFileError);
      assert.match(e.message, new RegExp(`tls\\.ca: no such file ${join(pki.dir, 'nowhere', 'ca.pem')}`));
      assert.match(e.message, new RegExp(`tls\\.key: no such file ${join(pki.dir, 'client-old.key')}`));
      assert.doesNotMatch(e.message, /tls\.cert/);
      return true;
    });
    // and `run` says so and stops (exit 2) before anything runs
    const r = spawnSync(process.execPath, [BIN, 'run', '--target-file', file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /target file .*missing\.yaml is not valid:\n {2}- tls\.ca: no such file .*nowhere\/ca\.pem/);
  });

  it('a TLS file that holds the wrong thing is refused when the target is made, naming the field and the file, before any connection', async () => {
    writeFileSync(join(pki.dir, 'not-a-ca.pem'), 'this is no certificate\n');
    const cases: [string, Record<string, string>, RegExp][] = [
      ['bad-ca.yaml', { ...files, ca: 'not-a-ca.pem' }, /bad-ca\.yaml: tls\.ca: .*not-a-ca\.pem holds no PEM certificate/],
      ['bad-cert.yaml', { ...files, cert: 'client.key' }, /bad-cert\.yaml: tls\.cert: .*client\.key is not a PEM certificate/],
      ['bad-key.yaml', { ...files, key: 'server.key' }, /bad-key\.yaml: tls\.key: .*server\.key is not the key of the certificate in .*tls\.cert \(.*client\.pem\)/],
    ];
    for (const [name, tls, expected] of cases) {
      await assert.rejects(targetFrom(pki, name, { url: server.url, tls, receiver: false }), expected);
    }
    assert.equal(server.seen.length, 0);
  });

  it('refuses tls settings in a file whose URLs are all plain http://', () => {
    const file = join(pki.dir, 'plain.yaml');
    writeFileSync(file, stringify({ url: 'http://127.0.0.1:8079', tls: { ca: files.ca } }));
    assert.throws(() => loadTargetFile(file), /tls: applies to https:\/\/ URLs only, and url is http:\/\/127\.0\.0\.1:8079/);
  });
});

/** POST over HTTPS as the DCC would deliver; the status, or the TLS error that stopped it. */
function deliver(url: string, body: string, tls: { ca: Buffer; cert?: Buffer; key?: Buffer }): Promise<number | Error> {
  return new Promise((resolve) => {
    const req = httpsRequest(url, { method: 'POST', headers: { 'Content-Type': 'application/xml' }, ...tls }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', resolve);
    req.end(body);
  });
}

describe("the receiver over HTTPS (target file's receiver.tls)", () => {
  it('serves HTTPS with its certificate, takes a delivery from a sender with a certificate the CA signed, and refuses a sender without one', async () => {
    const pki = makeTestPki(tempDir('sec-conformance-tls-receiver-'));
    const target = await targetFrom(pki, 'receiver.yaml', {
      url: 'https://127.0.0.1:9',
      receiver: { tls: { cert: 'server.pem', key: 'server.key', ca: 'ca.pem' } },
    });
    try {
      assert.match(target.receiverUrl ?? '', /^https:\/\/127\.0\.0\.1:\d+\/smartdcc\/duis$/);
      const requestId = '90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:7';
      const body = signing.signAs(DSP, buildDeviceResponse({ requestId, serviceReference: '8.7', serviceReferenceVariant: '8.7.2', gbcsPayload: 'AAAA', responseDateTime: '2025-04-01T09:00:00Z' }));
      const ca = readFileSync(pki.ca);
      assert.equal(await deliver(target.receiverUrl!, body, { ca, cert: readFileSync(pki.clientCert), key: readFileSync(pki.clientKey) }), 204);
      assert.equal((await target.awaitDelivery(requestId, 1000)).body, body);
      const refused = await deliver(target.receiverUrl!, body, { ca });
      assert.ok(refused instanceof Error, `a sender without a certificate got ${String(refused)}`);
      assert.equal(await target.awaitMessage(() => true, 50).then(() => 'delivered', () => 'nothing'), 'nothing', 'the refused sender delivered nothing');
    } finally {
      await closeRunTargets();
    }
  });
});

describe('the reference served over HTTPS with mutual TLS (serve --tls-*), certified through a target file', () => {
  const dir = tempDir('sec-conformance-tls-serve-');
  const mp178 = join(ROOT, 'features', 'MP178');
  let pki: TestPki;
  let served: Served;
  let receiverPort: number;

  const fileWith = (name: string, tls: Record<string, string>, receiverTls?: Record<string, string>): string => {
    const file = join(pki.dir, name);
    writeFileSync(
      file,
      stringify({
        name: 'reference over HTTPS',
        url: served.url,
        tls,
        receiver: { port: receiverPort, ...(receiverTls ? { tls: receiverTls } : {}) },
        capabilities: 'discover',
        timeouts: { requestMs: 10_000, connectMs: 2_000, deliveryMs: 10_000 },
        baseline: 'all',
      }),
    );
    return file;
  };

  before(async () => {
    pki = makeTestPki(dir);
    receiverPort = await freePort();
    // deliveries go over mutual TLS too: the receiver asks for a client certificate signed by the same CA
    served = await serve(
      ['--control', '--tls-cert', pki.serverCert, '--tls-key', pki.serverKey, '--tls-ca', pki.ca, '--deliver-to', `https://127.0.0.1:${receiverPort}/smartdcc/duis`, '--deliver-ca', pki.ca, '--deliver-cert', pki.clientCert, '--deliver-key', pki.clientKey],
      dir,
    );
  });
  after(async () => {
    await served?.stop();
  });

  it('listens on https://', () => {
    assert.match(served.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('gets the same verdicts for MP178 as the in-process run, every request signed and every reply verified, deliveries over HTTPS', async () => {
    const external: Run = await run(
      ['--target-file', fileWith('mtls.yaml', { ca: 'ca.pem', cert: 'client.pem', key: 'client.key' }, { cert: 'server.pem', key: 'server.key', ca: 'ca.pem' }), mp178],
      join(dir, 'mtls'),
    );
    const inProcess: Run = await run([mp178], join(dir, 'in-process'));
    assert.equal(inProcess.lastLine, '11 passed, 0 failed');
    assert.deepEqual(verdicts(external.report), verdicts(inProcess.report), external.stdout);
    assert.equal(external.lastLine, inProcess.lastLine);
    assert.equal(external.code, 0);
    assert.match(external.report.run.target ?? '', /^external DUIS endpoint https:\/\/127\.0\.0\.1:\d+/);
    const answers = scenarios(external.report).flatMap((s) => s.exchanges).filter((x) => x.direction !== 'request');
    assert.ok(answers.some((x) => x.direction === 'delivery'), 'deliveries came back');
    for (const x of answers) assert.deepEqual(x.signature, { valid: true, signed: true, signer: DSP });
  });

  it('without a client certificate: every scenario is an ERROR saying the server wants one, and the server logs the refused handshake', async () => {
    const r = await run(['--target-file', fileWith('no-client.yaml', { ca: 'ca.pem' }), mp178], join(dir, 'no-client'));
    assert.equal(r.code, 1);
    const all = scenarios(r.report);
    assert.equal(all.length, 11);
    for (const s of all) {
      assert.equal(s.verdict, 'ERROR', s.name);
      assert.match(s.message ?? '', /TLS with 127\.0\.0\.1:\d+ failed: the server wants a client certificate and none was given .*\(GET https:\/\/127\.0\.0\.1:\d+\/control\/capabilities\)/);
    }
    assert.equal(r.lastLine, '0 passed, 11 failed');
    assert.match(readFileSync(join(dir, 'serve.log'), 'utf8'), /gateway: TLS handshake with 127\.0\.0\.1 failed: peer did not return a certificate/);
  });

  it("with another CA: every scenario is an ERROR saying the server's certificate is not trusted", async () => {
    const r = await run(['--target-file', fileWith('other-ca.yaml', { ca: 'other-ca.pem', cert: 'client.pem', key: 'client.key' }), mp178], join(dir, 'other-ca'));
    assert.equal(r.code, 1);
    for (const s of scenarios(r.report)) {
      assert.equal(s.verdict, 'ERROR', s.name);
      assert.match(s.message ?? '', /the server's certificate is not trusted: self-signed certificate in certificate chain/);
    }
    assert.match(readFileSync(join(r.reports, 'junit.xml'), 'utf8'), /<error type="ERROR" message="[^"]*TLS with 127\.0\.0\.1:\d+ failed/);
  });

  it('serve refuses TLS options that cannot work, naming the option and the file (exit 2)', () => {
    const cases: [string[], RegExp][] = [
      [['--tls-ca', pki.ca], /HTTPS needs both --tls-cert and --tls-key \(--tls-ca only adds client certificates\)/],
      [['--tls-cert', join(pki.dir, 'absent.pem'), '--tls-key', pki.serverKey], /--tls-cert: no such file .*absent\.pem/],
      [['--tls-cert', pki.serverCert, '--tls-key', pki.clientKey], /--tls-key: .*client\.key is not the key of the certificate in --tls-cert/],
    ];
    for (const [args, expected] of cases) {
      const r = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, expected);
    }
  });
});
