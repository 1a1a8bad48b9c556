// The registration-file export on a reference database file (the one `serve --db` uses), for
// `sec-conformance flags export` and the bench: the rules the reference last ran with (recorded
// in the database), the fuel's feature switch, records streamed to a temporary file that is
// synced and renamed into place before anything is marked notified. A crash part-way leaves
// every change pending for the next run.
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { Baseline } from '../../src/baseline.ts';
import { parseFlagProfile, type Fuel } from '../../src/service-flags.ts';
import { dspRules, type DspRules } from '../modifications/index.ts';
import { openDatabase } from '../smi/database.ts';
import { ServiceFlagStore } from '../smi/service-flags.ts';
import { exportServiceFlags, flagSide, type ExportResult } from './export.ts';

export class ExportDatabaseError extends Error {}

export interface FileExportOptions {
  db: string;
  fuel: Fuel;
  out: string;
  batchSize?: number;
  now?: Date;
}

export interface FileExportResult extends ExportResult {
  out: string;
  /** The rules the export applied: from the database, else the full baseline and the default profile. */
  baseline: string;
  flagProfile: string;
  side: 'MP077' | 'before-MP077';
  switchOn: boolean;
}

/** The DCC Service Flag rules recorded in a reference database. */
export function recordedServiceFlagRules(store: ServiceFlagStore): { rules: DspRules; baseline: string; flagProfile: string } {
  const recorded = store.recordedRules();
  const baseline = Baseline.parse(recorded.baseline ?? 'all');
  const flagProfile = parseFlagProfile(recorded.flagProfile);
  return { rules: dspRules(baseline, {}, { flagProfile }), baseline: baseline.toString(), flagProfile };
}

export async function exportFlagsToFile(o: FileExportOptions): Promise<FileExportResult> {
  // never create an empty database for a mistyped path
  if (!existsSync(o.db)) throw new ExportDatabaseError(`no reference database at ${o.db}`);
  const db = openDatabase(o.db);
  const tmp = `${o.out}.partial`;
  let fd: number | undefined;
  try {
    const store = new ServiceFlagStore(db);
    const { rules, baseline, flagProfile } = recordedServiceFlagRules(store);
    fd = openSync(tmp, 'w');
    const file = fd;
    const result = await exportServiceFlags(store, rules.serviceFlags, o.fuel, (chunk) => void writeSync(file, chunk), {
      now: o.now ?? new Date(),
      ...(o.batchSize !== undefined ? { batchSize: o.batchSize } : {}),
      beforeMark: () => {
        fsyncSync(file);
        closeSync(file);
        fd = undefined;
        renameSync(tmp, o.out);
      },
    });
    return { ...result, out: o.out, baseline, flagProfile, side: flagSide(rules.serviceFlags), switchOn: rules.serviceFlags.switches && store.switchOn(o.fuel) };
  } finally {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    db.close();
  }
}

/** Set a fuel's MP077 feature switch in a reference database. */
export function setSwitchInDatabase(dbFile: string, fuel: Fuel, on: boolean): { baseline: string; switches: boolean } {
  if (!existsSync(dbFile)) throw new ExportDatabaseError(`no reference database at ${dbFile}`);
  const db = openDatabase(dbFile);
  try {
    const store = new ServiceFlagStore(db);
    store.setSwitch(fuel, on);
    const { rules, baseline } = recordedServiceFlagRules(store);
    return { baseline, switches: rules.serviceFlags.switches };
  } finally {
    db.close();
  }
}
