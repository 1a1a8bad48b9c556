// The DCC's outgoing registration data for MP077: for one fuel, every Meter Point whose DCC
// Service Flag changed and has not been notified yet, one record each, then those Meter Points
// are marked notified. A second run writes nothing; a fuel whose feature switch was off keeps
// its new values pending, so the first run after the switch is turned on catches them all up
// (PIA 5.1: no batching for the initial catch-up).
//
// Records are read in change order in batches and handed to `write` as they are formatted, so a
// million-row catch-up never sits in memory. Marking comes last and only covers rows unchanged
// since the export began (change_seq <= the sequence number read at the start): a Meter Point
// that changes meanwhile stays pending with its new value.
import { exportLayout, formatRecord, yyyymmdd, type FlagSide } from '../../schemas/registration-files.ts';
import type { Fuel } from '../../src/service-flags.ts';
import type { ServiceFlagRules } from '../modifications/index.ts';
import type { ServiceFlagStore } from '../smi/service-flags.ts';

export interface ExportOptions {
  /** Rows read per query; default 10,000. */
  batchSize?: number;
  /** When the records were notified (stored as notified_at). */
  now: Date;
  /** After the last write, before anything is marked notified (flush and close the file here); throwing marks nothing. */
  beforeMark?: () => void | Promise<void>;
  /** Self-test defect only (dsp/defects.ts registrationForgetsNotified): mark nothing notified. */
  forgetNotified?: boolean;
}

export interface ExportResult {
  fuel: Fuel;
  records: number;
  /** The flag values this export could carry (the switch and the rules decide). */
  values: readonly string[];
}

/** Which side's flag values a file is written and checked with. */
export function flagSide(rules: ServiceFlagRules): FlagSide {
  return rules.switches ? 'MP077' : 'before-MP077';
}

/**
 * Write the pending records of `fuel` through `write` (called once per batch with whole lines),
 * then mark them notified. If `write` or `beforeMark` throws, nothing is marked.
 */
export async function exportServiceFlags(
  store: ServiceFlagStore,
  rules: ServiceFlagRules,
  fuel: Fuel,
  write: (chunk: string) => void | Promise<void>,
  options: ExportOptions,
): Promise<ExportResult> {
  const values = rules.exported(rules.switches && store.switchOn(fuel));
  const layout = exportLayout(fuel, flagSide(rules));
  const def = layout.records[0]!;
  const [, mpField, flagField, dateField] = def.fields.map((f) => f.name);
  const batchSize = options.batchSize ?? 10_000;
  const upto = store.currentSeq();
  let after = 0;
  let records = 0;
  for (;;) {
    const rows = store.pendingBatch(fuel, values, after, upto, batchSize);
    if (rows.length === 0) break;
    let chunk = '';
    for (const r of rows) {
      chunk += `${formatRecord(def, { [mpField!]: r.mpxn, [flagField!]: r.flag, [dateField!]: yyyymmdd(r.effectiveFrom) }, layout.separator)}\n`;
    }
    await write(chunk);
    records += rows.length;
    after = rows[rows.length - 1]!.changeSeq;
  }
  await options.beforeMark?.();
  // self-test defect registrationForgetsNotified: nothing is marked, so the next file repeats it all
  if (records > 0 && !options.forgetNotified) store.markNotified(fuel, values, upto, options.now.toISOString());
  return { fuel, records, values };
}
