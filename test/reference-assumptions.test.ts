// The reference's README lists every assumption with its current default; this keeps the two in step.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DEFAULT_ASSUMPTIONS, assumptionTable } from '../reference-impl/index.ts';
import { resolveAssumptions } from '../reference-impl/dsp/assumptions.ts';

const readme = readFileSync(new URL('../reference-impl/README.md', import.meta.url), 'utf8');

describe('reference: assumptions', () => {
  it('lists every assumption in reference-impl/README.md with its default value and a basis', () => {
    const rows = new Map(
      [...readme.matchAll(/^\| `([^`]+)` \| `([^`]*)` \| (.*) \|$/gm)].map((m) => [m[1]!, { value: m[2]!, basis: m[3]!.trim() }]),
    );
    for (const { key, value } of assumptionTable()) {
      const row = rows.get(key);
      assert.ok(row, `README has no row for ${key}`);
      assert.equal(row.value, value, `README gives ${key} as ${row.value}, the code as ${value}`);
      assert.match(row.basis, /\[[IV]\]/, `README's basis for ${key} says neither [I] nor [V]`);
    }
    assert.equal(rows.size, assumptionTable().length, 'README lists assumptions the code does not have');
  });

  it('overrides one value of a group and keeps the rest', () => {
    const a = resolveAssumptions({ codes: { schemaInvalid: 'E1' }, timings: { noResponseTimeoutMs: 5 } });
    assert.equal(a.codes.schemaInvalid, 'E1');
    assert.equal(a.codes.wrongPath, DEFAULT_ASSUMPTIONS.codes.wrongPath);
    assert.equal(a.timings.noResponseTimeoutMs, 5);
    assert.equal(a.timings.deviceResponseMs, DEFAULT_ASSUMPTIONS.timings.deviceResponseMs);
    assert.notEqual(DEFAULT_ASSUMPTIONS.codes.schemaInvalid, 'E1', 'the defaults are not mutated');
  });
});
