// The reference's Self-Service Interface over HTTP, without a browser: sign-in, sessions, CSRF,
// the JSON API's answers (200 / 403 / 404), hostile device IDs, and what each User sees on
// either side of the SAT modification.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as rq from '../src/duis/requests/index.ts';
import type { SsiAccess } from '../src/targets/target.ts';
import { CONTENT_SECURITY_POLICY } from '../reference-impl/ssi/http.ts';
import { parseSsiCredentials, SsiAccountsError } from '../reference-impl/ssi/accounts.ts';
import { ESME, IHD, NETWORK_OPERATOR, SUPPLIER_A, SUPPLIER_B, Scenario, T0, installEsmeAndIhd, users } from './reference-fixture.ts';
import { changeOfSupplier } from './sat-fixture.ts';

const SUPPLIER_C = 'Supplier C';
const idOf = (name: string) => users.named(name).id;

/** A cookie-keeping client for one User, like a browser tab without a browser. */
class Client {
  readonly jar = new Map<string, string>();
  constructor(readonly base: string) {}

  async fetch(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const r = await fetch(new URL(path, this.base).href, {
      redirect: 'manual',
      ...init,
      headers: { ...(cookie ? { Cookie: cookie } : {}), ...init.headers },
    });
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      if (v === '') this.jar.delete(k!);
      else this.jar.set(k!, v!);
    }
    return r;
  }

  /** Sign in through the form, as a browser would. */
  async formSignIn(login: string, password: string, origin?: string): Promise<Response> {
    const form = await (await this.fetch('/ssi/login')).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(form)![1]!;
    return this.fetch('/ssi/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(origin ? { Origin: origin } : {}) },
      body: new URLSearchParams({ login, password, csrf }).toString(),
    });
  }

  async apiSignIn(login: string, password: string): Promise<Response> {
    return this.fetch('/ssi/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password }) });
  }
}

function account(access: SsiAccess, name: string) {
  const a = access.accounts.find((x) => x.userId === idOf(name));
  assert.ok(a, `no SSI account for ${name}`);
  return a;
}

async function signedIn(access: SsiAccess, name: string): Promise<Client & { csrf: string }> {
  const c = new Client(access.url.replace(/\/ssi$/, ''));
  const a = account(access, name);
  const r = await c.apiSignIn(a.login, a.password);
  assert.equal(r.status, 200);
  const body = (await r.json()) as { csrfToken: string };
  return Object.assign(c, { csrf: body.csrfToken });
}

interface Entry { kind: string; user: string; requestId: string | null; title: string; srv: string; devices: string[]; responseCode: string | null; at: string }

async function trail(c: Client, deviceId: string): Promise<{ status: number; body: { scope?: string; entries?: Entry[]; error?: string } }> {
  const r = await c.fetch(`/ssi/api/devices/${encodeURIComponent(deviceId)}/audit-trail`);
  return { status: r.status, body: (await r.json()) as { scope?: string; entries?: Entry[] } };
}

/** Supplier A installs; Supplier C tries (and fails) to join; Supplier B takes the ESME over. */
async function premises(baseline: string): Promise<{ s: Scenario; access: SsiAccess; cJoin: string }> {
  const s = new Scenario(baseline);
  await installEsmeAndIhd(s);
  const cJoin = rq.joinServiceNonCritical(s.ctx(SUPPLIER_C), { target: ESME, otherDeviceId: IHD });
  assert.equal((await s.send(cJoin)).code, 'E4');
  await s.arrange(SUPPLIER_B, changeOfSupplier(s, SUPPLIER_B));
  return { s, access: await s.target.control.ssi!(), cJoin: cJoin.requestId };
}

describe('SSI: sign-in, sessions and CSRF', () => {
  let s: Scenario;
  let access: SsiAccess;
  before(async () => ({ s, access } = await premises('all')));
  after(async () => s.close());

  it('offers every known User an account with a random password', () => {
    assert.deepEqual(access.accounts.map((a) => a.userId).sort(), users.all().map((u) => u.id).sort());
    assert.ok(access.accounts.every((a) => a.password.length >= 20));
    assert.notEqual(access.accounts[0]!.password, access.accounts[1]!.password);
  });

  it('signs in through the form: a new HttpOnly, SameSite=Strict session cookie scoped to /ssi, then the devices page', async () => {
    const c = new Client(access.url.replace(/\/ssi$/, ''));
    const a = account(access, SUPPLIER_B);
    const r = await c.formSignIn(a.login, a.password);
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/ssi/devices');
    const set = r.headers.getSetCookie().find((x) => x.startsWith('ssi_session='));
    assert.ok(set, 'no session cookie');
    assert.match(set, /HttpOnly/i);
    assert.match(set, /SameSite=Strict/i);
    assert.match(set, /Path=\/ssi/);
    const page = await c.fetch('/ssi/devices');
    assert.equal(page.status, 200);
    assert.match(await page.text(), new RegExp(ESME));
  });

  it('gives a new session ID at each sign-in and ends the old one', async () => {
    const c = new Client(access.url.replace(/\/ssi$/, ''));
    const a = account(access, SUPPLIER_B);
    await c.formSignIn(a.login, a.password);
    const first = c.jar.get('ssi_session')!;
    await c.formSignIn(a.login, a.password);
    assert.notEqual(c.jar.get('ssi_session'), first);
    const stale = new Client(c.base);
    stale.jar.set('ssi_session', first);
    assert.equal((await stale.fetch('/ssi/devices')).status, 303, 'the first session still works');
  });

  it('refuses a wrong password, an unknown login, and says not which', async () => {
    const c = new Client(access.url.replace(/\/ssi$/, ''));
    const wrong = await c.formSignIn(account(access, SUPPLIER_B).login, 'not the password');
    const unknown = await c.formSignIn('nobody', 'not the password');
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(await wrong.text().then(strip), await unknown.text().then(strip));
    assert.ok(!c.jar.has('ssi_session'));
  });

  it('refuses a sign-in form without the matching CSRF token, and one posted from another origin', async () => {
    const a = account(access, SUPPLIER_B);
    const c = new Client(access.url.replace(/\/ssi$/, ''));
    const forged = await c.fetch('/ssi/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login: a.login, password: a.password, csrf: 'guessed' }).toString(),
    });
    assert.equal(forged.status, 403);
    const cross = await c.formSignIn(a.login, a.password, 'http://evil.example');
    assert.equal(cross.status, 403);
    assert.ok(!c.jar.has('ssi_session'));
  });

  it('sends pages to sign-in and the API answers 401 without a session', async () => {
    const c = new Client(access.url.replace(/\/ssi$/, ''));
    const page = await c.fetch(`/ssi/trail?device=${ESME}`);
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('location'), '/ssi/login');
    assert.equal((await trail(c, ESME)).status, 401);
    assert.equal((await c.fetch('/ssi/api/devices')).status, 401);
  });

  it('signs out only with the session\'s CSRF token, by form and by API', async () => {
    const c = await signedIn(access, SUPPLIER_B);
    const noToken = await c.fetch('/ssi/logout', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'csrf=wrong' });
    assert.equal(noToken.status, 403);
    assert.equal((await trail(c, ESME)).status, 200, 'a forged sign-out ended the session');
    const apiNoToken = await c.fetch('/ssi/api/session', { method: 'DELETE' });
    assert.equal(apiNoToken.status, 403);
    const ok = await c.fetch('/ssi/logout', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf: c.csrf }).toString() });
    assert.equal(ok.status, 303);
    assert.equal((await trail(c, ESME)).status, 401);
    const d = await signedIn(access, SUPPLIER_B);
    assert.equal((await d.fetch('/ssi/api/session', { method: 'DELETE', headers: { 'X-CSRF-Token': d.csrf } })).status, 204);
    assert.equal((await trail(d, ESME)).status, 401);
  });

  it('takes API sign-in as JSON only (a cross-site form cannot send it)', async () => {
    const c = new Client(access.url.replace(/\/ssi$/, ''));
    const a = account(access, SUPPLIER_B);
    const r = await c.fetch('/ssi/api/session', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ login: a.login, password: a.password }).toString() });
    assert.equal(r.status, 415);
    assert.equal((await c.apiSignIn(a.login, 'wrong')).status, 401);
    assert.ok(!c.jar.has('ssi_session'));
  });

  it('ends a session left idle past the limit (the reference\'s clock)', async () => {
    const c = await signedIn(access, SUPPLIER_B);
    assert.equal((await trail(c, ESME)).status, 200);
    await s.reference.control.setClock(new Date(T0.getTime() + (s.reference.assumptions.ssi.sessionIdleMinutes + 1) * 60_000));
    try {
      assert.equal((await trail(c, ESME)).status, 401);
    } finally {
      await s.reference.control.setClock(T0);
    }
  });

  it('sends a strict Content-Security-Policy and no-cache, no-sniff, no-frame headers with every answer', async () => {
    const c = await signedIn(access, SUPPLIER_B);
    for (const path of ['/ssi/login', '/ssi/devices', `/ssi/trail?device=${ESME}`, '/ssi/api/devices', '/ssi/nowhere', '/ssi/ssi.css']) {
      const r = await c.fetch(path);
      assert.equal(r.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, path);
      assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
      assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|script-src/);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(r.headers.get('x-frame-options'), 'DENY', path);
      assert.equal(r.headers.get('cache-control'), 'no-store', path);
    }
  });
});

describe('SSI API: who may open which device', () => {
  let s: Scenario;
  let access: SsiAccess;
  before(async () => ({ s, access } = await premises('all')));
  after(async () => s.close());

  it('answers 403 for a device in the SMI that is not the User\'s and that its own traffic never concerned', async () => {
    const c = await signedIn(access, SUPPLIER_C);
    const chf = s.reference.inspect.snapshot()['smi_devices']!.find((d) => d['device_type'] === 'CHF')!['device_id'] as string;
    const r = await trail(c, chf);
    assert.equal(r.status, 403);
    assert.equal(r.body.entries, undefined);
  });

  it('answers 404 for a device the SMI does not hold, and for anything that is not an EUI-64', async () => {
    const c = await signedIn(access, SUPPLIER_B);
    assert.equal((await trail(c, '00-DB-5E-FF-FF-FF-FF-FF')).status, 404);
    assert.equal((await trail(c, 'not-a-device')).status, 404);
  });

  it('takes hostile device IDs as data: SQL in the ID finds nothing and harms nothing', async () => {
    const c = await signedIn(access, SUPPLIER_B);
    const before = s.reference.inspect.auditTrail().length;
    for (const hostile of [`${ESME}' OR '1'='1`, `${ESME}"; DROP TABLE sat_entries; --`, "' UNION SELECT * FROM smi_devices --"]) {
      const r = await trail(c, hostile);
      assert.equal(r.status, 404, hostile);
    }
    assert.equal(s.reference.inspect.auditTrail().length, before);
    assert.equal((await trail(c, ESME)).status, 200);
  });

  it('escapes a hostile device ID in the page, and answers it as JSON data in the API', async () => {
    const c = await signedIn(access, SUPPLIER_B);
    const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const page = await c.fetch(`/ssi/trail?device=${encodeURIComponent(hostile)}`);
    assert.equal(page.status, 404);
    const text = await page.text();
    assert.ok(!text.includes('<script>alert'), 'the script tag reached the page unescaped');
    assert.ok(!text.includes('<img src=x'), 'the img tag reached the page unescaped');
    assert.match(text, /&lt;script&gt;alert/);
    const api = await trail(c, hostile);
    assert.equal(api.status, 404);
    assert.equal((await c.fetch(`/ssi/api/devices/${encodeURIComponent(hostile)}/audit-trail`)).headers.get('content-type'), 'application/json; charset=utf-8');
  });

  it('lists the devices a User may open, and why', async () => {
    const b = await signedIn(access, SUPPLIER_B);
    const devices = ((await (await b.fetch('/ssi/api/devices')).json()) as { devices: { deviceId: string; relation: string }[] }).devices;
    assert.deepEqual(devices.find((d) => d.deviceId === ESME)?.relation, 'Responsible Supplier');
    const c = await signedIn(access, SUPPLIER_C);
    const own = ((await (await c.fetch('/ssi/api/devices')).json()) as { devices: { deviceId: string; relation: string }[] }).devices;
    assert.deepEqual(own.map((d) => [d.deviceId, d.relation]).sort(), [[ESME, 'own traffic'], [IHD, 'own traffic']].sort());
  });

  it('gives each entry the trail\'s columns and nothing more', async () => {
    const c = await signedIn(access, SUPPLIER_B);
    const r = await trail(c, ESME);
    assert.ok(r.body.entries!.length > 0);
    for (const e of r.body.entries!) assert.deepEqual(Object.keys(e).sort(), ['at', 'devices', 'kind', 'requestId', 'responseCode', 'srv', 'title', 'user']);
    assert.deepEqual(Object.keys(r.body).sort(), ['device', 'entries', 'scope', 'truncated']);
  });
});

describe('SSI API: what each User sees, on both sides of SAT', () => {
  const sides = { after: 'all', before: 'all,-SAT' } as const;
  const found: Record<string, Record<string, { status: number; users: Set<string>; entries: Entry[] }>> = {};
  let cJoin = '';
  const scenarios: Scenario[] = [];

  before(async () => {
    for (const [side, baseline] of Object.entries(sides)) {
      const p = await premises(baseline);
      scenarios.push(p.s);
      cJoin = p.cJoin;
      found[side] = {};
      for (const name of [SUPPLIER_A, SUPPLIER_B, NETWORK_OPERATOR, SUPPLIER_C]) {
        const r = await trail(await signedIn(p.access, name), ESME);
        found[side]![name] = { status: r.status, users: new Set((r.body.entries ?? []).map((e) => e.user)), entries: r.body.entries ?? [] };
      }
    }
  });
  after(async () => {
    for (const s of scenarios) await s.close();
  });

  it('after SAT the gaining Supplier sees every User\'s entries: the losing Supplier\'s from before the change, and Supplier C\'s refused request', () => {
    const b = found['after']![SUPPLIER_B]!;
    assert.deepEqual([...b.users].sort(), [idOf(SUPPLIER_A), idOf(SUPPLIER_B), idOf(SUPPLIER_C)].sort());
    assert.ok(b.entries.some((e) => e.requestId === cJoin && e.responseCode === 'E4'));
  });

  it('after SAT the Network Operator sees the Suppliers\' entries for a meter on its network', () => {
    const n = found['after']![NETWORK_OPERATOR]!;
    assert.equal(n.status, 200);
    assert.deepEqual([...n.users].sort(), [idOf(SUPPLIER_A), idOf(SUPPLIER_B), idOf(SUPPLIER_C)].sort());
  });

  it('on either side the losing Supplier and an unrelated Supplier see their own entries only', () => {
    for (const side of ['after', 'before']) {
      assert.deepEqual([...found[side]![SUPPLIER_A]!.users], [idOf(SUPPLIER_A)], side);
      assert.deepEqual([...found[side]![SUPPLIER_C]!.users], [idOf(SUPPLIER_C)], side);
    }
  });

  it('before SAT the Responsible Supplier and the Network Operator see their own entries only', () => {
    assert.deepEqual([...found['before']![SUPPLIER_B]!.users], [idOf(SUPPLIER_B)]);
    assert.equal(found['before']![NETWORK_OPERATOR]!.status, 200);
    assert.deepEqual(found['before']![NETWORK_OPERATOR]!.entries, []);
  });
});

describe('SSI accounts configuration', () => {
  it('accepts {user, login, password} and defaults the login to the User ID', () => {
    assert.deepEqual(parseSsiCredentials([{ user: '90-b3-d5-1f-30-01-00-00', password: 'a long enough password' }]), [
      { userId: '90-B3-D5-1F-30-01-00-00', login: '90-B3-D5-1F-30-01-00-00', password: 'a long enough password' },
    ]);
  });

  it('refuses a short password, a missing user, and a list that is not one', () => {
    assert.throws(() => parseSsiCredentials([{ user: '90-B3-D5-1F-30-01-00-00', password: 'short' }]), SsiAccountsError);
    assert.throws(() => parseSsiCredentials([{ password: 'a long enough password' }]), SsiAccountsError);
    assert.throws(() => parseSsiCredentials({ user: 'x' }), SsiAccountsError);
  });

  it('signs in with configured accounts only, and refuses an account for an unknown User', async () => {
    const s = new Scenario('all', { ssiAccounts: [{ userId: idOf(SUPPLIER_B), login: 'supplier-b', password: 'correct horse battery' }] });
    try {
      const access = await s.target.control.ssi!();
      assert.deepEqual(access.accounts.map((a) => a.login), ['supplier-b']);
      const c = new Client(access.url.replace(/\/ssi$/, ''));
      assert.equal((await c.apiSignIn('supplier-b', 'correct horse battery')).status, 200);
      assert.equal((await c.apiSignIn(idOf(SUPPLIER_A), 'correct horse battery')).status, 401);
    } finally {
      await s.close();
    }
    assert.throws(() => new Scenario('all', { ssiAccounts: [{ userId: '90-B3-D5-1F-30-0F-00-00', login: 'x', password: 'correct horse battery' }] }), /not a known User/);
  });
});

function strip(html: string): string {
  return html.replace(/name="csrf" value="[^"]+"/, '');
}

describe('SSI behind the reference gateway (ref-http, serve)', () => {
  it('is discovered as the "ssi" capability and served under /ssi of the DUIS endpoint', async () => {
    const { referenceOverHttp } = await import('../src/targets/http-target.ts');
    const { Baseline } = await import('../src/baseline.ts');
    const { validator } = await import('./reference-fixture.ts');
    const target = await referenceOverHttp({ baseline: Baseline.all(), validator });
    try {
      assert.ok(target.capabilities.has('ssi'));
      const access = await target.control.ssi!();
      assert.equal(access.url, `${target.url.replace(/\/$/, '')}/ssi`);
      const c = await signedIn(access, SUPPLIER_B);
      assert.equal((await c.fetch('/ssi/api/devices')).status, 200);
      assert.equal((await trail(c, ESME)).status, 404, 'an empty SMI knows no ESME');
    } finally {
      await target.close();
    }
  });
});
