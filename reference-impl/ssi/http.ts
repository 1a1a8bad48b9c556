// The Self-Service Interface over HTTP, under /ssi. Pages for people, a JSON API for automation;
// both behind the same sign-in and answering from the same view (trail-view.ts).
//
//   GET  /ssi                          -> /ssi/devices when signed in, else /ssi/login (303)
//   GET  /ssi/login                    sign-in form
//   POST /ssi/login                    form: login, password, csrf -> session cookie, 303 /ssi/devices
//   POST /ssi/logout                   form: csrf -> session ended, 303 /ssi/login
//   GET  /ssi/devices                  the devices the User may open, and a box to type one
//   GET  /ssi/trail?device=EUI         a device's Service Audit Trail (403 not yours, 404 unknown)
//   POST   /ssi/api/session            JSON {login, password} -> 200 {user, csrfToken} + session cookie
//   DELETE /ssi/api/session            header X-CSRF-Token -> 204
//   GET    /ssi/api/devices            200 {devices: [{deviceId, deviceType, relation}]}
//   GET    /ssi/api/devices/{EUI}/audit-trail  200 {device, scope, entries, truncated} | 403 | 404
//
// Security: the session is a random ID in an HttpOnly, SameSite=Strict cookie scoped to /ssi (and
// Secure over TLS); a new one at every sign-in. Forms carry a CSRF token (the session's, or for
// the sign-in form a double-submit cookie); API calls that change something need the token in a
// header and JSON bodies, which no cross-site form can send. A POST whose Origin is not this
// host is refused. Every answer forbids caching and framing and carries a Content-Security-Policy
// that allows the one same-origin stylesheet and nothing else (no script, no inline style).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import { mediaType, readLimitedBody } from '../../src/targets/receiver.ts';
import type { DccUser } from '../../src/users.ts';
import type { SsiAccounts } from './accounts.ts';
import { html, page, STYLESHEET, STYLESHEET_PATH, type Html } from './html.ts';
import { csrfMatches, newToken, type SsiSession, type SsiSessions } from './sessions.ts';
import type { SsiDevice, SsiTrailEntry, SsiTrailView, TrailAnswer } from './trail-view.ts';

export const SSI_PREFIX = '/ssi';
const SESSION_COOKIE = 'ssi_session';
const LOGIN_COOKIE = 'ssi_login';
/** Forms and API bodies are a few hundred bytes. */
export const SSI_MAX_BODY_BYTES = 16 * 1024;

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on our own form posts
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export interface SsiHttpDeps {
  accounts: () => SsiAccounts;
  sessions: SsiSessions;
  view: SsiTrailView;
  log: (line: string) => void;
}

export type SsiHttpHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Whether a request path belongs to the SSI. */
export function isSsiPath(path: string): boolean {
  return path === SSI_PREFIX || path.startsWith(`${SSI_PREFIX}/`);
}

export function createSsiHandler(d: SsiHttpDeps): SsiHttpHandler {
  return async (req, res) => {
    res.on('error', () => {});
    const url = new URL(req.url ?? '/', 'http://ssi.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    try {
      if (path.startsWith(`${SSI_PREFIX}/api/`)) return await api(path.slice(`${SSI_PREFIX}/api`.length), method, req, res);
      return await pages(path, url, method, req, res);
    } catch (e) {
      d.log(`ssi: internal error on ${method} ${path}: ${(e as Error)?.stack ?? String(e)}`);
      send(res, 500, 'text/plain; charset=utf-8', 'internal error');
    }
  };

  // --- pages -----------------------------------------------------------------------------------

  async function pages(path: string, url: URL, method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const session = currentSession(req);
    switch (path) {
      case SSI_PREFIX:
      case `${SSI_PREFIX}/`:
        if (!allow(method, ['GET'], res)) return;
        return redirect(res, session ? `${SSI_PREFIX}/devices` : `${SSI_PREFIX}/login`);
      case STYLESHEET_PATH:
        if (!allow(method, ['GET'], res)) return;
        return send(res, 200, 'text/css; charset=utf-8', STYLESHEET);
      case `${SSI_PREFIX}/login`:
        if (method === 'GET') return loginForm(res, 200);
        if (!allow(method, ['GET', 'POST'], res)) return;
        return login(req, res);
      case `${SSI_PREFIX}/logout`:
        if (!allow(method, ['POST'], res)) return;
        return logout(req, res, session);
      case `${SSI_PREFIX}/devices`:
        if (!allow(method, ['GET'], res)) return;
        if (!session) return redirect(res, `${SSI_PREFIX}/login`);
        return devicesPage(res, session);
      case `${SSI_PREFIX}/trail`:
        if (!allow(method, ['GET'], res)) return;
        if (!session) return redirect(res, `${SSI_PREFIX}/login`);
        return trailPage(res, session, url.searchParams.get('device') ?? '');
      default:
        return sendPage(res, 404, { title: 'Not found', body: html`<p class="error">There is no page ${path} here.</p>` }, session);
    }
  }

  function loginForm(res: ServerResponse, status: number, error?: string): void {
    // double-submit token: a cross-site page can make the browser post the form, but cannot read
    // or set this cookie, so it cannot know the value the form must carry
    const token = newToken();
    const body = html`<h2>Sign in</h2>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="${SSI_PREFIX}/login">
        <input type="hidden" name="csrf" value="${token}">
        <label for="login">User</label><input type="text" id="login" name="login" autocomplete="username" required>
        <label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
        <button type="submit">Sign in</button>
      </form>`;
    sendPage(res, status, { title: 'Sign in', body }, undefined, [cookie(LOGIN_COOKIE, token, res, 10 * 60)]);
  }

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!sameOrigin(req)) return sendPage(res, 403, { title: 'Refused', body: html`<p class="error">Sign-in from another site is refused.</p>` });
    const form = await readForm(req, res);
    if (!form) return;
    const cookies = cookiesOf(req);
    const expected = cookies[LOGIN_COOKIE];
    const presented = form.get('csrf') ?? '';
    if (!expected || !presented || expected !== presented) return loginForm(res, 403, 'The sign-in form had expired. Please try again.');
    const user = d.accounts().verify(form.get('login') ?? '', form.get('password') ?? '');
    if (!user) {
      d.log('ssi: failed sign-in');
      return loginForm(res, 401, 'Sign-in failed: unknown user or wrong password.');
    }
    // end any session the browser already had: the new one gets a new ID
    const old = cookies[SESSION_COOKIE];
    if (old) d.sessions.end(old);
    const session = d.sessions.create(user.id);
    redirect(res, `${SSI_PREFIX}/devices`, [cookie(SESSION_COOKIE, session.id, res), cookie(LOGIN_COOKIE, '', res, 0)]);
  }

  async function logout(req: IncomingMessage, res: ServerResponse, session: SsiSession | undefined): Promise<void> {
    if (!sameOrigin(req)) return sendPage(res, 403, { title: 'Refused', body: html`<p class="error">Refused: the request came from another site.</p>` });
    const form = await readForm(req, res);
    if (!form) return;
    if (session && !csrfMatches(session, form.get('csrf'))) {
      return sendPage(res, 403, { title: 'Refused', body: html`<p class="error">Refused: the form did not carry this session's token.</p>` }, session);
    }
    if (session) d.sessions.end(session.id);
    redirect(res, `${SSI_PREFIX}/login`, [cookie(SESSION_COOKIE, '', res, 0)]);
  }

  function devicesPage(res: ServerResponse, session: SsiSession): void {
    const user = userOf(session);
    if (!user) return signedOut(res, session);
    const devices = d.view.devicesFor(user);
    const body = html`<h2>Service Audit Trail</h2>
      <form method="get" action="${SSI_PREFIX}/trail">
        <label for="device">Device ID</label><input type="text" id="device" name="device" placeholder="00-DB-5E-00-00-00-00-01" required>
        <button type="submit">Show trail</button>
      </form>
      <h3>Your devices</h3>
      ${devices.length === 0
        ? html`<p class="note">No device is yours to view yet.</p>`
        : html`<table id="devices"><thead><tr><th>Device</th><th>Type</th><th>You are</th></tr></thead><tbody>
            ${devices.map((x: SsiDevice) => html`<tr><td data-field="deviceId"><a href="${`${SSI_PREFIX}/trail?device=${encodeURIComponent(x.deviceId)}`}">${x.deviceId}</a></td><td data-field="deviceType">${x.deviceType}</td><td data-field="relation">${x.relation}</td></tr>`)}
          </tbody></table>`}`;
    sendPage(res, 200, { title: 'Devices', body }, session);
  }

  function trailPage(res: ServerResponse, session: SsiSession, asked: string): void {
    const user = userOf(session);
    if (!user) return signedOut(res, session);
    const answer = d.view.trail(user, asked);
    const back = html`<p><a href="${SSI_PREFIX}/devices">Back to your devices</a></p>`;
    if (answer.status === 'unknown-device') {
      return sendPage(res, 404, { title: 'Unknown device', body: html`<p class="error" id="outcome">No device “${asked}” is known.</p>${back}` }, session);
    }
    if (answer.status === 'not-yours') {
      return sendPage(res, 403, { title: 'Not your device', body: html`<p class="error" id="outcome">Device ${answer.deviceId} is not yours to view.</p>${back}` }, session);
    }
    const scope =
      answer.scope === 'device'
        ? `Every User's Service Requests and Service Responses about this device (you are its ${answer.device.relation}).`
        : 'Your own Service Requests and Service Responses about this device.';
    const rows = answer.entries.map(
      (e: SsiTrailEntry) => html`<tr>
        <td data-field="at">${e.at}</td><td data-field="kind">${e.kind}</td><td data-field="srv">${e.srv}</td><td data-field="title">${e.title}</td>
        <td data-field="requestId">${e.requestId ?? ''}</td><td data-field="user">${e.user}</td><td data-field="devices">${e.devices.join(', ')}</td>
        <td data-field="responseCode">${e.responseCode ?? ''}</td></tr>`,
    );
    const body = html`<h2>Service Audit Trail of ${answer.device.deviceType} <span id="device">${answer.device.deviceId}</span></h2>
      <p class="note" id="scope" data-scope="${answer.scope}">${scope} Titles only: no payload. Newest first.</p>
      ${answer.truncated ? html`<p class="note">Only the newest ${answer.entries.length} entries are shown.</p>` : ''}
      <table id="trail"><thead><tr><th>Time</th><th>Message</th><th>SRV</th><th>Title</th><th>RequestID</th><th>User</th><th>Devices</th><th>Response code</th></tr></thead>
      <tbody>${rows}</tbody></table>
      ${answer.entries.length === 0 ? html`<p class="note" id="empty">Nothing to show.</p>` : ''}
      ${back}`;
    sendPage(res, 200, { title: `Trail of ${answer.device.deviceId}`, body }, session);
  }

  function signedOut(res: ServerResponse, session: SsiSession): void {
    d.sessions.end(session.id);
    redirect(res, `${SSI_PREFIX}/login`, [cookie(SESSION_COOKIE, '', res, 0)]);
  }

  function sendPage(res: ServerResponse, status: number, p: { title: string; body: Html }, session?: SsiSession, cookies: string[] = []): void {
    const user = session ? userOf(session) : undefined;
    const text = page({ ...p, ...(user && session ? { user: { name: user.name, id: user.id }, csrfToken: session.csrfToken } : {}) });
    send(res, status, 'text/html; charset=utf-8', text, cookies.length ? { 'Set-Cookie': cookies } : {});
  }

  // --- API -------------------------------------------------------------------------------------

  async function api(sub: string, method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (sub === '/session') {
      if (method === 'POST') return apiSignIn(req, res);
      if (method === 'DELETE') return apiSignOut(req, res);
      return void allow(method, ['POST', 'DELETE'], res, true);
    }
    const session = currentSession(req);
    const trail = /^\/devices\/([^/]+)\/audit-trail$/.exec(sub);
    if (sub !== '/devices' && !trail) return json(res, 404, { error: `no API ${JSON.stringify(sub)}; known: /session, /devices, /devices/{EUI}/audit-trail` });
    if (!allow(method, ['GET'], res, true)) return;
    if (!session) return json(res, 401, { error: 'not signed in: POST /ssi/api/session first' });
    const user = userOf(session);
    if (!user) return json(res, 401, { error: 'the session\'s User is no longer known' });
    if (!trail) return json(res, 200, { devices: d.view.devicesFor(user) });
    let asked: string;
    try {
      asked = decodeURIComponent(trail[1]!);
    } catch {
      return json(res, 404, { error: 'no such device' });
    }
    const answer: TrailAnswer = d.view.trail(user, asked);
    if (answer.status === 'unknown-device') return json(res, 404, { error: 'no such device', device: asked });
    if (answer.status === 'not-yours') return json(res, 403, { error: 'the device is not yours to view', device: answer.deviceId });
    const { status: _status, ...body } = answer;
    return json(res, 200, body);
  }

  async function apiSignIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!sameOrigin(req)) return json(res, 403, { error: 'cross-origin sign-in refused' });
    if (mediaType(req.headers['content-type']) !== 'application/json') return json(res, 415, { error: 'send {login, password} as application/json' });
    const read = await readLimitedBody(req, SSI_MAX_BODY_BYTES);
    if (!read.ok) return json(res, 413, { error: `body over ${SSI_MAX_BODY_BYTES} bytes` });
    let body: unknown;
    try {
      body = JSON.parse(read.body.toString('utf8'));
    } catch {
      return json(res, 400, { error: 'body is not JSON' });
    }
    const o = (body ?? {}) as Record<string, unknown>;
    if (typeof o['login'] !== 'string' || typeof o['password'] !== 'string') return json(res, 400, { error: 'want {login: string, password: string}' });
    const user = d.accounts().verify(o['login'], o['password']);
    if (!user) {
      d.log('ssi: failed API sign-in');
      return json(res, 401, { error: 'unknown user or wrong password' });
    }
    const old = cookiesOf(req)[SESSION_COOKIE];
    if (old) d.sessions.end(old);
    const session = d.sessions.create(user.id);
    json(res, 200, { user: { name: user.name, id: user.id }, csrfToken: session.csrfToken }, { 'Set-Cookie': [cookie(SESSION_COOKIE, session.id, res)] });
  }

  function apiSignOut(req: IncomingMessage, res: ServerResponse): void {
    const session = currentSession(req);
    if (!session) return json(res, 401, { error: 'not signed in' });
    if (!csrfMatches(session, req.headers['x-csrf-token'])) return json(res, 403, { error: 'X-CSRF-Token does not match the session' });
    d.sessions.end(session.id);
    res.writeHead(204, { ...SECURITY_HEADERS, 'Set-Cookie': [cookie(SESSION_COOKIE, '', res, 0)] }).end();
  }

  // --- shared ----------------------------------------------------------------------------------

  function currentSession(req: IncomingMessage): SsiSession | undefined {
    return d.sessions.get(cookiesOf(req)[SESSION_COOKIE]);
  }

  function userOf(session: SsiSession): DccUser | undefined {
    return d.accounts().user(session.userId);
  }

  async function readForm(req: IncomingMessage, res: ServerResponse): Promise<URLSearchParams | undefined> {
    if (mediaType(req.headers['content-type']) !== 'application/x-www-form-urlencoded') {
      send(res, 415, 'text/plain; charset=utf-8', 'forms are application/x-www-form-urlencoded');
      return undefined;
    }
    const read = await readLimitedBody(req, SSI_MAX_BODY_BYTES);
    if (!read.ok) {
      send(res, 413, 'text/plain; charset=utf-8', `form over ${SSI_MAX_BODY_BYTES} bytes`, {}, true);
      return undefined;
    }
    return new URLSearchParams(read.body.toString('utf8'));
  }
}

function cookiesOf(req: IncomingMessage): Record<string, string | undefined> {
  try {
    return parseCookies(req.headers.cookie ?? '');
  } catch {
    return {};
  }
}

/** Session cookies: HttpOnly, SameSite=Strict, only for /ssi; Secure when the request came over TLS. */
function cookie(name: string, value: string, res: ServerResponse, maxAgeSeconds?: number): string {
  const secure = Boolean((res.req?.socket as { encrypted?: boolean } | undefined)?.encrypted);
  return serializeCookie(name, value, {
    httpOnly: true,
    sameSite: 'strict',
    path: SSI_PREFIX,
    secure,
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  });
}

/**
 * A browser says where a POST comes from in Origin; it must be this host. A client that sends
 * no Origin (curl, a test) is not a browser being tricked, and the tokens still apply.
 */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function allow(method: string, allowed: string[], res: ServerResponse, asJson = false): boolean {
  if (allowed.includes(method)) return true;
  const headers = { Allow: allowed.join(', ') };
  if (asJson) json(res, 405, { error: `use ${allowed.join(' or ')}` }, headers);
  else send(res, 405, 'text/plain; charset=utf-8', `use ${allowed.join(' or ')}`, headers);
  return false;
}

function redirect(res: ServerResponse, location: string, cookies: string[] = []): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(303, { ...SECURITY_HEADERS, Location: location, 'Content-Length': '0', ...(cookies.length ? { 'Set-Cookie': cookies } : {}) });
  res.end();
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string | string[]> = {}): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), headers);
}

function send(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string | string[]> = {}, close = false): void {
  if (res.headersSent || res.destroyed) return;
  if (close) res.shouldKeepAlive = false;
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}
