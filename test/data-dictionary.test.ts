// The suite's units for DUIS data items must be the ones the SEC text gives: read the seed the
// entry cites and find the unit there. MP081 corrected BlockThreshold from kWh to Wh, in its
// summary and, as a redline ("k" struck out), in the DUIS table of its legal text.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { DATA_DICTIONARY, unitOf } from '../src/duis/data-dictionary.ts';
import { renderHtml } from '../src/report/html.ts';
import type { ConformanceReport } from '../src/report/model.ts';
import { countVerdicts } from '../src/report/verdicts.ts';

/** Where the seeds are: $SEC_CONFORMANCE_SEEDS, else ../shared/seeds from the project root. */
const SEEDS = process.env['SEC_CONFORMANCE_SEEDS'] ?? resolve(import.meta.dirname, '..', '..', 'shared', 'seeds');

function seed(source: string): string {
  const file = source.split(',')[0]!.trim();
  const path = join(SEEDS, file);
  assert.ok(existsSync(path), `seed ${file} not found in ${SEEDS} (set SEC_CONFORMANCE_SEEDS)`);
  return readFileSync(path, 'utf8');
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe('data dictionary: units are the ones the seed gives', () => {
  for (const d of DATA_DICTIONARY) {
    it(`${d.type} ${d.item} is in ${d.unit}, as ${d.source.split(',')[0]} says`, () => {
      const text = seed(d.source);

      // the modification's own words: "Data Item 'Block Threshold' has a Unit that needs to be changed from 'kWh' to 'Wh'"
      const said = [...text.matchAll(/Data Item '([^']+)' has a Unit that needs to be changed from '([^']+)' to '([^']+)'/g)].find((m) => squash(m[1]!) === d.item);
      assert.ok(said, `the seed does not say which unit ${d.item} takes`);
      assert.equal(said[3], d.unit);

      // the legal text's table: the row of the data item under "<type> Definition", unit last
      const table = text.slice(text.indexOf(`${d.type} Definition`));
      assert.ok(table.length < text.length, `the seed has no ${d.type} table`);
      const row = table.split('\n').find((l) => l.startsWith(`${d.item}\t`));
      assert.ok(row, `the ${d.type} table has no ${d.item} row`);
      const unitCell = row.split('\t').at(-1)!.trim();
      // a redline keeps the struck text: "k Wh" is kWh with the "k" struck out, leaving Wh
      assert.equal(squash(unitCell), said[2], 'the table shows the unit being corrected');
      assert.ok(unitCell.endsWith(d.unit) && unitCell.split(/\s+/).at(-1) === d.unit, `the table's unit cell "${unitCell}" does not end in ${d.unit}`);
    });
  }

  it('answers a unit by type and data item, and nothing for items it does not know', () => {
    assert.equal(unitOf('GasThresholdMatrix', 'BlockThreshold'), 'Wh');
    assert.equal(unitOf('GasThresholdMatrix', 'index'), undefined);
  });

  it('prints the units in the HTML report', () => {
    const report: ConformanceReport = {
      generatedAt: '2025-01-01T00:00:00.000Z',
      run: {},
      modifications: [],
      counts: countVerdicts([]),
      runErrors: [],
      notApplicableByCapability: {},
      unmatchedDeviations: [],
      passed: 0,
      failed: 0,
      dataDictionary: [...DATA_DICTIONARY],
    };
    const html = renderHtml(report);
    assert.match(html, /<h2>Units of DUIS data items<\/h2>/);
    assert.match(html, /<code>sr:GasThresholdMatrix\/sr:BlockThreshold<\/code><\/td><td>GasThresholdMatrix<\/td><td>BlockThreshold<\/td><td><b>Wh<\/b>/);
  });
});
