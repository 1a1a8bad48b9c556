// `sec-conformance serve` offers the Self-Service Interface under /ssi: with generated accounts
// (printed once at start) or with an --ssi-accounts file; a bad file is a usage error.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RequestIdCounter } from '../src/duis/header.ts';
import { devicePrenotification } from '../src/duis/requests/index.ts';
import { parseResponse } from '../src/duis/responses.ts';
import { SrvTable } from '../src/duis/srv-table.ts';
import { dccBoxedKeyStore } from '../src/sign/dcc-boxed-keys.ts';
import { DuisSigning } from '../src/sign/duis-signing.ts';
import { DuisValidator } from '../src/validation/validator.ts';
import { tempDir } from './helpers.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'sec-conformance.js');
const SUPPLIER_A = '90-B3-D5-1F-30-01-00-00';
const DEVICE = '00-DB-12-34-56-78-90-E2';

async function serve(args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve printed no URL; stderr:\n${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        // the SSI lines follow the URL on stderr: give them a moment
        setTimeout(() => ok({ child, url: m[1]!, stderr: () => err }), 200);
      }
    });
    child.on('exit', (code) => fail(new Error(`serve exited ${code}; stderr:\n${err}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((ok) => {
    child.once('exit', (code) => ok(code));
    child.kill('SIGTERM');
  });
}

async function apiTrail(url: string, login: string, password: string, device: string): Promise<{ signIn: number; status?: number; users?: string[] }> {
  const r = await fetch(`${url}/ssi/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password }) });
  if (r.status !== 200) return { signIn: r.status };
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const t = await fetch(`${url}/ssi/api/devices/${device}/audit-trail`, { headers: { Cookie: cookie } });
  const body = (await t.json()) as { entries?: { user: string }[] };
  return { signIn: 200, status: t.status, users: (body.entries ?? []).map((e) => e.user) };
}

async function prenotify(url: string): Promise<void> {
  const validator = await DuisValidator.load();
  const ctx = { table: SrvTable.fromSchemaSet(validator.schemaSet), counter: new RequestIdCounter(), originator: SUPPLIER_A };
  const req = devicePrenotification(ctx, { deviceId: DEVICE, manufacturer: 'AB01', model: '010A030B', deviceType: 'ESME', esmeVariant: 'A' });
  // serve refuses unsigned requests (E3); Supplier A signs with DCC Boxed's key, serve's default set
  const signing = new DuisSigning(await dccBoxedKeyStore());
  const r = await fetch(`${url}/api/v1/serviceD`, { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: signing.signRequest(req.xml) });
  assert.equal(r.status, 200);
  assert.equal(parseResponse(await r.text()).header.responseCode, 'I99', 'the pre-notification is accepted');
}

describe('sec-conformance serve: the Self-Service Interface', () => {
  it('prints the SSI URL and a generated account per User, which signs in and shows the User its own traffic', { timeout: 60_000 }, async () => {
    const s = await serve([]);
    try {
      assert.match(s.stderr(), new RegExp(`Self-Service Interface: ${s.url}/ssi`));
      const m = new RegExp(`SSI account: login ${SUPPLIER_A}  password (\\S+)`).exec(s.stderr());
      assert.ok(m, `no account printed for ${SUPPLIER_A}:\n${s.stderr()}`);
      await prenotify(s.url);
      assert.deepEqual(await apiTrail(s.url, SUPPLIER_A, m[1]!, DEVICE), { signIn: 200, status: 200, users: [SUPPLIER_A, SUPPLIER_A] });
      assert.equal((await apiTrail(s.url, SUPPLIER_A, 'guessed password', DEVICE)).signIn, 401);
    } finally {
      assert.equal(await stop(s.child), 0);
    }
  });

  it('takes accounts from --ssi-accounts, prints no password, and refuses everyone else', { timeout: 60_000 }, async () => {
    const file = join(tempDir(), 'ssi.yaml');
    writeFileSync(file, `- user: ${SUPPLIER_A}\n  login: supplier-a\n  password: "a configured password"\n`);
    const s = await serve(['--ssi-accounts', file]);
    try {
      assert.doesNotMatch(s.stderr(), /password/);
      await prenotify(s.url);
      assert.equal((await apiTrail(s.url, 'supplier-a', 'a configured password', DEVICE)).status, 200);
      assert.equal((await apiTrail(s.url, SUPPLIER_A, 'a configured password', DEVICE)).signIn, 401);
    } finally {
      assert.equal(await stop(s.child), 0);
    }
  });

  it('refuses an unusable accounts file with exit 2 and no stack', async () => {
    const file = join(tempDir(), 'bad.yaml');
    writeFileSync(file, `- user: ${SUPPLIER_A}\n  password: short\n`);
    for (const path of [file, join(tempDir(), 'missing.yaml')]) {
      const r = await new Promise<{ code: number; stderr: string }>((ok) =>
        execFile(process.execPath, [BIN, 'serve', '--port', '0', '--ssi-accounts', path], { cwd: ROOT }, (e, _o, stderr) => ok({ code: typeof e?.code === 'number' ? e.code : 0, stderr })),
      );
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /SSI accounts/);
      assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/);
    }
  });
});
