// Comparing one run per MP077 reading: per requirement, the verdict under each, whether the
// readings expect different behaviour there, and where the verdicts part.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConformanceReport, RequirementResult, ScenarioResult } from '../src/report/model.ts';
import { compareProfiles, formatComparison, renderComparisonHtml } from '../src/report/profiles-comparison.ts';
import type { Verdict } from '../src/report/verdicts.ts';

function scenario(name: string, verdict: Verdict, tags: string[] = []): ScenarioResult {
  return { name, uri: 'features/MP077/x.feature', line: 1, tags, verdict, steps: [], exchanges: [] };
}

function requirement(id: string, verdict: Verdict, scenarios: ScenarioResult[]): RequirementResult {
  return { id, title: `requirement ${id}`, text: '', tags: [], verdict, counts: { PASS: 0, FAIL: 0, ERROR: 0, 'EXPECTED FAIL': 0, 'NOT APPLICABLE': 0 }, scenarios };
}

function report(requirements: RequirementResult[], passed: number, failed: number): ConformanceReport {
  return {
    generatedAt: '2025-04-01T00:00:00.000Z',
    run: { target: 'reference SMI (in-process)', baseline: 'all' },
    modifications: [{ id: 'MP077', name: 'MP077', description: '', uri: '', verdict: 'PASS', counts: { PASS: 0, FAIL: 0, ERROR: 0, 'EXPECTED FAIL': 0, 'NOT APPLICABLE': 0 }, requirements }],
    counts: { PASS: passed, FAIL: failed, ERROR: 0, 'EXPECTED FAIL': 0, 'NOT APPLICABLE': 0 },
    runErrors: [],
    notApplicableByCapability: {},
    unmatchedDeviations: [],
    passed,
    failed,
  };
}

describe('MP077 profile comparison', () => {
  const c = compareProfiles({
    'legal-text': report(
      [
        requirement('MP077-1', 'PASS', [scenario('a', 'PASS')]),
        requirement('MP077-3', 'FAIL', [scenario('b', 'PASS'), scenario('c', 'FAIL', ['@profile:legal-text'])]),
        requirement('MP077-5', 'FAIL', [scenario('d', 'FAIL', ['@profile:legal-text'])]),
      ],
      2,
      2,
    ),
    'dsp-assessment': report(
      [
        requirement('MP077-1', 'PASS', [scenario('a', 'PASS')]),
        requirement('MP077-3', 'PASS', [scenario('b', 'PASS'), scenario('e', 'PASS', ['@profile:dsp-assessment'])]),
      ],
      3,
      0,
    ),
  });

  it('puts each requirement once, with its verdict under each reading (null where it did not run)', () => {
    assert.deepEqual(
      c.requirements.map((r) => [r.id, r.verdicts['legal-text'], r.verdicts['dsp-assessment']]),
      [
        ['MP077-1', 'PASS', 'PASS'],
        ['MP077-3', 'FAIL', 'PASS'],
        ['MP077-5', 'FAIL', null],
      ],
    );
  });

  it('says where the readings expect different behaviour and where the verdicts differ', () => {
    const byId = new Map(c.requirements.map((r) => [r.id, r]));
    assert.equal(byId.get('MP077-1')!.readingsDiffer, false);
    assert.equal(byId.get('MP077-3')!.readingsDiffer, true);
    assert.equal(byId.get('MP077-3')!.verdictsDiffer, true);
    assert.equal(byId.get('MP077-5')!.verdictsDiffer, false, 'a requirement of one reading only is not a disagreement');
    assert.deepEqual(c.disagreements, ['MP077-3']);
    assert.deepEqual(c.failing, { 'legal-text': ['MP077-3', 'MP077-5'], 'dsp-assessment': [] });
  });

  it('counts both runs and ends its text with "N passed, N failed"', () => {
    assert.equal(c.passed, 5);
    assert.equal(c.failed, 2);
    const text = formatComparison(c);
    assert.equal(text.split('\n').at(-1), '5 passed, 2 failed');
    assert.match(text, /MP077-5 +FAIL +- +legal-text only/);
  });

  it('renders HTML that escapes what it shows', () => {
    const html = renderComparisonHtml({ ...c, target: '<script>x</script>' });
    assert.ok(!html.includes('<script>'));
    assert.match(html, /MP077-3/);
  });
});
