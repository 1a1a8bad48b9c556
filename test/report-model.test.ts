// The conformance report built from Cucumber messages: verdicts, roll-up, known deviations,
// and the cases the end-to-end fixture does not reach (hook failures, retries, plain skips).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FAILURE_CLASS_MEDIA_TYPE, NOT_APPLICABLE_MEDIA_TYPE } from '../src/report/attachments.ts';
import type { Envelope } from '../src/report/messages.ts';
import { ReportCollector, modificationId, splitSource } from '../src/report/model.ts';
import { formatSummary } from '../src/report/summary.ts';

// ---------------------------------------------------------------------------------------------
// A tiny message factory: one feature, rules with scenarios, each scenario one step plus a hook.

interface Sc {
  name: string;
  /** Step statuses in order; the first entry is the Before hook, the rest steps. */
  statuses: string[];
  exception?: { type: string; message: string };
  attachments?: { mediaType: string; body: string; onStep?: number }[];
  attempts?: string[][];
  unfinished?: boolean;
}

interface Rl {
  req: string;
  description?: string;
  scenarios: Sc[];
}

const ts = (s: number) => ({ seconds: s, nanos: 0 });

function messages(rules: Rl[], uri = 'features/MP178/x.feature'): Envelope[] {
  const out: Envelope[] = [];
  let line = 1;
  const ruleNodes = rules.map((r, ri) => ({
    id: `rule-${ri}`,
    keyword: 'Rule',
    name: `Rule ${r.req}`,
    description: r.description ?? `    Text of ${r.req}.\n    Source: seed.txt, section ${ri + 1}.`,
    tags: [{ name: `@req:${r.req}`, id: `t-${ri}` }],
    location: { line: line++ },
    children: r.scenarios.map((s, si) => ({
      scenario: {
        id: `sc-${ri}-${si}`,
        keyword: 'Scenario',
        name: s.name,
        description: '',
        tags: [],
        location: { line: line++ },
        steps: s.statuses.slice(1).map((_, k) => ({ id: `st-${ri}-${si}-${k}`, keyword: 'Then ', text: `step ${k}`, location: { line: line++ } })),
      },
    })),
  }));
  out.push({ gherkinDocument: { uri, feature: { keyword: 'Feature', name: 'F', description: '', tags: [], location: { line: 0 }, children: ruleNodes.map((rule) => ({ rule })) } } });
  out.push({ hook: { id: 'hook-before', name: 'set up the target' } });
  let clock = 0;
  rules.forEach((r, ri) =>
    r.scenarios.forEach((s, si) => {
      const pickleId = `p-${ri}-${si}`;
      const stepCount = s.statuses.length - 1;
      out.push({
        pickle: {
          id: pickleId,
          uri,
          name: s.name,
          location: { line: 1 },
          steps: Array.from({ length: stepCount }, (_, k) => ({ id: `ps-${ri}-${si}-${k}`, text: `step ${k}`, astNodeIds: [`st-${ri}-${si}-${k}`] })),
          tags: [],
          astNodeIds: [`sc-${ri}-${si}`],
        },
      });
      const tcId = `tc-${ri}-${si}`;
      const testSteps = [{ id: `ts-${ri}-${si}-h`, hookId: 'hook-before' }, ...Array.from({ length: stepCount }, (_, k) => ({ id: `ts-${ri}-${si}-${k}`, pickleStepId: `ps-${ri}-${si}-${k}` }))];
      out.push({ testCase: { id: tcId, pickleId, testSteps } });
      const attempts = s.attempts ?? [s.statuses];
      attempts.forEach((statuses, attempt) => {
        const started = `tcs-${ri}-${si}-${attempt}`;
        out.push({ testCaseStarted: { id: started, testCaseId: tcId, attempt, timestamp: ts(clock++) } });
        statuses.forEach((status, k) => {
          const stepId = testSteps[k]!.id;
          for (const a of s.attachments ?? []) {
            if ((a.onStep ?? 0) === k) out.push({ attachment: { body: a.body, mediaType: a.mediaType, testCaseStartedId: started, testStepId: stepId } });
          }
          out.push({
            testStepFinished: {
              testCaseStartedId: started,
              testStepId: stepId,
              testStepResult: { status, ...(status === 'FAILED' && s.exception ? { exception: s.exception, message: `${s.exception.type}: ${s.exception.message}\n    at stack` } : {}) },
            },
          });
        });
        if (!s.unfinished) out.push({ testCaseFinished: { testCaseStartedId: started, willBeRetried: attempt < attempts.length - 1, timestamp: ts(clock++) } });
      });
    }),
  );
  return out;
}

function build(rules: Rl[], deviations: Parameters<ReportCollector['report']>[1] = []) {
  const c = new ReportCollector();
  for (const e of messages(rules)) c.add(e);
  return c.report({ target: 'fake' }, deviations, new Date(0));
}

const verdictsOf = (r: ReturnType<typeof build>) => r.modifications.flatMap((m) => m.requirements.flatMap((q) => q.scenarios.map((s) => `${q.id}/${s.name}: ${s.verdict}`)));

describe('scenario verdicts from messages', () => {
  it('classifies by the hooks\' failure-class note first, then by exception type', () => {
    const r = build([
      {
        req: 'R-1',
        scenarios: [
          { name: 'assert', statuses: ['PASSED', 'FAILED'], exception: { type: 'AssertionError', message: 'x' } },
          { name: 'conformance', statuses: ['PASSED', 'FAILED'], exception: { type: 'ConformanceFailure', message: 'bad reply' } },
          { name: 'subclass of a failure', statuses: ['PASSED', 'FAILED'], exception: { type: 'MyFailure', message: 'y' }, attachments: [{ mediaType: FAILURE_CLASS_MEDIA_TYPE, body: '{"class":"conformance-failure","type":"MyFailure"}', onStep: 1 }] },
          { name: 'refused', statuses: ['PASSED', 'FAILED'], exception: { type: 'TargetTransportError', message: 'connection refused' } },
        ],
      },
    ]);
    assert.deepEqual(verdictsOf(r), ['R-1/assert: FAIL', 'R-1/conformance: FAIL', 'R-1/subclass of a failure: FAIL', 'R-1/refused: ERROR']);
    const refused = r.modifications[0]!.requirements[0]!.scenarios[3]!;
    assert.match(refused.message ?? '', /step raised TargetTransportError: connection refused/);
    assert.match(refused.detail ?? '', /at stack/);
  });

  it('makes a failing hook, a pending or ambiguous step, a plain skip and an unfinished scenario ERRORs', () => {
    const r = build([
      {
        req: 'R-2',
        scenarios: [
          { name: 'hook', statuses: ['FAILED', 'SKIPPED'], exception: { type: 'AssertionError', message: 'in a hook' } },
          { name: 'pending', statuses: ['PASSED', 'PENDING'] },
          { name: 'ambiguous', statuses: ['PASSED', 'AMBIGUOUS'] },
          { name: 'skipped', statuses: ['SKIPPED', 'SKIPPED'] },
          { name: 'unfinished', statuses: ['PASSED', 'PASSED'], unfinished: true },
        ],
      },
    ]);
    assert.deepEqual(verdictsOf(r), ['R-2/hook: ERROR', 'R-2/pending: ERROR', 'R-2/ambiguous: ERROR', 'R-2/skipped: ERROR', 'R-2/unfinished: ERROR']);
    const [hook, pending, , skipped, unfinished] = r.modifications[0]!.requirements[0]!.scenarios;
    assert.match(hook!.message!, /Before hook "set up the target" failed: in a hook/);
    assert.match(pending!.message!, /not implemented yet/);
    assert.match(skipped!.message!, /skipped without a recorded reason/);
    assert.match(unfinished!.message!, /did not finish/);
  });

  it('reads NOT APPLICABLE from the Before hook\'s note, and only from it', () => {
    const r = build([
      {
        req: 'R-3',
        scenarios: [{ name: 'na', statuses: ['SKIPPED', 'SKIPPED'], attachments: [{ mediaType: NOT_APPLICABLE_MEDIA_TYPE, body: '{"missing":["clock","ssi"],"target":"t"}' }] }],
      },
    ]);
    assert.deepEqual(verdictsOf(r), ['R-3/na: NOT APPLICABLE']);
    assert.deepEqual(r.notApplicableByCapability, { clock: 1, ssi: 1 });
    assert.deepEqual([r.passed, r.failed], [0, 0]);
  });

  it('judges a retried scenario by its last attempt', () => {
    const r = build([{ req: 'R-4', scenarios: [{ name: 'flaky', statuses: ['PASSED', 'PASSED'], attempts: [['PASSED', 'FAILED'], ['PASSED', 'PASSED']], exception: { type: 'Error', message: 'first' } }] }]);
    assert.deepEqual(verdictsOf(r), ['R-4/flaky: PASS']);
  });
});

describe('requirement roll-up and known deviations', () => {
  const rules: Rl[] = [
    {
      req: 'R-1',
      scenarios: [
        { name: 'one fails', statuses: ['PASSED', 'FAILED'], exception: { type: 'AssertionError', message: 'no' } },
        { name: 'one passes', statuses: ['PASSED', 'PASSED'] },
      ],
    },
    { req: 'R-2', scenarios: [{ name: 'all pass', statuses: ['PASSED', 'PASSED'] }] },
    {
      req: 'R-3',
      scenarios: [
        { name: 'na', statuses: ['SKIPPED', 'SKIPPED'], attachments: [{ mediaType: NOT_APPLICABLE_MEDIA_TYPE, body: '{"missing":["ssi"],"target":"t"}' }] },
        { name: 'passes too', statuses: ['PASSED', 'PASSED'] },
      ],
    },
  ];

  it('rolls a requirement up: FAIL over PASS, PASS over NOT APPLICABLE', () => {
    const r = build(rules);
    assert.deepEqual(r.modifications[0]!.requirements.map((q) => `${q.id} ${q.verdict}`), ['R-1 FAIL', 'R-2 PASS', 'R-3 PASS']);
    assert.equal(r.modifications[0]!.verdict, 'FAIL');
    assert.deepEqual([r.passed, r.failed], [3, 1]);
  });

  it('a requirement-wide deviation excuses its failing scenarios and leaves its passing ones alone while any still fails', () => {
    const r = build(rules, [{ requirement: 'R-1', reason: 'known' }]);
    assert.deepEqual(verdictsOf(r).slice(0, 2), ['R-1/one fails: EXPECTED FAIL', 'R-1/one passes: PASS']);
    assert.equal(r.modifications[0]!.requirements[0]!.verdict, 'EXPECTED FAIL');
    assert.deepEqual([r.passed, r.failed], [4, 0]);
  });

  it('a requirement-wide deviation none of whose scenarios fails any more fails every passing one', () => {
    const r = build(rules, [{ requirement: 'R-2', reason: 'was broken' }]);
    const s = r.modifications[0]!.requirements[1]!.scenarios[0]!;
    assert.equal(s.verdict, 'FAIL');
    assert.equal(s.deviation?.stale, true);
    assert.match(s.message!, /deviation no longer present: remove it from the list \(requirement R-2 now passes/);
  });

  it('lists deviations that matched nothing', () => {
    const r = build(rules, [{ scenario: 'nope', reason: 'typo' }]);
    assert.deepEqual(r.unmatchedDeviations, [{ scenario: 'nope', reason: 'typo' }]);
  });
});

describe('run-level errors', () => {
  it('counts a feature file that does not parse as failed', () => {
    const c = new ReportCollector();
    c.add({ parseError: { source: { uri: 'features/x.feature', location: { line: 3 } }, message: 'expected: #Feature' } });
    const r = c.report();
    assert.deepEqual(r.runErrors, ['features/x.feature:3 does not parse: expected: #Feature']);
    assert.equal(r.failed, 1);
    assert.match(formatSummary(r), /0 passed, 1 failed\n$/);
  });
});

describe('reading feature files', () => {
  it('splits a Source line from the requirement text', () => {
    assert.deepEqual(splitSource('Must do X.\nAnd Y.\nSource: seed.txt, section 3'), { text: 'Must do X.\nAnd Y.', source: 'seed.txt, section 3' });
    assert.deepEqual(splitSource('No source here.'), { text: 'No source here.' });
  });

  it('takes the modification from @modification:, else the folder under features/', () => {
    const f = (tags: string[]) => ({ keyword: 'Feature', name: 'Name', description: '', tags: tags.map((name) => ({ name, id: name })), location: { line: 1 }, children: [] });
    assert.equal(modificationId('features/MP178/a.feature', f(['@modification:MP125'])), 'MP125');
    assert.equal(modificationId('features/MP178/a.feature', f([])), 'MP178');
    assert.equal(modificationId('elsewhere/a.feature', f([])), 'Name');
  });
});
