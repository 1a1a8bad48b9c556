// Runs the suite against each faulty variant of the reference, each in its own process (cucumber
// loads step definitions once per process), and scores how many the suite caught.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FaultyVariant } from './variants.ts';

const PROJECT_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface VariantResult {
  variant: FaultyVariant;
  /** The suite failed at least one scenario. */
  detected: boolean;
  /** Requirements the suite reported as FAIL. */
  failedRequirements: string[];
  /** One of the variant's requirements is among them. */
  namedRight: boolean;
  /** Scenarios that ended in ERROR: the suite broke, rather than judged. */
  errors: number;
  reportDir: string;
  problem?: string;
}

interface ReportShape {
  modifications: { requirements: { id: string; verdict: string; scenarios: { verdict: string }[] }[] }[];
}

export async function runVariant(variant: FaultyVariant, reportsRoot: string): Promise<VariantResult> {
  const reportDir = join(reportsRoot, variant.id);
  const args = [
    join(PROJECT_ROOT, 'bin', 'sec-conformance.js'), 'run',
    ...(variant.features ?? []),
    '--baseline', variant.baseline ?? 'all',
    '--target', 'ref',
    '--target-options', JSON.stringify(variant.reference),
    '--reports', reportDir,
  ];
  const exit = await new Promise<number>((done) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: 'ignore' });
    child.on('close', (code) => done(code ?? 1));
  });
  let report: ReportShape;
  try {
    report = JSON.parse(readFileSync(join(reportDir, 'conformance.json'), 'utf8')) as ReportShape;
  } catch (e) {
    return { variant, detected: false, failedRequirements: [], namedRight: false, errors: 0, reportDir, problem: `no report (run exited ${exit}): ${(e as Error).message}` };
  }
  const requirements = report.modifications.flatMap((m) => m.requirements);
  const failedRequirements = requirements.filter((r) => r.verdict === 'FAIL').map((r) => r.id);
  const errors = requirements.flatMap((r) => r.scenarios).filter((s) => s.verdict === 'ERROR').length;
  return {
    variant,
    detected: failedRequirements.length > 0,
    failedRequirements,
    namedRight: variant.requirements.some((id) => failedRequirements.includes(id)),
    errors,
    reportDir,
  };
}

/** A variant counts as killed when the suite failed on it, named its requirement, and did not break. */
export const killed = (r: VariantResult): boolean => r.detected && r.namedRight && r.errors === 0;

export async function runSelfTest(variants: readonly FaultyVariant[], reportsRoot = mkdtempSync(join(tmpdir(), 'sec-self-test-'))): Promise<VariantResult[]> {
  const results: VariantResult[] = [];
  // one at a time: the machine has two cores and each run is a whole suite
  for (const v of variants) results.push(await runVariant(v, reportsRoot));
  return results;
}
