// Signed-in sessions of the Self-Service Interface, held server-side: the browser only ever has
// an unguessable session ID (in an HttpOnly, SameSite=Strict cookie). Each session carries its
// own CSRF token for the forms that change something. Time is the reference's clock.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';

export interface SsiSession {
  readonly id: string;
  readonly userId: string;
  /** Must come back with every state-changing form or API call. */
  readonly csrfToken: string;
  lastSeen: number;
}

/** Enough for any test run; a flood of sign-ins evicts the stalest sessions rather than growing without bound. */
export const MAX_SESSIONS = 10_000;

const token = (): string => randomBytes(32).toString('base64url');

export class SsiSessions {
  private readonly sessions = new Map<string, SsiSession>();

  constructor(
    private readonly now: Clock,
    private readonly idleMs: number,
  ) {}

  /** A new session (never a reused ID, so a planted cookie cannot fixate one). */
  create(userId: string): SsiSession {
    if (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    const s: SsiSession = { id: token(), userId, csrfToken: token(), lastSeen: this.now().getTime() };
    this.sessions.set(s.id, s);
    return s;
  }

  /** The live session with this ID, its idle time restarted; undefined when unknown or expired. */
  get(id: string | undefined): SsiSession | undefined {
    if (id === undefined) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    const now = this.now().getTime();
    // a clock moved backwards (setClock) does not make a session immortal: only forward idle time counts
    if (now - s.lastSeen > this.idleMs) {
      this.sessions.delete(id);
      return undefined;
    }
    s.lastSeen = Math.max(s.lastSeen, now);
    // keep insertion order = least recently used first, for eviction
    this.sessions.delete(id);
    this.sessions.set(id, s);
    return s;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }
}

/** Constant-time comparison of a presented CSRF token with the session's. */
export function csrfMatches(session: SsiSession, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented.length === 0) return false;
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(session.csrfToken, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export const newToken = token;
