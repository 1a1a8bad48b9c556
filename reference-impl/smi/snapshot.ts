// A full dump of the reference's state, for tests that assert a refused request changed
// nothing. Every table is included, the simulated devices' ones too, except the Service Audit
// Trail's: a refused request is recorded there by design (inspect.auditTrail() reads it).
import { AUDIT_TABLE_PREFIX } from './audit-trail.ts';
import type { Db } from './database.ts';

export type Snapshot = Record<string, Record<string, unknown>[]>;

export function snapshot(db: Db): Snapshot {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  const out: Snapshot = {};
  for (const { name } of tables) {
    if (name.startsWith(AUDIT_TABLE_PREFIX)) continue;
    // names come from sqlite_master, not from input; quoted all the same
    out[name] = db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}" ORDER BY rowid`).all() as Record<string, unknown>[];
  }
  return out;
}
