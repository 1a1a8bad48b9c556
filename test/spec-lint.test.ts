// check-spec's traceability lint: each fixture under test/fixtures/spec/defects/ is clean but
// for one defect, and the lint reports exactly that one, where it is.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lint, type Defect, type LintInput } from '../src/spec/lint.ts';
import { loadSpec } from '../src/spec/spec-model.ts';
import { loadKnownDeviations } from '../src/runner/known-deviations.ts';
import { tempDir } from './helpers.ts';

const FIX = join(import.meta.dirname, 'fixtures', 'spec');
const SEEDS = join(FIX, 'seeds');
const CLEAN = join(FIX, 'features', 'clean.feature');

function lintOf(paths: string[], extra: Omit<LintInput, 'model'> = { sources: SEEDS }): Defect[] {
  return lint({ model: loadSpec(paths), ...extra }).defects;
}

function onlyDefect(file: string): Defect {
  const defects = lintOf([join(FIX, 'defects', file)]);
  assert.equal(defects.length, 1, `expected one defect in ${file}, got: ${defects.map((d) => d.message).join(' | ') || 'none'}`);
  return defects[0]!;
}

describe('check-spec traceability lint', () => {
  it('finds nothing wrong with the clean fixture, its citations looked up in the seed folder', () => {
    const result = lint({ model: loadSpec([CLEAN]), sources: SEEDS });
    assert.deepEqual(result.defects, []);
    assert.equal(result.sourcesChecked, true);
    assert.ok(result.citations.length >= 2 && result.citations.every((c) => c.checked && c.found));
  });

  it('reports a scenario that sits under no Rule', () => {
    const d = onlyDefect('orphan-scenario.feature');
    assert.equal(d.code, 'orphan-scenario');
    assert.equal(d.line, 4);
    assert.match(d.message, /This scenario shows no requirement/);
  });

  it('reports a Rule without scenarios', () => {
    const d = onlyDefect('rule-without-scenarios.feature');
    assert.equal(d.code, 'rule-without-scenarios');
    assert.equal(d.requirement, 'FIX-20');
  });

  it('reports a Rule without a @req ID', () => {
    const d = onlyDefect('rule-without-req.feature');
    assert.equal(d.code, 'rule-without-req');
    assert.equal(d.line, 5);
  });

  it('reports a Rule with two @req IDs', () => {
    const model = loadSpec([CLEAN]);
    model.features[0]!.requirements[0]!.reqTags.push('@req:FIX-1b');
    const defects = lint({ model }).defects;
    assert.deepEqual(defects.map((d) => d.code), ['rule-with-several-req']);
  });

  it('reports the second Rule that reuses an ID, pointing at the first', () => {
    const d = onlyDefect('duplicate-req.feature');
    assert.equal(d.code, 'duplicate-req');
    assert.equal(d.line, 13);
    assert.match(d.message, /FIX-40 is already used at .*duplicate-req\.feature:5/);
  });

  it('reports an ID reused in another file, but not a file named twice', () => {
    assert.deepEqual(lintOf([CLEAN, join(FIX, 'defects', '..', 'features', 'clean.feature')]), []);
    const dir = tempDir();
    const other = join(dir, 'other.feature');
    writeFileSync(other, readFileSync(CLEAN, 'utf8').replace('@req:FIX-2', '@req:FIX-2b'));
    const defects = lintOf([CLEAN, other]);
    assert.deepEqual(defects.map((d) => [d.code, d.requirement]), [['duplicate-req', 'FIX-1']]);
  });

  it('reports a @req tag on a scenario that names no requirement', () => {
    const d = onlyDefect('unknown-req-tag.feature');
    assert.equal(d.code, 'unknown-req-tag');
    assert.equal(d.requirement, 'FIX-999');
  });

  it('reports a requirement without a Source line', () => {
    assert.equal(onlyDefect('no-source.feature').code, 'no-source');
  });

  it('reports a citation that names a seed but no section in it', () => {
    assert.equal(onlyDefect('source-without-section.feature').code, 'source-without-section');
  });

  it('reports a citation of a section the seed does not have', () => {
    const d = onlyDefect('missing-section.feature');
    assert.equal(d.code, 'section-not-found');
    assert.match(d.message, /section 9\.9 "Implementation"/);
  });

  it('reports a citation of a seed file that does not exist', () => {
    const d = onlyDefect('missing-seed.feature');
    assert.equal(d.code, 'seed-not-found');
    assert.match(d.message, /199_0000000000000000\.txt/);
  });

  it('reports a known deviation that names an unknown requirement, and only that one', () => {
    const path = join(FIX, 'deviations', 'stale.yaml');
    const defects = lintOf([CLEAN], { deviations: [{ uri: path, deviations: loadKnownDeviations(path) }] });
    assert.deepEqual(defects.map((d) => [d.code, d.requirement]), [['stale-deviation', 'FIX-99']]);
  });

  it('reports a known deviation that names a scenario no feature has, matching outline names as a run fills them in', () => {
    const deviations = [
      { scenario: 'A pre-notified ESME is Pending', reason: 'an outline row, named as the run names it' },
      { scenario: 'A pre-notified <device> is Pending', reason: 'the outline as written is not a scenario name' },
    ];
    const defects = lintOf([CLEAN], { deviations: [{ uri: 'list.yaml', deviations }] });
    assert.deepEqual(defects.map((d) => d.code), ['stale-deviation']);
    assert.match(defects[0]!.message, /<device>/);
  });

  it('reports requirements a run report has verdicts for that no Rule has', () => {
    const defects = lintOf([CLEAN], { runs: [{ uri: 'run/conformance.json', ids: ['FIX-1', 'FIX-2', 'OLD-7'] }] });
    assert.deepEqual(defects.map((d) => [d.code, d.requirement]), [['unknown-req-in-run', 'OLD-7']]);
  });

  it('reports a feature file that does not parse, and goes on with the others', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.feature'), 'Feature: one\n  Scenario: a\n    Given a step\nFeature: a second Feature in one file\n');
    const model = loadSpec([CLEAN, dir]);
    assert.equal(model.features.length, 1);
    assert.deepEqual(lint({ model, sources: SEEDS }).defects.map((d) => d.code), ['parse-error']);
  });

  it('without a seed folder reads citations but does not look them up, and says so', () => {
    const result = lint({ model: loadSpec([join(FIX, 'defects', 'missing-seed.feature'), join(FIX, 'defects', 'missing-section.feature')]) });
    assert.deepEqual(result.defects, []);
    assert.equal(result.sourcesChecked, false);
    assert.ok(result.citations.length === 2 && result.citations.every((c) => !c.checked && c.found === undefined));
  });
});
