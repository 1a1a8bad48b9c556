// `npm test`: every check the project has, in one process tree, closing with the one line CI
// reads: "N passed, N failed". Each stage reports its own counts; a stage that cannot run
// (type errors, a crash) counts as one failure so it can never pass silently.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

interface StageResult { name: string; passed: number; failed: number }

const results: StageResult[] = [];
const reports = 'reports';
mkdirSync(reports, { recursive: true });

// Every stage's processes write V8 coverage here; c8 reports it for reference-impl/ at the end.
const coverageTmp = join(reports, 'coverage', 'tmp');
rmSync(join(reports, 'coverage'), { recursive: true, force: true });
mkdirSync(coverageTmp, { recursive: true });
const env = { ...process.env, NODE_V8_COVERAGE: coverageTmp };

function run(cmd: string, args: string[]): number {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  return r.status ?? 1;
}

/** Run and echo a command whose last line is "N passed, N failed"; its counts are the stage's. */
function runCounted(name: string, cmd: string, args: string[]): StageResult {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  const m = /^(\d+) passed, (\d+) failed$/m.exec((r.stdout ?? '').trimEnd().split('\n').at(-1) ?? '');
  if (!m) return { name, passed: 0, failed: 1 };
  const failed = Number(m[2]);
  return { name, passed: Number(m[1]), failed: failed || (r.status === 0 ? 0 : 1) };
}

function stage(name: string, fn: () => StageResult | number): void {
  console.log(`\n=== ${name}`);
  const out = fn();
  const res = typeof out === 'number' ? { name, passed: out === 0 ? 1 : 0, failed: out === 0 ? 0 : 1 } : out;
  results.push(res);
  console.log(`=== ${name}: ${res.passed} passed, ${res.failed} failed`);
}

stage('type check', () => run('npx', ['tsc', '--noEmit', '-p', '.']));

stage('unit tests', () => {
  const tap = join(reports, 'unit.tap');
  rmSync(tap, { force: true });
  const files = readdirSync('test', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts')).map((f) => join('test', f)).sort();
  // node's default runs one file at a time on a 2-core machine; most files wait on child
  // processes and sockets, so two at a time takes about two thirds of the time
  const code = run(process.execPath, [
    '--import', 'tsx', '--test', `--test-concurrency=${Math.max(2, availableParallelism())}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const text = readFileSync(tap, 'utf8');
  const count = (k: string) => Number(new RegExp(`^# ${k} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  // a crash before any test ran still fails the stage
  return { name: 'unit tests', passed, failed: failed || (code !== 0 ? 1 : 0) };
});

stage('conformance run (in-process reference)', () =>
  runCounted('conformance run (in-process reference)', process.execPath, ['bin/sec-conformance.js', 'run', '--reports', reports]));

// MP077 holds two readings of seed 004; the run above used the default one. This runs MP077 under
// both and writes reports/flags-profiles.json and .html (verdicts per requirement per reading).
stage('MP077 under both flag profiles', () =>
  runCounted('MP077 under both flag profiles', process.execPath, ['bin/sec-conformance.js', 'flags', 'compare', '--reports', reports]));

// every faulty reference variant must be caught, and by the right requirement: 100% or it fails
stage('self-test (mutation score)', () =>
  runCounted('self-test (mutation score)', process.execPath, ['bin/sec-conformance.js', 'self-test']));

stage('coverage of reference-impl/', () =>
  run('npx', ['c8', 'report', '--include', 'reference-impl/**', '--reporter=html', '--reporter=text-summary',
    '--report-dir', join(reports, 'coverage'), '--temp-directory', coverageTmp]));

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log('');
for (const r of results) console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
