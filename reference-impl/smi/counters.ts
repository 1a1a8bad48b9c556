// The last OriginatorCounter DCC accepted from each User, so a replayed or lower one is refused.
import type { Db } from './database.ts';

export class OriginatorCounters {
  // prepared once: every request reads and most write these
  private readonly select;
  private readonly upsert;

  constructor(db: Db) {
    this.select = db.prepare('SELECT last_counter FROM smi_originator_counters WHERE originator = ?');
    this.upsert = db.prepare(
      'INSERT INTO smi_originator_counters (originator, last_counter) VALUES (?, ?) ON CONFLICT(originator) DO UPDATE SET last_counter = excluded.last_counter',
    );
  }

  last(originator: string): bigint | undefined {
    const row = this.select.get(originator) as
      | { last_counter: string }
      | undefined;
    return row ? BigInt(row.last_counter) : undefined;
  }

  /** Record `counter` as the last accepted from `originator` (never lowers it). */
  accept(originator: string, counter: bigint): void {
    const prev = this.last(originator);
    if (prev !== undefined && prev >= counter) return;
    this.upsert.run(originator, counter.toString());
  }
}

/** DCC's own monotonically rising numbers (ResponseID counters, fixture EUIs), kept across restarts. */
export class Sequences {
  constructor(private readonly db: Db) {}

  next(name: string): number {
    this.db.prepare('INSERT INTO smi_sequences (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1').run(name);
    return (this.db.prepare('SELECT value FROM smi_sequences WHERE name = ?').get(name) as { value: number }).value;
  }
}
