// A User in the Self-Service Interface through its JSON API, for automation: signs in with
// POST <ssi>/api/session, keeps the session cookie, reads <ssi>/api/devices/{EUI}/audit-trail.
import type { SsiAccess, SsiAccount } from '../targets/target.ts';
import type { SsiRow, SsiTrailView } from './view.ts';

export class SsiApiError extends Error {}

export class SsiApiSession {
  private constructor(
    private readonly base: string,
    private readonly cookie: string,
    private readonly csrfToken: string,
  ) {}

  static async signIn(access: SsiAccess, account: SsiAccount): Promise<SsiApiSession> {
    const base = access.url.replace(/\/+$/, '');
    const r = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: account.login, password: account.password }),
      redirect: 'manual',
    });
    const text = await r.text();
    if (r.status !== 200) throw new SsiApiError(`signing in to ${base} as ${account.login}: HTTP ${r.status} ${text.slice(0, 200)}`);
    const cookie = r.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .filter((c) => !c.endsWith('='))
      .join('; ');
    const csrf = (JSON.parse(text) as { csrfToken?: unknown }).csrfToken;
    if (!cookie || typeof csrf !== 'string') throw new SsiApiError(`signing in to ${base}: no session cookie or CSRF token in the answer`);
    return new SsiApiSession(base, cookie, csrf);
  }

  async viewTrail(deviceId: string): Promise<SsiTrailView> {
    const r = await fetch(`${this.base}/api/devices/${encodeURIComponent(deviceId)}/audit-trail`, { headers: { Cookie: this.cookie, Accept: 'application/json' }, redirect: 'manual' });
    const text = await r.text();
    if (r.status !== 200) return { via: 'api', status: r.status, rows: [], delivered: text };
    const body = JSON.parse(text) as { scope?: string; entries?: Record<string, unknown>[] };
    if (!Array.isArray(body.entries)) throw new SsiApiError(`the audit trail of ${deviceId} came without "entries"`);
    const str = (v: unknown): string => (typeof v === 'string' ? v : '');
    const rows: SsiRow[] = body.entries.map((e) => ({
      at: str(e['at']),
      kind: str(e['kind']),
      srv: str(e['srv']),
      title: str(e['title']),
      requestId: str(e['requestId']),
      user: str(e['user']),
      devices: Array.isArray(e['devices']) ? (e['devices'] as unknown[]).map(str) : [],
      responseCode: str(e['responseCode']),
    }));
    return { via: 'api', status: r.status, ...(body.scope ? { scope: body.scope } : {}), rows, delivered: text };
  }

  /** Sign out (best effort: the session also ends when the target closes). */
  async close(): Promise<void> {
    await fetch(`${this.base}/api/session`, { method: 'DELETE', headers: { Cookie: this.cookie, 'X-CSRF-Token': this.csrfToken } }).catch(() => undefined);
  }
}
