// Verdict rules: what counts as FAIL versus ERROR, how a requirement rolls up, and the last line.
import assert, { AssertionError } from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConformanceFailure, classifyThrown, countVerdicts, lastLine, passedFailed, rollUp } from '../src/report/verdicts.ts';

describe('classifyThrown', () => {
  it('calls node:assert failures and ConformanceFailure (and subclasses) conformance failures', () => {
    assert.equal(classifyThrown(new AssertionError({ message: 'x' })), 'conformance-failure');
    let thrown: unknown;
    try {
      assert.equal(1, 2);
    } catch (e) {
      thrown = e;
    }
    assert.equal(classifyThrown(thrown), 'conformance-failure');
    class ReplyRefused extends ConformanceFailure {}
    assert.equal(classifyThrown(new ReplyRefused('no')), 'conformance-failure');
    assert.equal(classifyThrown(new ConformanceFailure('bad reply')), 'conformance-failure');
  });

  it('calls everything else an error', () => {
    assert.equal(classifyThrown(new TypeError('x')), 'error');
    assert.equal(classifyThrown(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })), 'error');
    assert.equal(classifyThrown('a string'), 'error');
    assert.equal(classifyThrown(undefined), 'error');
  });
});

describe('rollUp', () => {
  it('puts FAIL over ERROR over EXPECTED FAIL over PASS over NOT APPLICABLE', () => {
    assert.equal(rollUp(['PASS', 'ERROR', 'FAIL']), 'FAIL');
    assert.equal(rollUp(['PASS', 'ERROR', 'EXPECTED FAIL']), 'ERROR');
    assert.equal(rollUp(['PASS', 'EXPECTED FAIL']), 'EXPECTED FAIL');
    assert.equal(rollUp(['NOT APPLICABLE', 'PASS']), 'PASS');
    assert.equal(rollUp(['NOT APPLICABLE', 'NOT APPLICABLE']), 'NOT APPLICABLE');
    assert.equal(rollUp([]), undefined);
  });
});

describe('the last line', () => {
  it('counts PASS and EXPECTED FAIL as passed, FAIL and ERROR as failed, NOT APPLICABLE as neither', () => {
    const c = countVerdicts(['PASS', 'PASS', 'EXPECTED FAIL', 'FAIL', 'ERROR', 'ERROR', 'NOT APPLICABLE']);
    assert.deepEqual(passedFailed(c), { passed: 3, failed: 3 });
    assert.equal(lastLine(c), '3 passed, 3 failed');
  });
});
