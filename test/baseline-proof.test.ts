// The suite must tell a modification's two behaviours apart: run a modification's scenarios
// against a reference whose baseline disagrees with the suite's, and exactly the side-tagged
// ones fail. MP178 and MP125 change DSP behaviour; MP081 changes none (see its feature).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from './helpers.ts';

interface ScenarioVerdict { name: string; line: number; tags: string[]; verdict: string; requirement: string | null }

function runFeatures(folder: string, baseline: string, referenceBaseline: string, extra: string[] = []): ScenarioVerdict[] {
  const reports = tempDir();
  spawnSync(process.execPath, [
    'bin/sec-conformance.js', 'run', folder,
    '--baseline', baseline, '--reference-baseline', referenceBaseline, '--reports', reports, ...extra,
  ], { encoding: 'utf8' });
  const report = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8'));
  return report.modifications.flatMap((m: { requirements: { id: string | null; scenarios: ScenarioVerdict[] }[] }) =>
    m.requirements.flatMap((r) => r.scenarios.map((s) => ({ ...s, requirement: r.id }))));
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

// MP081 changed no DCC processing, so nothing in it is side-tagged and both baselines pass alike.
// What the suite must still catch is a DSP that follows the SEC text as it stood before MP081:
// the reference with its MP081 rules overridden (through the target options) stands for one.
describe('the suite tells a DSP that follows the text before MP081 from the DCC processing MP081 describes', () => {
  const PRE_MP081_8_13_LIST = ['3.2', '6.8', '6.15.2', '6.23', '8.7.1', '8.7.2', '8.8.1', '8.8.2', '8.11', '8.12.1', '8.12.2', '11.3'];

  it('passes every MP081 scenario with and without MP081 in both baselines', () => {
    for (const side of ['all', 'all,-MP081']) {
      const scenarios = runFeatures('features/MP081', side, side);
      assert.ok(scenarios.length > 0);
      assert.ok(scenarios.every((s) => !s.tags.some((t) => /^@(before:)?MP081$/.test(t))), 'an MP081 scenario is side-tagged');
      assert.deepEqual(scenarios.filter((s) => s.verdict !== 'PASS').map(key), [], `baseline ${side}`);
    }
  });

  it('fails the requirements such a DSP breaks, and only those', () => {
    const rules = {
      localCommandResponseSrvs: PRE_MP081_8_13_LIST,
      chInstallNoWanStatusCheck: true,
      chInstallNoWanPromotesPending: false,
      retrievedCredentialsUpdateRecords: false,
    };
    const scenarios = runFeatures('features/MP081', 'all', 'all', ['--target-options', JSON.stringify({ rules })]);
    const failedRequirements = [...new Set(scenarios.filter((s) => s.verdict === 'FAIL').map((s) => s.requirement))].sort();
    // 8.14.2 (no E5, Pending moves on), 8.13 for 6.15.1 and 6.21, 6.24.2 repairing the records
    assert.deepEqual(failedRequirements, ['MP081-11', 'MP081-4', 'MP081-5', 'MP081-6', 'MP081-9']);
    assert.ok(scenarios.every((s) => s.verdict === 'PASS' || s.verdict === 'FAIL'), 'a scenario ended in neither PASS nor FAIL');
  });
});
