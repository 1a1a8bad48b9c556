// The suite must tell a modification's two behaviours apart: run a modification's scenarios
// against a reference whose baseline disagrees with the suite's, and exactly the side-tagged
// ones fail. MP178 and MP125 change DSP behaviour; MP081 changes none (see its feature).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from './helpers.ts';

interface ScenarioVerdict { name: string; line: number; tags: string[]; verdict: string }

function runFeatures(folder: string, baseline: string, referenceBaseline: string): ScenarioVerdict[] {
  const reports = tempDir();
  spawnSync(process.execPath, [
    'bin/sec-conformance.js', 'run', folder,
    '--baseline', baseline, '--reference-baseline', referenceBaseline, '--reports', reports,
  ], { encoding: 'utf8' });
  const report = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8'));
  return report.modifications.flatMap((m: { requirements: { scenarios: ScenarioVerdict[] }[] }) =>
    m.requirements.flatMap((r) => r.scenarios));
}

const runMp178 = (baseline: string, referenceBaseline: string) => runFeatures('features/MP178', baseline, referenceBaseline);
const runMp125 = (baseline: string, referenceBaseline: string) => runFeatures('features/MP125', baseline, referenceBaseline);

const key = (s: ScenarioVerdict) => `${s.line} ${s.name}`;

function assertExactlySideTaggedFail(scenarios: ScenarioVerdict[], sideTag: string): void {
  const sided = scenarios.filter((s) => s.tags.includes(sideTag)).map(key).sort();
  const failed = scenarios.filter((s) => s.verdict === 'FAIL').map(key).sort();
  assert.ok(sided.length > 0, `no scenario tagged ${sideTag} ran`);
  assert.deepEqual(failed, sided);
  assert.ok(scenarios.every((s) => s.verdict === 'PASS' || s.verdict === 'FAIL'), 'a scenario ended in neither PASS nor FAIL');
}

describe('the suite tells the two sides of MP178 apart', () => {
  it('passes every MP178 scenario when the reference behaves as the baseline says', () => {
    for (const side of ['all', 'none']) {
      const scenarios = runMp178(side, side);
      assert.ok(scenarios.length > 0);
      assert.deepEqual(scenarios.filter((s) => s.verdict !== 'PASS').map(key), [], `baseline ${side}`);
    }
  });

  it('fails exactly the @MP178 scenarios against a reference without MP178', () => {
    assertExactlySideTaggedFail(runMp178('all', 'none'), '@MP178');
  });

  it('fails exactly the @before:MP178 scenarios against a reference with MP178', () => {
    assertExactlySideTaggedFail(runMp178('none', 'all'), '@before:MP178');
  });
});

describe('the suite tells the two sides of MP125 apart', () => {
  it('passes every MP125 scenario when the reference behaves as the baseline says', () => {
    for (const side of ['all', 'all,-MP125']) {
      const scenarios = runMp125(side, side);
      assert.ok(scenarios.length > 0);
      assert.deepEqual(scenarios.filter((s) => s.verdict !== 'PASS').map(key), [], `baseline ${side}`);
    }
  });

  it('fails exactly the @MP125 scenarios against a reference without MP125', () => {
    assertExactlySideTaggedFail(runMp125('all', 'all,-MP125'), '@MP125');
  });

  it('fails exactly the @before:MP125 scenarios against a reference with MP125', () => {
    assertExactlySideTaggedFail(runMp125('all,-MP125', 'all'), '@before:MP125');
  });
});
