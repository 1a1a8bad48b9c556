// One measured export, in a process of its own so its peak RSS is the export's (plus Node's
// and tsx's own), not the seeding's. Usage: node --import tsx bench/flags-export-child.ts DB OUTDIR
// Prints one JSON line: records and ms per fuel (the export only, startup excluded), peak RSS.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { exportFlagsToFile } from '../reference-impl/registration/file-export.ts';
import { FUELS } from '../src/service-flags.ts';

const [db, outDir] = process.argv.slice(2);
if (!db || !outDir) throw new Error('usage: flags-export-child.ts DB OUTDIR');
const rssAtStartMb = process.memoryUsage().rss / 1048576;
const fuels: Record<string, { records: number; ms: number; file: string }> = {};
let totalMs = 0;
for (const fuel of FUELS) {
  const file = join(outDir, fuel === 'gas' ? 'flags.dxi' : 'flags.esf');
  const t = performance.now();
  const r = await exportFlagsToFile({ db, fuel, out: file });
  const ms = performance.now() - t;
  totalMs += ms;
  fuels[fuel] = { records: r.records, ms, file };
}
// ru_maxrss is in kilobytes on Linux
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ fuels, totalMs, records: Object.values(fuels).reduce((n, f) => n + f.records, 0), peakRssMb, rssAtStartMb })}\n`);
