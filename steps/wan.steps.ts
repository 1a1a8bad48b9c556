// SM WAN coverage (12.1 Request WAN Matrix). What a property's answer should be is the CSPs'
// data, not DUIS's: the target says what it holds ('wan-coverage-data': the reference's data
// file, or the file an external target was run with), and the steps check the answer against
// it and against CHISM Annex E table 3 (src/wan-coverage.ts).
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { requestWanMatrix, type PropertySelector } from '../src/duis/requests/index.ts';
import { isSuccess, type WanMatrix } from '../src/duis/responses.ts';
import { wanVariantRow, type WanCoverageEntry } from '../src/wan-coverage.ts';
import { converse, current, finalCode } from './flows.ts';
import type { ConformanceWorld } from './support/world.ts';

const PROPERTY = 'wan:property';

async function coverage(world: ConformanceWorld): Promise<WanCoverageEntry[]> {
  world.requireCapability('wan-coverage-data');
  const read = world.target.control.wanCoverage;
  assert.ok(read, `target ${world.target.name} offers wan-coverage-data but cannot say what it holds`);
  return read.call(world.target.control);
}

function property(world: ConformanceWorld): WanCoverageEntry | { unknownUprn: string } {
  const p = world.scratch.get(PROPERTY) as WanCoverageEntry | { unknownUprn: string } | undefined;
  assert.ok(p, 'no property has been picked in this scenario');
  return p;
}

function known(world: ConformanceWorld): WanCoverageEntry {
  const p = property(world);
  assert.ok(!('unknownUprn' in p), 'the property is one the coverage data does not hold');
  return p;
}

Given('a property whose SM WAN coverage data gives WAN Variant {string}', async function (this: ConformanceWorld, variant: string) {
  const all = await coverage(this);
  // prefer one known by UPRN, the usual way to ask
  const found = all.find((e) => e.wanVariant === variant && e.uprn !== undefined) ?? all.find((e) => e.wanVariant === variant);
  assert.ok(found, `the target's coverage data has no property with WAN Variant ${JSON.stringify(variant)}; add one to run this check`);
  this.scratch.set(PROPERTY, found);
});

Given('a property the SM WAN coverage data knows by post code and address', async function (this: ConformanceWorld) {
  const found = (await coverage(this)).find((e) => e.postCode !== undefined);
  assert.ok(found, "the target's coverage data has no property known by post code and address");
  this.scratch.set(PROPERTY, found);
});

Given('a property the SM WAN coverage data does not hold', async function (this: ConformanceWorld) {
  const held = new Set((await coverage(this)).map((e) => e.uprn));
  let uprn = 123456789012n;
  while (held.has(String(uprn))) uprn -= 1n;
  this.scratch.set(PROPERTY, { unknownUprn: String(uprn) });
});

function selector(world: ConformanceWorld, byAddress: boolean): PropertySelector {
  const p = property(world);
  if ('unknownUprn' in p) return { uprn: p.unknownUprn };
  if (!byAddress && p.uprn !== undefined) return { uprn: p.uprn };
  assert.ok(p.postCode !== undefined && p.addressIdentifier !== undefined, 'the property has no post code and address in the coverage data');
  return { partialAddress: { postCode: p.postCode, addressIdentifier: p.addressIdentifier } };
}

When('{user} requests the WAN Matrix for the property', async function (this: ConformanceWorld, user: string) {
  await converse(this, user, requestWanMatrix(this.ctx(user), selector(this, false)));
});

When('{user} requests the WAN Matrix for the property by its post code and address', async function (this: ConformanceWorld, user: string) {
  await converse(this, user, requestWanMatrix(this.ctx(user), selector(this, true)));
});

function wanMatrix(world: ConformanceWorld): WanMatrix {
  const code = finalCode(world);
  assert.equal(code, 'I0', `12.1 was answered ${code}, not I0 with a WAN Matrix`);
  const body = current(world).final.response.body;
  assert.ok(body.type === 'ResponseMessage' && body.content.kind === 'DSPWANMatrix', '12.1 answered I0 without a DSPWANMatrix');
  return body.content.wanMatrix;
}

Then('the DCC answers with the WAN Matrix the coverage data gives for the property', function (this: ConformanceWorld) {
  const w = wanMatrix(this);
  const e = known(this);
  assert.deepEqual(
    {
      cspRegion: w.cspRegion,
      coverageAvailability: w.coverageAvailability,
      anticipatedCoverageDate: w.anticipatedCoverageDate,
      wanVariant: w.wanTechnology,
      connectivityLikelihood: w.connectivityLikelihood,
    },
    {
      cspRegion: e.cspRegion,
      coverageAvailability: e.coverageAvailability,
      anticipatedCoverageDate: e.anticipatedCoverageDate,
      wanVariant: e.wanVariant,
      connectivityLikelihood: e.connectivityLikelihood,
    },
  );
});

/** "CSP North", "CSP South & Central", "N/A" (table 3's wording) -> DUIS CSPRegion values; undefined for any. */
function regionsNamed(name: string): string[] | undefined {
  if (name.trim() === 'N/A') return undefined;
  return name.replace(/^CSP\s+/, '').split(/\s*&\s*/).map((r) => r.trim());
}

Then('the WAN Matrix gives WAN Variant {string} for {string}', function (this: ConformanceWorld, variant: string, region: string) {
  const w = wanMatrix(this);
  // exactly as sent: " " is a value of its own (MP081), not an empty or missing one
  assert.equal(w.wanTechnology, variant, `WANTechnology is ${JSON.stringify(w.wanTechnology)}, not ${JSON.stringify(variant)}`);
  const row = wanVariantRow(variant);
  assert.ok(row, `${JSON.stringify(variant)} is not in CHISM Annex E table 3`);
  const regions = regionsNamed(region);
  if (regions) assert.ok(regions.includes(w.cspRegion), `WAN Variant ${JSON.stringify(variant)} came for CSP region ${w.cspRegion}, not ${region}`);
});

Then('the WAN Matrix gives an anticipated coverage date', function (this: ConformanceWorld) {
  const w = wanMatrix(this);
  assert.ok(w.anticipatedCoverageDate, 'the WAN Matrix gives no AnticipatedCoverageDate');
  assert.ok(!Number.isNaN(Date.parse(w.anticipatedCoverageDate)), `AnticipatedCoverageDate ${w.anticipatedCoverageDate} is not a date`);
});

Then('the WAN Matrix says SM WAN coverage is not available', function (this: ConformanceWorld) {
  assert.equal(wanMatrix(this).coverageAvailability, false);
});

Then('the WAN Matrix says SM WAN coverage is available', function (this: ConformanceWorld) {
  assert.equal(wanMatrix(this).coverageAvailability, true);
});

Then('the DCC answers without a WAN Matrix', function (this: ConformanceWorld) {
  const code = finalCode(this);
  assert.ok(!isSuccess(code), `12.1 for a property without coverage data was answered ${code}`);
  const body = current(this).final.response.body;
  assert.ok(!(body.type === 'ResponseMessage' && body.content.kind === 'DSPWANMatrix'), 'the refusal carries a WAN Matrix');
});
