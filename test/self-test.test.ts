import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { killed, runVariant } from '../src/selftest/run.ts';
import { FAULTY_VARIANTS } from '../src/selftest/variants.ts';
import { tempDir } from './helpers.ts';

describe('self-test', () => {
  it('counts a variant with nothing wrong as missed, so a score of 100% means something', async () => {
    const r = await runVariant({ id: 'no-fault', fault: 'none', reference: {}, features: ['features/MP178'], requirements: ['MP178-1'] }, tempDir());
    assert.equal(r.detected, false);
    assert.equal(killed(r), false);
  });

  it('does not credit a failure of some other requirement', async () => {
    const roleRelaxed = FAULTY_VARIANTS.find((v) => v.id === 'role-check-relaxed')!;
    const r = await runVariant({ ...roleRelaxed, id: 'misattributed', requirements: ['IC-1'] }, tempDir());
    assert.equal(r.detected, true);
    assert.equal(r.namedRight, false);
    assert.equal(killed(r), false);
  });

  it('gives every variant an id of its own and at least one requirement', () => {
    const ids = FAULTY_VARIANTS.map((v) => v.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const v of FAULTY_VARIANTS) assert.ok(v.requirements.length > 0, v.id);
  });
});
