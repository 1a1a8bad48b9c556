import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Baseline, BaselineError, MODIFICATIONS } from '../src/baseline.ts';

describe('Baseline', () => {
  it('applies every modification by default', () => {
    assert.deepEqual(Baseline.parse(undefined).ids, [...MODIFICATIONS]);
  });

  it('takes an explicit list', () => {
    const b = Baseline.parse('MP178, mp125');
    assert.equal(b.has('MP178'), true);
    assert.equal(b.has('MP125'), true);
    assert.equal(b.has('MP077'), false);
  });

  it('removes one modification from all', () => {
    const b = Baseline.parse('all,-MP178');
    assert.equal(b.has('MP178'), false);
    assert.equal(b.has('MP125'), true);
  });

  it('refuses an unknown modification instead of quietly running the legacy side', () => {
    assert.throws(() => Baseline.parse('MP999'), BaselineError);
  });

  it('selects the after side of applied and the before side of unapplied modifications', () => {
    const expr = Baseline.parse('none,+MP178').tagExpression();
    assert.match(expr, /not @before:MP178/);
    assert.match(expr, /not @MP125(?!\w)/);
    assert.doesNotMatch(expr, /not @MP178/);
  });

  it('round-trips through its text form', () => {
    for (const spec of ['all', 'none', 'MP178,MP081']) assert.equal(Baseline.parse(spec).toString(), spec);
  });
});
