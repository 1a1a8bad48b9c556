// `sec-conformance serve` as users run it: a real child process through bin/, talked to over
// HTTP, stopped with signals, restarted on the same database.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RequestIdCounter } from '../src/duis/header.ts';
import { devicePrenotification, readInventory, type RequestContext } from '../src/duis/requests/index.ts';
import { isSuccess, parseResponse } from '../src/duis/responses.ts';
import { SrvTable } from '../src/duis/srv-table.ts';
import { DuisValidator } from '../src/validation/validator.ts';
import { dccBoxedKeyStore } from '../src/sign/dcc-boxed-keys.ts';
import { DuisSigning } from '../src/sign/duis-signing.ts';
import { tempDir } from './helpers.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'sec-conformance.js');
const REFERENCE_READY = existsSync(join(ROOT, 'reference-impl', 'index.ts'));
const NEEDS_REFERENCE = REFERENCE_READY ? {} : { skip: 'reference-impl/index.ts (the reference DSP) is not there yet' };

interface Served {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

/** Start `serve` (or the stub-backed script), resolving once it prints its URL. */
function startServe(args: string[], command: string[] = [BIN, 'serve', '--port', '0']): Promise<Served> {
  const child = spawn(process.execPath, [...command, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve printed no URL within 30 s; stderr:\n${err}`));
    }, 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^listening on (http:\/\/\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, url: m[1]!, stderr: () => err });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening; stderr:\n${err}`));
    });
  });
}

/** Send a signal and wait for the exit code. */
function stopServe(s: Served, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((done) => {
    if (s.child.exitCode !== null) return done(s.child.exitCode);
    const timer = setTimeout(() => s.child.kill('SIGKILL'), 10_000);
    s.child.once('exit', (code) => {
      clearTimeout(timer);
      done(code);
    });
    s.child.kill(signal);
  });
}

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

async function postDuis(url: string, service: string, xml: string): Promise<{ status: number; body: string }> {
  const r = await fetch(`${url}/api/v1/${service}`, { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: xml });
  return { status: r.status, body: await r.text() };
}

describe('sec-conformance serve: usage', { concurrency: true }, () => {
  it('lists its options in --help', async () => {
    const r = await cli(['serve', '--help']);
    assert.equal(r.code, 0);
    for (const opt of ['--port', '--host', '--db', '--baseline', '--deliver-to', '--control', '--schema-dir', '--max-bytes']) {
      assert.ok(r.stdout.includes(opt), `${opt} missing from help`);
    }
  });

  it('refuses a bad baseline, delivery URL or port with exit 2 and no stack', async () => {
    for (const [args, message] of [
      [['--baseline', 'MP999'], /unknown modification "MP999"/],
      [['--deliver-to', 'ftp://x'], /--deliver-to "ftp:\/\/x" is not an http\(s\) URL/],
      [['--port', '70000'], /expected a port number/],
      [['--max-bytes', '0'], /at least 1/],
      [['--deliver-to', 'http://127.0.0.1:9/x', '--deliver-ca', 'ca.pem'], /need an https --deliver-to/],
      [['--deliver-to', 'https://127.0.0.1:9/x', '--deliver-cert', 'c.pem'], /needs both --deliver-cert and --deliver-key/],
      [['--deliver-to', 'https://127.0.0.1:9/x', '--deliver-ca', '/nowhere/ca.pem'], /--deliver-ca: no such file \/nowhere\/ca\.pem/],
    ] as const) {
      const r = await cli(['serve', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/);
    }
  });
});

describe('sec-conformance serve: lifecycle (stub reference)', { concurrency: true }, () => {
  const STUB = ['--import', 'tsx', join(ROOT, 'test', 'gateway-serve-stub.ts')];
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`serves DUIS and the controls, and on ${signal} closes the reference and exits 0`, async () => {
      const s = await startServe([], STUB);
      try {
        assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+$/);
        const r = await postDuis(s.url, 'serviceD', '<x/>');
        assert.equal(r.status, 200);
        assert.match(r.body, /I99/);
        assert.equal((await fetch(`${s.url}/control/capabilities`)).status, 200);
      } finally {
        const code = await stopServe(s, signal);
        assert.equal(code, 0, s.stderr());
      }
      assert.match(s.stderr(), new RegExp(`${signal}: closing`));
      assert.match(s.stderr(), /stub reference closed\nrunServe returned/);
    });
  }
});

describe('sec-conformance serve: the real reference', NEEDS_REFERENCE, () => {
  const USER = '90-B3-D5-1F-30-01-00-00';
  const DEVICE = '00-DB-12-34-56-78-90-E1';

  it('answers DUIS over HTTP, stops cleanly on SIGTERM and SIGINT, and keeps its data across a restart', { timeout: 120_000 }, async () => {
    const validator = await DuisValidator.load();
    // the reference refuses unsigned requests: sign as DCC Boxed's Supplier A
    const signing = new DuisSigning(await dccBoxedKeyStore());
    const ctx: RequestContext = { table: SrvTable.fromSchemaSet(validator.schemaSet), counter: new RequestIdCounter(), originator: USER };
    const db = join(tempDir(), 'reference.db');

    const first = await startServe(['--db', db, '--control']);
    try {
      assert.match(first.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const pre = devicePrenotification(ctx, { deviceId: DEVICE, manufacturer: 'AB01', model: '010A030B', deviceType: 'ESME', esmeVariant: 'A' });
      const r = await postDuis(first.url, 'serviceD', signing.signRequest(pre.xml));
      assert.equal(r.status, 200, r.body);
      assert.equal(validator.validate(r.body).valid, true, r.body);
      const code = parseResponse(r.body).header.responseCode;
      assert.ok(isSuccess(code), `12.2 answered ${code}: ${r.body}`);
      // the controls are on: the HTTP reference offers what the in-process one does
      const caps = await fetch(`${first.url}/control/capabilities`);
      assert.equal(caps.status, 200);
    } finally {
      assert.equal(await stopServe(first, 'SIGTERM'), 0, first.stderr());
    }

    const second = await startServe(['--db', db]);
    try {
      const read = readInventory(ctx, { deviceId: DEVICE });
      const r = await postDuis(second.url, 'serviceD', signing.signRequest(read.xml));
      assert.ok(signing.checkResponse(r.body).ok, 'the reply is signed by the DSP');
      assert.equal(r.status, 200, r.body);
      const response = parseResponse(r.body);
      assert.equal(response.header.responseCode, 'I0', r.body);
      assert.match(r.body, new RegExp(`<sr:DeviceID>${DEVICE}</sr:DeviceID>`), 'the device pre-notified before the restart is gone');
      // controls off this time
      assert.equal((await fetch(`${second.url}/control/capabilities`)).status, 404);
    } finally {
      assert.equal(await stopServe(second, 'SIGINT'), 0, second.stderr());
    }
  });
});
