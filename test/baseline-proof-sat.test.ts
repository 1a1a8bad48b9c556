// The suite must tell the two sides of the Service Audit Trail modification apart: SAT's
// scenarios (in Chromium and through the SSI API) run against a reference whose baseline
// disagrees with the suite's, and exactly the side-tagged ones fail.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from './helpers.ts';

interface ScenarioVerdict { name: string; line: number; tags: string[]; verdict: string }

function runSat(baseline: string, referenceBaseline: string): ScenarioVerdict[] {
  const reports = tempDir();
  spawnSync(process.execPath, [
    'bin/sec-conformance.js', 'run', 'features/SAT',
    '--baseline', baseline, '--reference-baseline', referenceBaseline, '--reports', reports,
  ], { encoding: 'utf8' });
  const report = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8'));
  return report.modifications.flatMap((m: { requirements: { scenarios: ScenarioVerdict[] }[] }) =>
    m.requirements.flatMap((r) => r.scenarios));
}

const key = (s: ScenarioVerdict) => `${s.line} ${s.name}`;

describe('the suite tells the two sides of SAT apart', () => {
  it('fails exactly the @SAT scenarios against a reference without SAT, and passes the rest', () => {
    const scenarios = runSat('all', 'all,-SAT');
    const sided = scenarios.filter((s) => s.tags.includes('@SAT')).map(key).sort();
    assert.ok(sided.length > 0, 'no @SAT scenario ran');
    assert.deepEqual(scenarios.filter((s) => s.verdict === 'FAIL').map(key).sort(), sided);
    assert.ok(scenarios.every((s) => s.verdict === 'PASS' || s.verdict === 'FAIL'), 'a scenario ended in neither PASS nor FAIL');
  });

  it('fails exactly the @before:SAT scenarios against a reference with SAT', () => {
    const scenarios = runSat('none', 'all');
    const sided = scenarios.filter((s) => s.tags.includes('@before:SAT')).map(key).sort();
    assert.ok(sided.length > 0, 'no @before:SAT scenario ran');
    assert.deepEqual(scenarios.filter((s) => s.verdict === 'FAIL').map(key).sort(), sided);
    assert.ok(scenarios.every((s) => s.verdict === 'PASS' || s.verdict === 'FAIL'), 'a scenario ended in neither PASS nor FAIL');
  });
});
