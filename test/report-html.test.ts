// The HTML report escapes everything that came from a feature file, a target or a deviations
// list, and neutralises links that are not http(s).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { esc, renderHtml } from '../src/report/html.ts';
import type { ConformanceReport } from '../src/report/model.ts';
import { formatSummary } from '../src/report/summary.ts';
import { countVerdicts } from '../src/report/verdicts.ts';

const EVIL = `<script>alert('x')</script>"&'`;

function hostileReport(): ConformanceReport {
  return {
    generatedAt: '2025-01-01T00:00:00.000Z',
    run: { target: EVIL, baseline: 'all', tags: EVIL },
    modifications: [
      {
        id: EVIL,
        name: EVIL,
        description: EVIL,
        uri: EVIL,
        verdict: 'EXPECTED FAIL',
        counts: countVerdicts(['EXPECTED FAIL']),
        requirements: [
          {
            id: EVIL,
            title: EVIL,
            text: EVIL,
            source: EVIL,
            tags: [EVIL],
            verdict: 'EXPECTED FAIL',
            counts: countVerdicts(['EXPECTED FAIL']),
            scenarios: [
              {
                name: EVIL,
                uri: EVIL,
                tags: [EVIL],
                verdict: 'EXPECTED FAIL',
                failingStep: { keyword: 'Then', text: EVIL, kind: 'step', status: 'FAILED' },
                message: EVIL,
                detail: EVIL,
                deviation: { scenario: EVIL, reason: EVIL, link: 'javascript:alert(1)', stale: false },
                steps: [{ keyword: 'Then', text: EVIL, kind: 'step', status: EVIL }],
                exchanges: [{ seq: 1, direction: 'reply', path: EVIL, at: EVIL, body: `<sr:Response>${EVIL}</sr:Response>`, validation: { valid: false, errors: [{ kind: 'schema', line: 1, message: EVIL }] } }],
              },
            ],
          },
        ],
      },
    ],
    counts: countVerdicts(['EXPECTED FAIL']),
    runErrors: [EVIL],
    notApplicableByCapability: { [EVIL]: 1 },
    unmatchedDeviations: [{ scenario: EVIL, reason: EVIL }],
    passed: 1,
    failed: 0,
  };
}

describe('HTML report', () => {
  it('escapes &, <, >, double and single quotes', () => {
    assert.equal(esc(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('leaves no markup from the run in the page', () => {
    const html = renderHtml(hostileReport());
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<sr:Response/);
    assert.doesNotMatch(html, /href="javascript:/i);
    assert.match(html, /<a href="#">javascript:alert\(1\)<\/a>/);
    assert.match(html, /&lt;script&gt;alert\(&#39;x&#39;\)&lt;\/script&gt;&quot;&amp;&#39;/);
    // the page's own markup is intact: one body, no stray closing tags from the data
    assert.equal(html.match(/<\/body>/g)?.length, 1);
  });

  it('says the result in its title and headline', () => {
    const html = renderHtml(hostileReport());
    assert.match(html, /<title>SEC conformance report: 1 passed, 0 failed<\/title>/);
  });
});

describe('text summary', () => {
  it('ends with exactly "N passed, N failed"', () => {
    const text = formatSummary(hostileReport());
    const lines = text.trimEnd().split('\n');
    assert.equal(lines[lines.length - 1], '1 passed, 0 failed');
  });
});
