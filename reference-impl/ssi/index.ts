// The reference's Self-Service Interface: Users sign in and read the Service Audit Trail of their
// devices. Assembled here from the trail (smi/audit-trail.ts), the SMI and the DSP rules; served
// by the gateway under /ssi, or on its own (server.ts) for the in-process target.
import type { UserDirectory } from '../../src/users.ts';
import type { Clock } from '../clock.ts';
import type { Assumptions } from '../dsp/assumptions.ts';
import type { DspRules } from '../modifications/index.ts';
import type { AuditTrail } from '../smi/audit-trail.ts';
import type { SmiInventory } from '../smi/inventory.ts';
import { SsiAccounts, type SsiCredential } from './accounts.ts';
import { createSsiHandler, type SsiHttpHandler } from './http.ts';
import { SsiSessions } from './sessions.ts';
import { SsiTrailView } from './trail-view.ts';

export type { SsiCredential } from './accounts.ts';
export type { SsiHttpHandler } from './http.ts';

export interface ReferenceSsi {
  /** Answers any request under /ssi. */
  handle: SsiHttpHandler;
  /** Who can sign in, passwords included (for the test controls: these are test credentials). */
  credentials(): SsiCredential[];
  readonly view: SsiTrailView;
  readonly sessions: SsiSessions;
}

export interface ReferenceSsiOptions {
  smi: SmiInventory;
  trail: AuditTrail;
  rules: DspRules;
  users: UserDirectory;
  now: Clock;
  assumptions: Assumptions['ssi'];
  /** Default: an account per known User, login = User ID, a random password. */
  credentials?: readonly SsiCredential[];
  log: (line: string) => void;
}

export function createReferenceSsi(o: ReferenceSsiOptions): ReferenceSsi {
  const accounts = o.credentials ? new SsiAccounts(o.credentials, o.users) : SsiAccounts.generated(o.users);
  const sessions = new SsiSessions(o.now, o.assumptions.sessionIdleMinutes * 60_000);
  const view = new SsiTrailView({ smi: o.smi, trail: o.trail, rules: o.rules, maxEntries: o.assumptions.maxEntries });
  return {
    handle: createSsiHandler({ accounts: () => accounts, sessions, view, log: o.log }),
    credentials: () => accounts.credentials(),
    view,
    sessions,
  };
}
