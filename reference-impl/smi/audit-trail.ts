// The Service Audit Trail (SEC H8.16(b)): one row per message that crossed the DCC User
// Interface, with the devices it concerned. Titles and codes only: no payload, no XML, nothing
// a User could not already read in a Header. Never pruned, so the three months the SEC asks for
// are always there [I]. Plain data in, plain data out: what a message *is* is decided by the
// recorder (dsp/audit-recorder.ts); who may see which rows by the SAT rule (modifications/).
import type { Db } from './database.ts';

/** What an entry records, in the SEC's words (H8.16(b)). */
export const AUDIT_KINDS = ['Service Request', 'Signed Pre-Command', 'Acknowledgement', 'Pre-Command', 'Service Response', 'Alert'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export interface AuditEntry {
  /** Increasing with time of recording. */
  id: number;
  /** ISO date-time, from the reference's clock. */
  at: string;
  kind: AuditKind;
  /** Service Reference Variant. */
  srv: string;
  /** The SRV's title (from the DUIS request matrix). */
  title: string;
  /** Header RequestID as written; absent when the message carried none. */
  requestId?: string;
  /** The User that sent the request, or that the response or alert went to. */
  userId: string;
  /** EUI-64s of the devices the message concerned (BusinessTargetID, devices named in the body). */
  devices: string[];
  /** ResponseCode, or the alert code; absent for requests. */
  responseCode?: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

/** Which rows of a device's trail a query returns. */
export type AuditScope = { kind: 'device' } | { kind: 'own'; userId: string };

interface Row {
  id: number;
  at: string;
  kind: string;
  srv: string;
  title: string;
  request_id: string | null;
  user_id: string;
  response_code: string | null;
  devices: string | null;
}

export function createAuditTrailSchema(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS sat_entries (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at TEXT NOT NULL,
      kind TEXT NOT NULL,
      srv TEXT NOT NULL,
      title TEXT NOT NULL,
      request_id TEXT,
      user_id TEXT NOT NULL,
      response_code TEXT
    );
    CREATE INDEX IF NOT EXISTS sat_entries_request ON sat_entries(request_id COLLATE NOCASE);
    -- many devices per entry (a join names two); looked up by device
    CREATE TABLE IF NOT EXISTS sat_entry_devices (
      device_id TEXT NOT NULL,
      entry_id INTEGER NOT NULL REFERENCES sat_entries(id),
      PRIMARY KEY (device_id, entry_id)
    ) WITHOUT ROWID;
  `);
}

/** Tables that hold the trail: a log of the interface, not SMI state (snapshot() leaves them out). */
export const AUDIT_TABLE_PREFIX = 'sat_';

export class AuditTrail {
  constructor(private readonly db: Db) {
    createAuditTrailSchema(db);
  }

  add(e: NewAuditEntry): number {
    return this.db.transaction(() => {
      const r = this.db
        .prepare('INSERT INTO sat_entries (at, kind, srv, title, request_id, user_id, response_code) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(e.at, e.kind, e.srv, e.title, e.requestId ?? null, e.userId, e.responseCode ?? null);
      const id = Number(r.lastInsertRowid);
      const link = this.db.prepare('INSERT OR IGNORE INTO sat_entry_devices (device_id, entry_id) VALUES (?, ?)');
      for (const d of new Set(e.devices)) link.run(d, id);
      return id;
    })();
  }

  /** The first entry recorded for a RequestID (its request): who sent it and which devices it named. RequestIDs compare case-blind. */
  firstFor(requestId: string): AuditEntry | undefined {
    const row = this.db
      .prepare(`SELECT e.*, (SELECT group_concat(device_id, ' ') FROM sat_entry_devices WHERE entry_id = e.id) AS devices
                FROM sat_entries e WHERE e.request_id = ? COLLATE NOCASE ORDER BY e.id LIMIT 1`)
      .get(requestId) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** A device's entries in `scope`, newest first, at most `limit`. */
  forDevice(deviceId: string, scope: AuditScope, limit: number): AuditEntry[] {
    const own = scope.kind === 'own';
    const rows = this.db
      .prepare(
        `SELECT e.*, (SELECT group_concat(device_id, ' ') FROM sat_entry_devices WHERE entry_id = e.id) AS devices
         FROM sat_entry_devices d JOIN sat_entries e ON e.id = d.entry_id
         WHERE d.device_id = @device ${own ? 'AND e.user_id = @user' : ''}
         ORDER BY e.id DESC LIMIT @limit`,
      )
      .all({ device: deviceId, limit, ...(own ? { user: scope.userId } : {}) }) as Row[];
    return rows.map(fromRow);
  }

  /** Whether `userId` has any entry of its own about the device. */
  hasOwnEntries(deviceId: string, userId: string): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM sat_entry_devices d JOIN sat_entries e ON e.id = d.entry_id WHERE d.device_id = ? AND e.user_id = ? LIMIT 1')
        .get(deviceId, userId) !== undefined
    );
  }

  /** Devices the User has entries of its own about. */
  devicesWithOwnEntries(userId: string): string[] {
    return (
      this.db
        .prepare('SELECT DISTINCT d.device_id FROM sat_entry_devices d JOIN sat_entries e ON e.id = d.entry_id WHERE e.user_id = ? ORDER BY d.device_id')
        .all(userId) as { device_id: string }[]
    ).map((r) => r.device_id);
  }

  /** Everything, oldest first (tests, inspection). */
  all(): AuditEntry[] {
    const rows = this.db
      .prepare(`SELECT e.*, (SELECT group_concat(device_id, ' ') FROM sat_entry_devices WHERE entry_id = e.id) AS devices FROM sat_entries e ORDER BY e.id`)
      .all() as Row[];
    return rows.map(fromRow);
  }
}

function fromRow(r: Row): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    kind: r.kind as AuditKind,
    srv: r.srv,
    title: r.title,
    ...(r.request_id !== null ? { requestId: r.request_id } : {}),
    userId: r.user_id,
    devices: r.devices ? r.devices.split(' ').sort() : [],
    ...(r.response_code !== null ? { responseCode: r.response_code } : {}),
  };
}
