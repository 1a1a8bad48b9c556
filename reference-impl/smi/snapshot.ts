// A full dump of the reference's database, for tests that assert a refused request changed
// nothing. Every table is included, the simulated devices' ones too.
import type { Db } from './database.ts';

export type Snapshot = Record<string, Record<string, unknown>[]>;

export function snapshot(db: Db): Snapshot {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  const out: Snapshot = {};
  for (const { name } of tables) {
    // names come from sqlite_master, not from input; quoted all the same
    out[name] = db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}" ORDER BY rowid`).all() as Record<string, unknown>[];
  }
  return out;
}
