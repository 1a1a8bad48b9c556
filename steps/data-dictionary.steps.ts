// The suite's own data dictionary: units of DUIS data items (src/duis/data-dictionary.ts), which
// the reports print next to the exchanges. A check of the suite, not of the target: DUIS carries
// values without units, so no target can show one.
import assert from 'node:assert/strict';
import { Then } from '@cucumber/cucumber';
import { DATA_DICTIONARY } from '../src/duis/data-dictionary.ts';
import type { ConformanceWorld } from './support/world.ts';

Then("the suite's data dictionary gives {word} in {word} in {word}", function (this: ConformanceWorld, item: string, type: string, unit: string) {
  const entry = DATA_DICTIONARY.find((d) => d.type === type && d.item === item);
  assert.ok(entry, `the data dictionary has no unit for ${type} ${item}`);
  assert.equal(entry.unit, unit, `the data dictionary gives ${type} ${item} in ${entry.unit}`);
  this.attach(JSON.stringify(entry, null, 2), { mediaType: 'application/json', fileName: 'data-dictionary-entry.json' });
});
