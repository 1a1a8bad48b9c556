// The suite's own features pass the traceability lint with every citation looked up in the
// seed documents, which every developer and CI have at ../shared/seeds beside the project.
// Without that folder this test fails: it must not pass by skipping its point.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../src/cli/run-command.ts';
import { parseCitations } from '../src/spec/citations.ts';
import { checkSpec } from '../src/spec/check-spec.ts';
import { NON_XSD_TERMS } from '../src/spec/non-xsd-terms.ts';
import { checkCitation, SeedLibrary } from '../src/spec/seed-sections.ts';

const SEEDS = resolve(PROJECT_ROOT, '../shared/seeds');

function requireSeeds(): string {
  assert.ok(existsSync(SEEDS), `the seed documents are not at ${SEEDS}; clone the project beside shared/ (as CI does) so that ../shared/seeds exists`);
  return SEEDS;
}

describe('the live features against the seed documents', () => {
  it('pass the traceability lint with every citation found in ../shared/seeds', async () => {
    const sources = requireSeeds();
    const r = await checkSpec({ features: [join(PROJECT_ROOT, 'features')], sources, cwd: PROJECT_ROOT });
    assert.ok(r.lint.requirementCount > 0, 'no requirements found under features/');
    assert.equal(r.lint.sourcesChecked, true);
    assert.deepEqual(r.lint.defects.map((d) => d.message), []);
    assert.ok(r.lint.citations.every((c) => c.checked && c.found));
  });

  it('have the declared non-XSD values\' own citations in the seeds too', () => {
    const seeds = new SeedLibrary(requireSeeds());
    const problems = NON_XSD_TERMS.flatMap((t) =>
      parseCitations(t.source).flatMap((c) => {
        const doc = seeds.get(c.file);
        return doc ? checkCitation(doc, c).map((p) => `${t.kind} ${t.value}: ${p.message}`) : [`${t.kind} ${t.value}: no seed ${c.file}`];
      }),
    );
    assert.deepEqual(problems, []);
  });
});
