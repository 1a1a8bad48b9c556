// The SMI's Meter Points (MP077): each MPAN and MPRN a smart meter has been associated with, its
// DCC Service Flag (null until the rules set one), the date it took effect, and what the
// registration system was last told. A Meter Point is pending when its flag differs from the
// one last notified; the export reads pending rows through a partial index, so its cost follows
// the number of changes, not the size of the inventory (PIA 3.2: "a database query which returns
// flags that have changed ... but for which the status change has not yet been notified").
import type { Fuel, ServiceFlag } from '../../src/service-flags.ts';
import type { Db } from './database.ts';

export function createServiceFlagSchema(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS smi_meter_points (
      fuel TEXT NOT NULL,
      mpxn TEXT NOT NULL,
      -- the DCC Service Flag (A, N, I); NULL: never set, never exported
      flag TEXT,
      -- xs:date the current flag took effect
      effective_from TEXT,
      -- the flag last written to a registration file for this Meter Point; NULL: none yet
      notified_flag TEXT,
      notified_at TEXT,
      -- 1 when flag is set and differs from notified_flag
      pending INTEGER NOT NULL DEFAULT 0,
      -- rises with every flag change, across restarts and processes
      change_seq INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (fuel, mpxn)
    );
    CREATE INDEX IF NOT EXISTS smi_meter_points_pending ON smi_meter_points(fuel, change_seq) WHERE pending = 1;

    -- feature switches per fuel (switch:gas, switch:electricity), the change sequence, and the
    -- rules the reference last ran with (so an export from the CLI applies the same ones)
    CREATE TABLE IF NOT EXISTS smi_service_flag_settings (
      name TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
  `);
}

export interface MeterPointFlag {
  fuel: Fuel;
  mpxn: string;
  flag: ServiceFlag | null;
  effectiveFrom?: string;
  notifiedFlag: ServiceFlag | null;
  pending: boolean;
  changeSeq: number;
}

/** A pending row as the export reads it. */
export interface PendingFlag {
  mpxn: string;
  flag: ServiceFlag;
  effectiveFrom: string;
  changeSeq: number;
}

/** What the reference ran with, recorded in the database for the CLI export. */
export interface RecordedRules {
  baseline: string;
  flagProfile: string;
}

interface Row {
  fuel: Fuel;
  mpxn: string;
  flag: ServiceFlag | null;
  effective_from: string | null;
  notified_flag: ServiceFlag | null;
  pending: number;
  change_seq: number;
}

export class ServiceFlagStore {
  private readonly stmts;

  constructor(private readonly db: Db) {
    createServiceFlagSchema(db);
    this.stmts = {
      get: db.prepare('SELECT * FROM smi_meter_points WHERE fuel = ? AND mpxn = ?'),
      upsert: db.prepare(`
        INSERT INTO smi_meter_points (fuel, mpxn, flag, effective_from, pending, change_seq)
        VALUES (@fuel, @mpxn, @flag, @date, 1, @seq)
        ON CONFLICT(fuel, mpxn) DO UPDATE SET
          flag = excluded.flag,
          effective_from = excluded.effective_from,
          pending = (excluded.flag IS NOT notified_flag),
          change_seq = excluded.change_seq`),
      setting: db.prepare('SELECT value FROM smi_service_flag_settings WHERE name = ?'),
      putSetting: db.prepare('INSERT INTO smi_service_flag_settings (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value'),
    };
  }

  get(fuel: Fuel, mpxn: string): MeterPointFlag | undefined {
    const r = this.stmts.get.get(fuel, mpxn) as Row | undefined;
    if (!r) return undefined;
    return {
      fuel: r.fuel,
      mpxn: r.mpxn,
      flag: r.flag,
      ...(r.effective_from !== null ? { effectiveFrom: r.effective_from } : {}),
      notifiedFlag: r.notified_flag,
      pending: r.pending === 1,
      changeSeq: r.change_seq,
    };
  }

  /** The Meter Point's flag is now `flag`, effective `date` (xs:date); no-op when unchanged. */
  setFlag(fuel: Fuel, mpxn: string, flag: ServiceFlag, date: string): void {
    if (this.get(fuel, mpxn)?.flag === flag) return;
    this.stmts.upsert.run({ fuel, mpxn, flag, date, seq: this.nextSeq() });
  }

  /** The last change sequence number handed out (0: none yet). */
  currentSeq(): number {
    return Number(this.setting('change-seq') ?? 0);
  }

  private nextSeq(): number {
    const n = this.currentSeq() + 1;
    this.putSetting('change-seq', String(n));
    return n;
  }

  /** Pending rows of one fuel carrying one of `values`, in change order, after `afterSeq` and up to `uptoSeq`. */
  pendingBatch(fuel: Fuel, values: readonly ServiceFlag[], afterSeq: number, uptoSeq: number, limit: number): PendingFlag[] {
    const rows = this.db
      .prepare(
        `SELECT mpxn, flag, effective_from AS effectiveFrom, change_seq AS changeSeq FROM smi_meter_points
         WHERE fuel = ? AND pending = 1 AND change_seq > ? AND change_seq <= ? AND flag IN (${values.map(() => '?').join(', ')})
         ORDER BY change_seq LIMIT ?`,
      )
      .all(fuel, afterSeq, uptoSeq, ...values, limit) as PendingFlag[];
    return rows;
  }

  /** Record every pending row of `fuel` with one of `values` and change_seq <= uptoSeq as notified; returns how many. */
  markNotified(fuel: Fuel, values: readonly ServiceFlag[], uptoSeq: number, at: string): number {
    return this.db
      .prepare(
        `UPDATE smi_meter_points SET notified_flag = flag, notified_at = ?, pending = 0
         WHERE fuel = ? AND pending = 1 AND change_seq <= ? AND flag IN (${values.map(() => '?').join(', ')})`,
      )
      .run(at, fuel, uptoSeq, ...values).changes;
  }

  /** How many Meter Points of a fuel wait to be notified (any value). */
  pendingCount(fuel: Fuel): number {
    return (this.db.prepare('SELECT count(*) AS n FROM smi_meter_points WHERE fuel = ? AND pending = 1').get(fuel) as { n: number }).n;
  }

  // --- feature switches and recorded rules ------------------------------------------------------

  /** A fuel's MP077 feature switch; on unless turned off. */
  switchOn(fuel: Fuel): boolean {
    return this.setting(`switch:${fuel}`) !== 'off';
  }

  setSwitch(fuel: Fuel, on: boolean): void {
    this.putSetting(`switch:${fuel}`, on ? 'on' : 'off');
  }

  recordRules(r: RecordedRules): void {
    this.putSetting('baseline', r.baseline);
    this.putSetting('flag-profile', r.flagProfile);
  }

  recordedRules(): Partial<RecordedRules> {
    const baseline = this.setting('baseline');
    const flagProfile = this.setting('flag-profile');
    return { ...(baseline !== undefined ? { baseline } : {}), ...(flagProfile !== undefined ? { flagProfile } : {}) };
  }

  private setting(name: string): string | undefined {
    return (this.stmts.setting.get(name) as { value: string } | undefined)?.value;
  }

  private putSetting(name: string, value: string): void {
    this.stmts.putSetting.run(name, value);
  }
}
