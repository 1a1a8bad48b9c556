// MP077 registration-file export at DCC scale, measured in one run: an inventory of 1,000,000
// Meter Points and 3,000,000 devices (a CHF, a GPF and a smart meter per premises), bulk-seeded
// straight into the reference's SQLite tables (inserting through DUIS would take hours and
// measure DUIS, not the export). Then:
//   1. the initial catch-up of the PIA's 45,000 N flags (PIA 5.1);
//   2. a catch-up of all 1,000,000 Meter Points (every flag pending), streamed to file;
//   3. incremental exports of 1,000 and 10,000 changes made through the reference's own path
//      (SMI device update -> DCC Service Status tracker -> Meter Point flags);
//   4. the same 1,000-change export in a 10,000-Meter-Point inventory, as the baseline that shows
//      the incremental cost follows the changes, not the inventory (the partial index on
//      pending rows).
// Each export runs in a child process (bench/flags-export-child.ts) so its peak RSS is its own.
// Targets: 1,000,000 in under 10 s with peak RSS under 500 MB.
// Run: npm run bench:flags   (BENCH_METER_POINTS=100000 for a quicker look)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_ASSUMPTIONS } from '../reference-impl/dsp/assumptions.ts';
import { ServiceStatusTracker } from '../reference-impl/dsp/service-status.ts';
import { dspRules } from '../reference-impl/modifications/index.ts';
import { createSmiSchema, openDatabase, type Db } from '../reference-impl/smi/database.ts';
import { SmiInventory } from '../reference-impl/smi/inventory.ts';
import { ServiceFlagStore } from '../reference-impl/smi/service-flags.ts';
import { Baseline } from '../src/baseline.ts';

const METER_POINTS = Number(process.env['BENCH_METER_POINTS'] ?? 1_000_000);
const SMALL_METER_POINTS = 10_000;
/** The PIA's 45,000 N among about 3 million smart meters: in a 1,000,000-Meter-Point inventory, 45,000; scaled for others. */
const catchUpN = (n: number) => Math.round((45_000 * n) / 1_000_000);
const ELECTRICITY_SHARE = 0.6;
const TARGET_MS = 10_000;
const TARGET_RSS_MB = 500;

const dir = mkdtempSync(join(tmpdir(), 'sec-conformance-bench-flags-'));
const clock = () => new Date('2025-04-01T09:00:00Z');

interface ExportRun {
  totalMs: number;
  records: number;
  peakRssMb: number;
  rssAtStartMb: number;
  fuels: Record<string, { records: number; ms: number; file: string }>;
}

function exportInChild(db: string): ExportRun {
  const out = mkdtempSync(join(dir, 'out-'));
  const line = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'flags-export-child.ts'), db, out], { encoding: 'utf8' });
  return JSON.parse(line.trim().split('\n').at(-1)!) as ExportRun;
}

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');
const eui = (kind: number, n: number) => `00-DB-${hex(kind, 2)}-${hex(n, 10).match(/../g)!.join('-')}`;
const mpan = (i: number) => `19${String(i).padStart(11, '0')}`;
const mprn = (i: number) => `7${String(i).padStart(9, '0')}`;

/** Secondary indexes of smi_devices, dropped while seeding and rebuilt after (faster than maintaining them row by row). */
const DEVICE_INDEXES = ['smi_devices_import_mpxn', 'smi_devices_secondary_mpan', 'smi_devices_export_mpan', 'smi_devices_install_mpxn', 'smi_devices_comms_hub', 'smi_devices_uprn', 'smi_devices_post_code'];

/** An inventory of `n` premises, each with a CHF, a GPF and one commissioned smart meter at its own Meter Point (flag A, notified). */
function seed(file: string, n: number): { db: Db; seconds: number; devices: number } {
  const t = performance.now();
  const db = openDatabase(file);
  db.pragma('synchronous = OFF');
  new SmiInventory(db, clock); // creates the SMI schema
  const store = new ServiceFlagStore(db);
  store.recordRules({ baseline: 'all', flagProfile: 'dsp-assessment' });
  for (const i of DEVICE_INDEXES) db.exec(`DROP INDEX IF EXISTS ${i}`);
  db.exec('DROP INDEX IF EXISTS smi_meter_points_pending');
  const now = clock().toISOString();
  const device = db.prepare(
    `INSERT INTO smi_devices (device_id, device_type, status, manufacturer, model, import_mpxn, comms_hub, responsible_supplier, date_commissioned, created_at, updated_at)
     VALUES (?, ?, ?, 'AB01', '010A030B', ?, ?, '90-B3-D5-1F-30-01-00-00', ?, ?, ?)`,
  );
  const flag = db.prepare(
    `INSERT INTO smi_meter_points (fuel, mpxn, flag, effective_from, notified_flag, notified_at, pending, change_seq) VALUES (?, ?, ?, '2024-06-27', 'A', ?, ?, ?)`,
  );
  // the N flags spread evenly through the inventory, kept while the switch was off
  const isN = nFlagged(n);
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const chf = eui(0xc0, i);
      const electricity = i < n * ELECTRICITY_SHARE;
      const mp = electricity ? mpan(i) : mprn(i);
      device.run(chf, 'CHF', 'Commissioned', null, null, null, now, now);
      device.run(eui(0xc1, i), 'GPF', 'Commissioned', null, chf, null, now, now);
      device.run(eui(0xe0, i), electricity ? 'ESME' : 'GSME', 'Commissioned', mp, chf, '2024-06-27', now, now);
      flag.run(electricity ? 'electricity' : 'gas', mp, isN(i) ? 'N' : 'A', now, isN(i) ? 1 : 0, i + 1);
    }
  })();
  db.prepare("INSERT INTO smi_service_flag_settings (name, value) VALUES ('change-seq', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value").run(String(n));
  createSmiSchema(db); // rebuilds the dropped indexes
  new ServiceFlagStore(db); // and the partial index on pending rows
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { db, seconds: (performance.now() - t) / 1000, devices: 3 * n };
}

/** Which premises' Meter Points hold a pending N after seeding. */
function nFlagged(n: number): (i: number) => boolean {
  const every = Math.floor(n / catchUpN(n));
  return (i) => i % every === 0 && i / every < catchUpN(n);
}

/** `count` smart meters decommissioned through the reference's own path: SMI update -> tracker -> flags. */
function decommission(db: Db, from: number, count: number, n: number): number {
  const smi = new SmiInventory(db, clock);
  const flags = new ServiceFlagStore(db);
  const rules = dspRules(Baseline.all(), {}, { flagProfile: 'dsp-assessment' });
  const tracker = new ServiceStatusTracker(smi, flags, rules.serviceFlags, DEFAULT_ASSUMPTIONS.serviceFlags, clock);
  smi.onDeviceChange = (b, a) => tracker.onDeviceChange(b, a);
  const t = performance.now();
  // meters spread through the inventory, both fuels; decommissioned in one transaction as the
  // DSP would over a day's work, committed before the export runs
  const step = Math.floor(n / count);
  const isN = nFlagged(n);
  db.transaction(() => {
    for (let k = 0; k < count; k++) {
      let i = (from + k * step) % n;
      while (isN(i)) i = (i + 1) % n; // an Active Meter Point, so the decommission is a change
      smi.update(eui(0xe0, i), { status: 'Decommissioned' });
    }
  })();
  const ms = performance.now() - t;
  db.pragma('wal_checkpoint(TRUNCATE)');
  return ms;
}

const mb = (x: number) => `${x.toFixed(0)} MB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (records: number, ms: number) => `${Math.round(records / (ms / 1000)).toLocaleString('en-GB')}/s`;

console.log(`MP077 registration-file export bench: ${METER_POINTS.toLocaleString('en-GB')} Meter Points, ${(3 * METER_POINTS).toLocaleString('en-GB')} devices (bulk-seeded into SQLite), in ${dir}`);

const bigFile = join(dir, 'big.db');
const big = seed(bigFile, METER_POINTS);
console.log(`seeded in ${big.seconds.toFixed(1)} s; database ${mb(statSync(bigFile).size / 1048576)}`);
const plan = big.db
  .prepare("EXPLAIN QUERY PLAN SELECT mpxn FROM smi_meter_points WHERE fuel = 'gas' AND pending = 1 AND change_seq > 0 AND change_seq <= 10 AND flag IN ('A','N','I') ORDER BY change_seq LIMIT 10")
  .all() as { detail: string }[];
console.log(`pending query plan: ${plan.map((p) => p.detail).join('; ')}`);

// 1. the PIA's initial catch-up of N flags
const catchUpOfN = exportInChild(bigFile);

// nothing pending: the fixed cost of an export (open, query, close), subtracted for marginal costs
const emptyBig = exportInChild(bigFile);

// 2. every Meter Point pending (not measured: set-up for the worst case)
big.db.exec("UPDATE smi_meter_points SET notified_flag = NULL, pending = 1");
big.db.pragma('wal_checkpoint(TRUNCATE)');
const catchUpAll = exportInChild(bigFile);
// the files it wrote pass our record checker (streamed, as `flags check` reads any file)
const checkStart = performance.now();
const checked = Object.entries(catchUpAll.fuels).map(([fuel, f]) =>
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'bin', 'sec-conformance.js'), 'flags', 'check', f.file, '--fuel', fuel], { encoding: 'utf8' }).trim(),
);
const checkMs = performance.now() - checkStart;

// 3. incremental: 1,000 then 10,000 changes made through the reference's own path
const change1k = decommission(big.db, 1, 1_000, METER_POINTS);
// the pending query itself, with the partial index and without it (a full scan, as a query with
// no index on the notified state would do), warm, in this process
const pendingSql = (hint: string) =>
  big.db.prepare(`SELECT mpxn, flag FROM smi_meter_points ${hint} WHERE fuel = ? AND pending = 1 AND change_seq > 0 AND change_seq <= ? AND flag IN ('A', 'N', 'I') ORDER BY change_seq`);
const seqNow = new ServiceFlagStore(big.db).currentSeq();
const timeQuery = (hint: string) => {
  const stmt = pendingSql(hint);
  for (const fuel of ['electricity', 'gas']) stmt.all(fuel, seqNow); // warm the cache
  const t = performance.now();
  let rows = 0;
  for (let r = 0; r < 5; r++) for (const fuel of ['electricity', 'gas']) rows += stmt.all(fuel, seqNow).length;
  return { ms: (performance.now() - t) / 5, rows: rows / 5 };
};
const queryIndexed = timeQuery('');
const queryScan = timeQuery('NOT INDEXED');
const incr1k = exportInChild(bigFile);
const change10k = decommission(big.db, 2, 10_000, METER_POINTS);
const incr10k = exportInChild(bigFile);
big.db.close();

// 4. baseline: the same 1,000 changes in a small inventory
const smallFile = join(dir, 'small.db');
const small = seed(smallFile, SMALL_METER_POINTS);
exportInChild(smallFile); // its own catch-up of N first, so the next export holds the changes only
const emptySmall = exportInChild(smallFile);
const smallChange1k = decommission(small.db, 1, 1_000, SMALL_METER_POINTS);
small.db.close();
const smallIncr1k = exportInChild(smallFile);

const rows: [string, ExportRun][] = [
  [`catch-up of the N flags (PIA 5.1)`, catchUpOfN],
  [`nothing pending (fixed cost)`, emptyBig],
  [`catch-up of every Meter Point`, catchUpAll],
  [`incremental, 1,000 changes`, incr1k],
  [`incremental, 10,000 changes`, incr10k],
  [`nothing pending, ${SMALL_METER_POINTS.toLocaleString('en-GB')}-MP inventory`, emptySmall],
  [`incremental, 1,000 changes, ${SMALL_METER_POINTS.toLocaleString('en-GB')}-MP inventory`, smallIncr1k],
];
console.log('');
console.log('export                                              records     time      rate         peak RSS (process)');
for (const [name, r] of rows) {
  console.log(`${name.padEnd(50)}  ${String(r.records).padStart(9)}  ${sec(r.totalMs).padStart(8)}  ${rate(r.records, r.totalMs).padStart(11)}  ${mb(r.peakRssMb)} (of which ${mb(r.rssAtStartMb)} at start)`);
}
console.log('');
console.log(`making the changes through the SMI and the tracker: 1,000 in ${sec(change1k)}, 10,000 in ${sec(change10k)} (${SMALL_METER_POINTS.toLocaleString('en-GB')}-MP inventory: 1,000 in ${sec(smallChange1k)})`);
console.log('');
console.log('ratios');
console.log(`  catch-up of ${catchUpAll.records.toLocaleString('en-GB')}: ${sec(catchUpAll.totalMs)} = ${(catchUpAll.totalMs / TARGET_MS).toFixed(2)} of the 10 s target; peak RSS ${mb(catchUpAll.peakRssMb)} = ${(catchUpAll.peakRssMb / TARGET_RSS_MB).toFixed(2)} of the 500 MB target`);
const marginal = (r: ExportRun, empty: ExportRun) => Math.max(0.001, r.totalMs - empty.totalMs);
console.log(`  incremental 1,000 in ${METER_POINTS.toLocaleString('en-GB')} MPs / in ${SMALL_METER_POINTS.toLocaleString('en-GB')} MPs: ${(incr1k.totalMs / smallIncr1k.totalMs).toFixed(2)} whole, ${(marginal(incr1k, emptyBig) / marginal(smallIncr1k, emptySmall)).toFixed(2)} over the fixed cost (inventory ${METER_POINTS / SMALL_METER_POINTS}x larger)`);
console.log(`  incremental 10,000 / 1,000 changes: ${(incr10k.totalMs / incr1k.totalMs).toFixed(2)} whole, ${(marginal(incr10k, emptyBig) / marginal(incr1k, emptyBig)).toFixed(2)} over the fixed cost (changes 10x)`);
console.log(`  incremental 1,000 / catch-up of ${catchUpAll.records.toLocaleString('en-GB')}: ${(incr1k.totalMs / catchUpAll.totalMs).toFixed(3)} whole, ${(marginal(incr1k, emptyBig) / marginal(catchUpAll, emptyBig)).toFixed(4)} over the fixed cost`);
console.log(`  per record: catch-up ${((catchUpAll.totalMs * 1000) / catchUpAll.records).toFixed(1)} µs, incremental ${((incr1k.totalMs * 1000) / incr1k.records).toFixed(1)} µs`);
console.log(`  pending query for 1,000 changes in ${METER_POINTS.toLocaleString('en-GB')} MPs: ${queryIndexed.ms.toFixed(2)} ms with the partial index, ${queryScan.ms.toFixed(1)} ms as a full scan: ${(queryScan.ms / queryIndexed.ms).toFixed(0)}x (${queryIndexed.rows} rows either way)`);
console.log(`  record checker on the catch-up files: ${sec(checkMs)} (process start included): ${checked.map((c) => c.split(':')[1]?.split(',')[0]?.trim()).join('; ')}`);
const ok = catchUpAll.totalMs < TARGET_MS && catchUpAll.peakRssMb < TARGET_RSS_MB && catchUpAll.records === METER_POINTS && incr1k.records === 1_000 && incr10k.records === 10_000;
console.log(ok || METER_POINTS !== 1_000_000 ? `targets ${catchUpAll.totalMs < TARGET_MS && catchUpAll.peakRssMb < TARGET_RSS_MB ? 'met' : 'NOT met'}` : 'targets NOT met');
rmSync(dir, { recursive: true, force: true });
