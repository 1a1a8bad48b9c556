// How fast is our validator per document, against libxml2 run other ways, all measured in
// this one run on DCC's RTDS samples. Run: node --import tsx bench/validate.ts
// The target is "within 2x of native libxml2 per document". Native per-document cost is taken
// as the marginal cost (10x the corpus minus 1x, in one process each), so neither process
// start nor schema compile is counted, just as our compile-once figure does not count them.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { wrapperSchema } from '../schemas/compile.ts';
import type { SchemaSet } from '../schemas/schema-set.ts';
import { DuisValidator } from '../src/validation/validator.ts';
import { xmllintWasmVerdicts } from './xmllint-wasm.ts';

const PASSES = 7;
const WASM_SINGLE_SAMPLE = 20;
const REPEAT = 10;

const require = createRequire(import.meta.url);
const rtdsDir = join(dirname(require.resolve('@smartdcc/duis-templates/package.json')), 'templates');
const corpus = readdirSync(rtdsDir).filter((n) => /\.xml$/i.test(n)).sort().map((n) => readFileSync(join(rtdsDir, n)));
const n = corpus.length;
const corpusBytes = corpus.reduce((s, b) => s + b.byteLength, 0);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function timed<T>(f: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await f();
  return { ms: performance.now() - t, value };
}

interface Row {
  method: string;
  msPerDoc: number;
  note?: string;
}

// --- ours: libxml2-wasm, schema compiled once ---------------------------------------------
const load = await timed(() => DuisValidator.load());
const validator = load.value;
const set = validator.schemaSet;
let oursInvalid = 0;
for (const doc of corpus) if (!validator.validate(doc).valid) oursInvalid++; // warm-up pass
const passMs: number[] = [];
for (let p = 0; p < PASSES; p++) {
  passMs.push((await timed(() => { for (const doc of corpus) validator.validate(doc); })).ms);
}
const ours = median(passMs) / n;
const rows: Row[] = [{ method: `ours: libxml2-wasm, compiled once (median of ${PASSES} passes)`, msPerDoc: ours }];

// --- xmllint-wasm: one call per document, then batched ----------------------------------------
const step = Math.max(1, Math.floor(n / WASM_SINGLE_SAMPLE));
const sample = corpus.filter((_, i) => i % step === 0).slice(0, WASM_SINGLE_SAMPLE);
const single = await timed(async () => { for (const doc of sample) await xmllintWasmVerdicts(set, [doc]); });
rows.push({ method: `xmllint-wasm, one call per document (${sample.length} docs)`, msPerDoc: single.ms / sample.length });

const batch1 = await timed(() => xmllintWasmVerdicts(set, corpus));
const repeated = Array.from({ length: REPEAT }, () => corpus).flat();
const batchN = await timed(() => xmllintWasmVerdicts(set, repeated));
const wasmRejected = batch1.value.filter((v) => v !== 'valid').length;
rows.push({ method: `xmllint-wasm, one call for ${n} docs (total / ${n})`, msPerDoc: batch1.ms / n });
rows.push({ method: `xmllint-wasm, marginal (${REPEAT * n} vs ${n} docs in one call)`, msPerDoc: (batchN.ms - batch1.ms) / ((REPEAT - 1) * n) });

// --- native xmllint, if installed ------------------------------------------------------------
let native: number | undefined;
const nativeBin = which('xmllint');
if (nativeBin) {
  const dir = writeNativeWorkspace(set);
  try {
    const names = corpus.map((_, i) => `d${i}.xml`);
    const run = (files: string[]) => {
      const t = performance.now();
      const r = spawnSync(nativeBin, ['--noout', '--schema', 'wrapper.xsd', ...files], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const ms = performance.now() - t;
      const validates = (r.stderr.match(/ validates$/gm) ?? []).length;
      return { ms, validates };
    };
    run(names); // warm the page cache
    const one = [run(names), run(names), run(names)];
    const many = [0, 1, 2].map(() => run(Array.from({ length: REPEAT }, () => names).flat()));
    const oneMs = median(one.map((r) => r.ms));
    const manyMs = median(many.map((r) => r.ms));
    native = (manyMs - oneMs) / ((REPEAT - 1) * n);
    rows.push({ method: `native xmllint, one process for ${n} docs (total / ${n})`, msPerDoc: oneMs / n, note: `${one[0]!.validates}/${n} validate` });
    rows.push({ method: `native xmllint, marginal (${REPEAT * n} vs ${n} docs in one process)`, msPerDoc: native });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- report ----------------------------------------------------------------------------------
const version = (() => {
  if (!nativeBin) return 'not on PATH (apt-get install -y libxml2-utils)';
  const r = spawnSync(nativeBin, ['--version'], { encoding: 'utf8' });
  return `${nativeBin}, ${(r.stderr || r.stdout).split('\n')[0]}`;
})();
console.log(`corpus: ${n} RTDS request samples, ${(corpusBytes / 1024).toFixed(0)} KiB, mean ${(corpusBytes / n / 1024).toFixed(1)} KiB/doc`);
console.log(`schema: ${set.label}; our load + compile, once: ${load.ms.toFixed(0)} ms`);
console.log(`verdicts: ours ${n - oursInvalid}/${n} valid, xmllint-wasm ${n - wasmRejected}/${n} valid`);
console.log(`native xmllint: ${version}`);
console.log('');
const width = Math.max(...rows.map((r) => r.method.length));
console.log(`${'method'.padEnd(width)}  ${'ms/doc'.padStart(9)}  ${'vs ours'.padStart(8)}`);
console.log(`${'-'.repeat(width)}  ${'-'.repeat(9)}  ${'-'.repeat(8)}`);
for (const r of rows) {
  console.log(`${r.method.padEnd(width)}  ${r.msPerDoc.toFixed(4).padStart(9)}  ${`${(r.msPerDoc / ours).toFixed(2)}x`.padStart(8)}${r.note ? `  (${r.note})` : ''}`);
}
console.log('');
if (native === undefined) {
  console.log('target "within 2x of native libxml2 per document": not measured (no native xmllint)');
} else {
  const ratio = ours / native;
  console.log(`target "within 2x of native libxml2 per document": ours ${ours.toFixed(4)} ms vs native ${native.toFixed(4)} ms = ${ratio.toFixed(2)}x -> ${ratio <= 2 ? 'MET' : 'NOT MET'}`);
}

function which(cmd: string): string | undefined {
  try {
    return execFileSync('which', [cmd], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A temp folder with the schema set under plain names, our wrapper, and the corpus as d0.xml... */
function writeNativeWorkspace(s: SchemaSet): string {
  const dir = mkdtempSync(join(tmpdir(), 'sec-conformance-bench-'));
  writeFileSync(join(dir, 'duis.xsd'), s.duis.bytes);
  writeFileSync(join(dir, 'mmc.xsd'), s.mmc.bytes);
  writeFileSync(join(dir, 'xmldsig.xsd'), s.xmldsig.bytes);
  writeFileSync(join(dir, 'wrapper.xsd'), wrapperSchema());
  corpus.forEach((doc, i) => writeFileSync(join(dir, `d${i}.xml`), doc));
  return dir;
}
