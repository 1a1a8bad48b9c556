// The Self-Service Interface (SSI): a User signs in and looks at a device's Service Audit Trail,
// in a real browser (Chromium through playwright-core) or through the SSI's JSON API. What the
// User should see is worked out from what this scenario itself sent and received on the wire
// (the World's exchange log), never from the target's internals: the 'ssi' capability only says
// where the SSI is and how each User signs in.
//
// One browser per run (started on first use, closed after the run); a fresh browser context per
// scenario and User. Screenshots of every page looked at go to <reports>/ssi/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { After, AfterAll, Before, Given, Then, When } from '@cucumber/cucumber';
import { eui64, isEui64 } from '../src/duis/header.ts';
import { parseResponse } from '../src/duis/responses.ts';
import { SsiApiSession } from '../src/ssi/api-client.ts';
import { SsiBrowserSession } from '../src/ssi/browser-client.ts';
import { closeSharedBrowser, sharedBrowser } from '../src/ssi/chromium.ts';
import { REQUEST_KINDS, type SsiRow, type SsiTrailView } from '../src/ssi/view.ts';
import { sameRequestId } from '../src/targets/receiver.ts';
import type { SsiAccess } from '../src/targets/target.ts';
import type { ConformanceWorld, ExchangeRecord } from './support/world.ts';

type Via = 'browser' | 'api';

interface SsiSessionLike {
  viewTrail(deviceId: string): Promise<SsiTrailView>;
  close(): Promise<void>;
}

interface Looked {
  viewer: string;
  device: string;
  view: SsiTrailView;
}

/** Per-scenario SSI state, in the World's scratch space. */
interface SsiState {
  scenario: string;
  access?: SsiAccess;
  sessions: Map<string, SsiSessionLike>;
  looked: Looked[];
}

const screenshotsTaken = new Map<string, number>();

function state(world: ConformanceWorld): SsiState {
  let s = world.scratch.get('ssi') as SsiState | undefined;
  if (!s) {
    s = { scenario: 'scenario', sessions: new Map(), looked: [] };
    world.scratch.set('ssi', s);
  }
  return s;
}

Before({ name: 'name SSI evidence after the scenario' }, function (this: ConformanceWorld, { pickle }) {
  state(this).scenario = pickle.name;
});

After({ name: 'close SSI sessions' }, async function (this: ConformanceWorld) {
  const s = this.scratch.get('ssi') as SsiState | undefined;
  if (!s) return;
  await Promise.allSettled([...s.sessions.values()].map((x) => x.close()));
  s.sessions.clear();
});

AfterAll({ name: 'close the browser' }, async function () {
  await closeSharedBrowser();
});

async function access(world: ConformanceWorld): Promise<SsiAccess> {
  const s = state(world);
  if (!s.access) {
    world.requireCapability('ssi');
    const ssi = world.target.control.ssi;
    assert.ok(ssi, `target ${world.target.name} offers "ssi" but has no ssi control`);
    s.access = await ssi.call(world.target.control);
  }
  return s.access;
}

async function sessionFor(world: ConformanceWorld, userName: string, via: Via): Promise<SsiSessionLike> {
  const s = state(world);
  const key = `${via}:${userName}`;
  let session = s.sessions.get(key);
  if (!session) {
    const a = await access(world);
    const userId = world.users.named(userName).id;
    const account = a.accounts.find((x) => x.userId.toUpperCase() === userId.toUpperCase());
    assert.ok(account, `the target has no Self-Service Interface account for ${userName} (${userId})`);
    session = via === 'browser' ? await SsiBrowserSession.signIn(await sharedBrowser(), a, account) : await SsiApiSession.signIn(a, account);
    s.sessions.set(key, session);
  }
  return session;
}

async function look(world: ConformanceWorld, userName: string, deviceId: string, deviceName: string, via: Via): Promise<void> {
  const session = await sessionFor(world, userName, via);
  const view = await session.viewTrail(deviceId);
  const s = state(world);
  s.looked.push({ viewer: userName, device: deviceName, view });
  if (session instanceof SsiBrowserSession) await session.screenshot(screenshotPath(world, `${userName} ${deviceName}`));
  world.attach(JSON.stringify({ viewer: userName, device: deviceId, via, status: view.status, scope: view.scope, rows: view.rows }, null, 1), {
    mediaType: 'application/json',
    fileName: `ssi-${slug(userName)}-${slug(deviceName)}.json`,
  });
}

function screenshotPath(world: ConformanceWorld, what: string): string {
  const dir = join(world.settings.reportsDir, 'ssi');
  mkdirSync(dir, { recursive: true });
  const base = `${slug(state(world).scenario)}--${slug(what)}`;
  const n = (screenshotsTaken.get(base) ?? 0) + 1;
  screenshotsTaken.set(base, n);
  return join(dir, `${base}${n > 1 ? `-${n}` : ''}.png`);
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'x';
}

/** The last trail `userName` looked at. */
function lastSeenBy(world: ConformanceWorld, userName: string): Looked {
  const l = [...state(world).looked].reverse().find((x) => x.viewer === userName);
  assert.ok(l, `${userName} has not looked at any Service Audit Trail in this scenario`);
  return l;
}

// --- what crossed the wire -------------------------------------------------------------------

interface Sent {
  requestId: string;
  srv: string;
}

/** Requests (CV 4 and CV 5 each) this scenario sent as `sender` with the device as BusinessTargetID. */
function sentTo(world: ConformanceWorld, sender: string, deviceId: string): Sent[] {
  const from = world.users.named(sender).id;
  return world.exchanges
    .filter((x) => x.direction === 'request' && !x.notSent && !x.raw && x.requestId && x.srv)
    .filter((x) => {
      const [originator, target] = x.requestId!.split(':');
      return isEui64(originator ?? '') && isEui64(target ?? '') && eui64(originator!) === eui64(from) && eui64(target!) === eui64(deviceId);
    })
    .map((x) => ({ requestId: x.requestId!, srv: x.srv! }));
}

interface Answer {
  requestId: string;
  /** Any one of these: the Header's ResponseCode, or for an alert its alert code. */
  codes: string[];
}

/** Synchronous replies and asynchronous deliveries this scenario received for these requests. */
function answersTo(world: ConformanceWorld, requests: Sent[]): Answer[] {
  const out: Answer[] = [];
  for (const x of world.exchanges) {
    if ((x.direction !== 'reply' && x.direction !== 'delivery') || !x.requestId) continue;
    if (!requests.some((r) => sameRequestId(r.requestId, x.requestId!))) continue;
    const r = parseResponse(x.body);
    const alert = r.body.type === 'DCCAlertMessage' ? r.body.dccAlertCode : r.body.type === 'DeviceAlertMessage' ? r.body.alertCode : undefined;
    out.push({ requestId: x.requestId, codes: [r.header.responseCode, ...(alert ? [alert] : [])] });
  }
  return out;
}

/** Text on the wire that is payload: GBCS, install codes, certificates (long base64 or hex runs), and Meter Point numbers. */
function payloadValues(exchanges: readonly ExchangeRecord[]): Set<string> {
  const found = new Set<string>();
  for (const x of exchanges) {
    for (const m of x.body.matchAll(/<(?:[\w.-]+:)?([\w.-]+)(?:\s[^>]*)?>([^<]+)</g)) {
      const name = m[1]!;
      const text = m[2]!.replace(/\s+/g, '');
      if (/^[A-Za-z0-9+/=]{16,}$/.test(text)) found.add(text);
      else if (/MPxN|MPAN|MPRN/i.test(name) && /^\d{6,}$/.test(text)) found.add(text);
    }
  }
  return found;
}

/** Rows matched one-for-one to what is expected; what found no row is returned. */
function unmatched<T>(rows: readonly SsiRow[], expected: readonly T[], fits: (row: SsiRow, e: T) => boolean): T[] {
  const free = [...rows];
  const missing: T[] = [];
  for (const e of expected) {
    const i = free.findIndex((r) => fits(r, e));
    if (i < 0) missing.push(e);
    else free.splice(i, 1);
  }
  return missing;
}

function summary(rows: readonly SsiRow[]): string {
  if (!rows.length) return 'nothing';
  return rows.map((r) => `${r.kind} ${r.srv} "${r.title}" ${r.requestId} from/to ${r.user} ${r.responseCode}`).join('\n  ');
}

function mustHaveOpened(l: Looked): void {
  assert.equal(l.view.status, 200, `${l.viewer} could not open the trail of the ${l.device}: HTTP ${l.view.status}`);
}

// --- steps -----------------------------------------------------------------------------------

When('{user} views the Service Audit Trail of the {device} in the Self-Service Interface', async function (this: ConformanceWorld, user: string, device: string) {
  await look(this, user, this.alias(device), device, 'browser');
});

When('{user} asks the Self-Service Interface API for the Service Audit Trail of the {device}', async function (this: ConformanceWorld, user: string, device: string) {
  await look(this, user, this.alias(device), device, 'api');
});

Given("the DCC's clock reads {int} days ago", async function (this: ConformanceWorld, days: number) {
  await this.setClock(new Date(Date.now() - days * 86_400_000));
});

Given("the DCC's clock reads today again", async function (this: ConformanceWorld) {
  await this.setClock(new Date());
});

Then("{user} sees the titles of {user}'s Service Requests to the {device} and of their responses", function (this: ConformanceWorld, viewer: string, sender: string, device: string) {
  const l = lastSeenBy(this, viewer);
  mustHaveOpened(l);
  const sent = sentTo(this, sender, this.alias(device));
  assert.ok(sent.length > 0, `${sender} sent nothing to the ${device} in this scenario: nothing to look for`);
  const rows = l.view.rows;
  const noRequest = unmatched(rows, sent, (r, s) => REQUEST_KINDS.has(r.kind) && sameRequestId(r.requestId, s.requestId) && r.srv === s.srv && r.title === this.srvTable.title(s.srv));
  assert.deepEqual(
    noRequest.map((s) => `${s.srv} "${this.srvTable.title(s.srv)}" ${s.requestId}`),
    [],
    `${viewer} does not see these Service Requests of ${sender}'s to the ${device} by title; the trail shows:\n  ${summary(rows)}`,
  );
  const answers = answersTo(this, sent);
  const noAnswer = unmatched(rows, answers, (r, a) => !REQUEST_KINDS.has(r.kind) && sameRequestId(r.requestId, a.requestId) && a.codes.includes(r.responseCode));
  assert.deepEqual(
    noAnswer.map((a) => `${a.codes.join('/')} for ${a.requestId}`),
    [],
    `${viewer} does not see these responses to ${sender}'s requests; the trail shows:\n  ${summary(rows)}`,
  );
});

Then("{user} does not see {user}'s Service Requests to the {device}", function (this: ConformanceWorld, viewer: string, sender: string, device: string) {
  const l = lastSeenBy(this, viewer);
  mustHaveOpened(l);
  const sent = sentTo(this, sender, this.alias(device));
  assert.ok(sent.length > 0, `${sender} sent nothing to the ${device} in this scenario: the check would prove nothing`);
  const shown = l.view.rows.filter((r) => sent.some((s) => sameRequestId(r.requestId, s.requestId)));
  assert.deepEqual(shown.map((r) => `${r.kind} ${r.requestId}`), [], `${viewer} sees ${sender}'s traffic to the ${device}`);
});

Then('{user} sees only its own Service Requests and responses', function (this: ConformanceWorld, viewer: string) {
  const l = lastSeenBy(this, viewer);
  mustHaveOpened(l);
  const own = this.users.named(viewer).id;
  const others = l.view.rows.filter((r) => !isEui64(r.user) || eui64(r.user) !== eui64(own));
  assert.deepEqual(others.map((r) => `${r.kind} ${r.srv} ${r.requestId} of ${r.user}`), [], `${viewer} (${own}) sees other Users' entries`);
});

Then('{user} sees entries from {int} days ago in the Service Audit Trail', function (this: ConformanceWorld, viewer: string, days: number) {
  const l = lastSeenBy(this, viewer);
  mustHaveOpened(l);
  const oldest = Math.min(...l.view.rows.map((r) => Date.parse(r.at)).filter((t) => !Number.isNaN(t)));
  // a day's slack either way: the entries were made at the start of a step, "now" is later
  const want = this.now().getTime() - days * 86_400_000;
  assert.ok(Number.isFinite(oldest), `${viewer}'s trail shows no dated entry`);
  assert.ok(Math.abs(oldest - want) < 86_400_000, `the oldest entry ${viewer} sees is from ${new Date(oldest).toISOString()}, not about ${days} days ago`);
});

Then('no payload of any message in this scenario reaches the Self-Service Interface', function (this: ConformanceWorld) {
  const looked = state(this).looked;
  assert.ok(looked.length > 0, 'nobody looked at the Self-Service Interface in this scenario');
  const payloads = payloadValues(this.exchanges);
  assert.ok(payloads.size > 0, 'no payload crossed the wire in this scenario: the check would prove nothing');
  for (const l of looked) {
    mustHaveOpened(l);
    assert.ok(l.view.rows.length > 0, `${l.viewer} saw no entries of the ${l.device}: the check would prove nothing`);
    const leaked = [...payloads].filter((p) => l.view.delivered.includes(p));
    assert.deepEqual(leaked, [], `payload reached ${l.viewer} through the ${l.view.via === 'browser' ? 'page' : 'API'}`);
    assert.doesNotMatch(l.view.delivered, /GBCSPayload|<sr:|&lt;sr:/, `XML or a GBCS payload element reached ${l.viewer}`);
  }
});

Then('the Self-Service Interface refuses to show {user} the {device}', function (this: ConformanceWorld, viewer: string, device: string) {
  const l = lastSeenBy(this, viewer);
  assert.equal(l.device, device, `${viewer} last looked at the ${l.device}, not the ${device}`);
  assert.equal(l.view.status, 403, `${viewer} asked for the ${device}'s trail and got HTTP ${l.view.status}, not 403`);
  assert.deepEqual(l.view.rows, []);
});
