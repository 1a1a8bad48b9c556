// check-spec's behaviour matrix: from run reports, per requirement, the verdict per target,
// baseline and profile; changes between baselines that no side tag explains; profiles that
// disagree. Small reports are built here; the last test feeds it two real runs of MP178.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildMatrix, NOT_SELECTED, OUTSIDE_RUN, type RunReport } from '../src/spec/behaviour-matrix.ts';
import type { SpecCheckResult } from '../src/spec/check-spec.ts';
import { loadSpec } from '../src/spec/spec-model.ts';
import type { Verdict } from '../src/report/verdicts.ts';
import { tempDir } from './helpers.ts';

interface Req { id: string; tags?: string[]; uri?: string; scenarios: { tags?: string[]; verdict: Verdict }[] }

/** A conformance report with just what the matrix reads. */
function run(uri: string, info: { target?: string; baseline: string; profile?: string }, reqs: Req[]): RunReport {
  const byUri = new Map<string, Req[]>();
  for (const r of reqs) byUri.set(r.uri ?? 'features/X/x.feature', [...(byUri.get(r.uri ?? 'features/X/x.feature') ?? []), r]);
  return {
    uri,
    report: {
      generatedAt: '2026-01-01T00:00:00.000Z',
      run: { target: info.target ?? 'ref', baseline: info.baseline, referenceBaseline: info.baseline, ...(info.profile ? { profile: info.profile } : {}) },
      modifications: [...byUri.entries()].map(([u, rs]) => ({
        id: 'X', name: 'x', description: '', uri: u, verdict: 'PASS' as Verdict, counts: { PASS: 0, FAIL: 0, ERROR: 0, 'EXPECTED FAIL': 0, 'NOT APPLICABLE': 0 },
        requirements: rs.map((r) => ({
          id: r.id, title: r.id, text: '', tags: r.tags ?? [], verdict: 'PASS' as Verdict, counts: { PASS: 0, FAIL: 0, ERROR: 0, 'EXPECTED FAIL': 0, 'NOT APPLICABLE': 0 },
          scenarios: r.scenarios.map((s, i) => ({ name: `${r.id} ${i}`, uri: u, tags: [...(r.tags ?? []), ...(s.tags ?? [])], verdict: s.verdict, steps: [], exchanges: [] })),
        })),
      })),
      counts: { PASS: 0, FAIL: 0, ERROR: 0, 'EXPECTED FAIL': 0, 'NOT APPLICABLE': 0 },
      runErrors: [], notApplicableByCapability: {}, unmatchedDeviations: [], passed: 0, failed: 0,
    },
  };
}

describe('behaviour matrix', () => {
  it('flags a requirement without a side tag whose verdict changes between baselines', () => {
    const m = buildMatrix([
      run('a', { baseline: 'all' }, [{ id: 'R-1', scenarios: [{ verdict: 'PASS' }] }, { id: 'R-2', scenarios: [{ verdict: 'PASS' }] }]),
      run('b', { baseline: 'none' }, [{ id: 'R-1', scenarios: [{ verdict: 'FAIL' }] }, { id: 'R-2', scenarios: [{ verdict: 'PASS' }] }]),
    ]);
    assert.equal(m.comparisons.length, 1);
    assert.deepEqual(m.comparisons[0]!.untaggedChangers.map((c) => [c.requirement, c.from, c.to]), [['R-1', 'PASS', 'FAIL']]);
    assert.deepEqual(m.comparisons[0]!.tagged, []);
  });

  it('accepts a change the side tag of a modification the baselines differ in explains, and not one of another modification', () => {
    const reqs = (v: Verdict): Req[] => [
      { id: 'R-125', tags: ['@MP125'], scenarios: [{ verdict: v }] },
      { id: 'R-178', tags: ['@MP178'], scenarios: [{ verdict: v }] },
    ];
    const m = buildMatrix([run('a', { baseline: 'all' }, reqs('PASS')), run('b', { baseline: 'all,-MP125' }, reqs('FAIL'))]);
    const c = m.comparisons[0]!;
    assert.deepEqual(c.modifications, ['MP125']);
    assert.deepEqual(c.tagged.map((x) => x.requirement), ['R-125']);
    assert.deepEqual(c.untaggedChangers.map((x) => x.requirement), ['R-178']);
  });

  it('flags a side-tagged requirement whose verdict does not change', () => {
    const reqs: Req[] = [{ id: 'R-1', tags: ['@before:MP178'], scenarios: [{ verdict: 'PASS' }] }];
    const m = buildMatrix([run('a', { baseline: 'all' }, reqs), run('b', { baseline: 'none' }, reqs)]);
    assert.deepEqual(m.comparisons[0]!.unchangedSideTagged.map((x) => [x.requirement, x.sideTags]), [['R-1', ['@before:MP178']]]);
  });

  it('tells a requirement the baseline left out (NOT SELECTED) from one the run never loaded (OUTSIDE RUN), and compares only the first', () => {
    const m = buildMatrix([
      run('a', { baseline: 'all' }, [{ id: 'R-1', tags: ['@MP178'], scenarios: [{ verdict: 'PASS' }] }, { id: 'R-9', uri: 'features/Y/y.feature', scenarios: [{ verdict: 'PASS' }] }]),
      run('b', { baseline: 'none' }, [{ id: 'R-2', scenarios: [{ verdict: 'PASS' }] }]),
    ]);
    const row = (id: string) => m.rows.find((r) => r.requirement === id)!;
    const [a, b] = m.columns.map((c) => c.key);
    assert.equal(row('R-1').cells[b!], NOT_SELECTED);
    assert.equal(row('R-9').cells[b!], OUTSIDE_RUN);
    assert.equal(row('R-2').cells[a!], NOT_SELECTED);
    const c = m.comparisons[0]!;
    assert.deepEqual([...c.tagged, ...c.untaggedChangers].map((x) => x.requirement).sort(), ['R-1', 'R-2']);
  });

  it('keeps targets apart: the same baseline pair on two targets is two comparisons, never a cross-target one', () => {
    const reqs: Req[] = [{ id: 'R-1', scenarios: [{ verdict: 'PASS' }] }];
    const m = buildMatrix([
      run('a', { target: 'ref', baseline: 'all' }, reqs), run('b', { target: 'ref', baseline: 'none' }, reqs),
      run('c', { target: 'dcc', baseline: 'all' }, reqs), run('d', { target: 'dcc', baseline: 'none' }, reqs),
    ]);
    assert.equal(m.columns.length, 4);
    assert.equal(m.comparisons.length, 2);
    assert.ok(m.comparisons.every((c) => c.a.split(' | ')[0] === c.b.split(' | ')[0]));
  });

  it('splits a run by @profile: tags and reports where named profiles disagree', () => {
    const m = buildMatrix([
      run('a', { baseline: 'all' }, [
        { id: 'R-77', scenarios: [{ tags: ['@profile:legal-text'], verdict: 'FAIL' }, { tags: ['@profile:pia'], verdict: 'PASS' }] },
        { id: 'R-78', scenarios: [{ tags: ['@profile:legal-text'], verdict: 'PASS' }, { tags: ['@profile:pia'], verdict: 'PASS' }] },
        { id: 'R-79', scenarios: [{ tags: ['@profile:pia'], verdict: 'PASS' }] },
      ]),
    ]);
    assert.deepEqual(m.columns.map((c) => c.profile).sort(), ['legal-text', 'pia']);
    assert.deepEqual(m.profileDisagreements.map((d) => [d.requirement, d.kind]), [['R-77', 'verdict'], ['R-79', 'scope']]);
  });

  it('uses a profile the run recorded (run.profile) when scenarios carry none', () => {
    const reqs = (v: Verdict): Req[] => [{ id: 'R-1', scenarios: [{ verdict: v }] }];
    const m = buildMatrix([run('a', { baseline: 'all', profile: 'legal-text' }, reqs('PASS')), run('b', { baseline: 'all', profile: 'pia' }, reqs('FAIL'))]);
    assert.deepEqual(m.profileDisagreements.map((d) => d.cells.map((x) => `${x.profile}=${x.cell}`)), [['legal-text=PASS', 'pia=FAIL']]);
    assert.deepEqual(m.comparisons, [], 'same baseline: nothing to compare between baselines');
  });
});

function spawnCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, ['bin/sec-conformance.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('behaviour matrix from two real runs of MP178', () => {
  it('shows exactly the side-tagged MP178 requirements changing between baselines all and none, and no untagged changer', async () => {
    const dir = tempDir();
    const [a, b] = await Promise.all(['all', 'none'].map((baseline) => spawnCli(['run', 'features/MP178', '--baseline', baseline, '--reports', join(dir, baseline)])));
    assert.equal(a!.code, 0, a!.stderr);
    assert.equal(b!.code, 0, b!.stderr);
    const check = await spawnCli(['check-spec', 'features/MP178', '--out', join(dir, 'spec'), '--runs', join(dir, 'all', 'conformance.json'), join(dir, 'none', 'conformance.json')]);
    const result = JSON.parse(readFileSync(join(dir, 'spec', 'spec-check.json'), 'utf8')) as SpecCheckResult;
    assert.ok(result.matrix, `no matrix: ${check.stdout}${check.stderr}`);

    // what the feature file says should change: the Rules carrying an MP178 side tag
    const sided = loadSpec(['features/MP178']).features.flatMap((f) => f.requirements)
      .filter((r) => r.tags.some((t) => t === '@MP178' || t === '@before:MP178')).map((r) => r.id!).sort();
    assert.ok(sided.length > 0 && sided.length < result.matrix.rows.length, 'MP178 has both side-tagged and untagged requirements');

    const [c, ...others] = result.matrix.comparisons;
    assert.deepEqual(others, []);
    assert.ok(c!.modifications.includes('MP178'));
    assert.deepEqual(c!.tagged.map((x) => x.requirement).sort(), sided);
    assert.deepEqual(c!.untaggedChangers, []);
    assert.deepEqual(c!.unchangedSideTagged, []);
    assert.match(check.stdout, new RegExp(`changed ${sided.join(', ')}`));
  });
});
