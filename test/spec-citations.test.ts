// Reading a Rule's Source line into citations, and finding each cited section in a seed document
// (the fixture seed test/fixtures/spec/seeds/100_f1x7000000000001.txt).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { citesLocation, parseCitations } from '../src/spec/citations.ts';
import { checkCitation, seedDocument } from '../src/spec/seed-sections.ts';

const SEED_FILE = '100_f1x7000000000001.txt';
const seed = seedDocument(SEED_FILE, readFileSync(join(import.meta.dirname, 'fixtures', 'spec', 'seeds', SEED_FILE), 'utf8'));
const problems = (source: string): string[] => parseCitations(source).flatMap((c) => checkCitation(seed, c).map((p) => p.what));

describe('citations in a Source line', () => {
  it('gives one citation per seed file named, each with its own sections', () => {
    const cs = parseCitations('000_c8c8cc78d5c28133.txt, section 1 "Summary" (an aside); 002_c1c8b5473b20a22a.txt, sections 3.1 and 3.4 "Solution Intention".');
    assert.deepEqual(cs.map((c) => c.file), ['000_c8c8cc78d5c28133.txt', '002_c1c8b5473b20a22a.txt']);
    assert.deepEqual(cs[0]!.sections, [{ number: '1', heading: 'Summary' }]);
    assert.deepEqual(cs[1]!.sections, [{ number: '3.1' }, { number: '3.4', heading: 'Solution Intention' }]);
  });

  it('reads an appendix with a section in it, and its quoted title', () => {
    const [c] = parseCitations("004_8450724e417126b9.txt, Appendix X ‘Registration Data Interface Specification’ 3.28");
    assert.deepEqual(c!.parts, [{ name: 'Appendix X', title: 'Registration Data Interface Specification' }]);
    assert.deepEqual(c!.sections, [{ number: '3.28', within: 'Appendix X' }]);
  });

  it('takes no SRV, DUIS version or parenthesised aside for a section', () => {
    const [c] = parseCitations('000_c8c8cc78d5c28133.txt, section 2 "Issue" (see "Join" in 8.7.1); our reading of DUIS 8.14.1 and V5.1');
    assert.deepEqual(c!.sections, [{ number: '2', heading: 'Issue' }]);
    assert.ok(citesLocation(c!));
  });

  it('knows a citation that says nothing about where', () => {
    const [c] = parseCitations('000_c8c8cc78d5c28133.txt, near the end');
    assert.equal(citesLocation(c!), false);
  });
});

describe('looking a citation up in its seed', () => {
  it('finds numbered headings, quoted headings, appendix sections referred to in redlined text, and a contents line', () => {
    assert.deepEqual(problems(`${SEED_FILE}, section 1 "Summary", section 2 "Issue", section 3.4 "Solution Intention", "What is the issue?", "Proposed Solution", Appendix X 3.28, Appendix X 'Example Registration Interface'`), []);
  });

  it('matches whitespace and case loosely, as OCR leaves them', () => {
    assert.deepEqual(problems(`${SEED_FILE}, section 1 "SUMMARY" and "proposed   solution"`), []);
  });

  it('finds a numbered heading whose dots OCR lost, but only as a heading', () => {
    assert.deepEqual(problems(`${SEED_FILE}, section 2.1 "Background to the issue" and section 2.1`), []);
    // "21" followed by a word starts a heading line; 2.1.0 would be "210"
    assert.deepEqual(problems(`${SEED_FILE}, section 2.1.0`), ['section 2.1.0']);
  });

  it('reports a section number the seed does not have', () => {
    assert.deepEqual(problems(`${SEED_FILE}, section 9.9`), ['section 9.9']);
  });

  it('does not take section 3.4 for section 3, nor 3 for 3.4', () => {
    assert.deepEqual(problems(`${SEED_FILE}, section 3.5 and section 4`), ['section 3.5', 'section 4']);
  });

  it('reports a number and heading that do not belong together, saying where each is', () => {
    const [c] = parseCitations(`${SEED_FILE}, section 3 "Issue"`);
    const [p] = checkCitation(seed, c!);
    assert.equal(p!.what, 'section 3 "Issue"');
    assert.match(p!.message, /has section 3 and a heading "Issue", but not together/);
  });

  it('reports a quoted heading that no line starts with, even when the words occur in the text', () => {
    // "refuses an unjoin" is in the seed's text, but it is not a heading
    assert.deepEqual(problems(`${SEED_FILE}, "refuses an unjoin"`), ['heading "refuses an unjoin"']);
  });

  it('reports an appendix the seed does not have, and a section looked for only after its appendix', () => {
    assert.deepEqual(problems(`${SEED_FILE}, Appendix Q 3.28`), ['Appendix Q']);
    // section 1 exists, but not after Appendix X
    assert.deepEqual(problems(`${SEED_FILE}, Appendix X 1`), ['Appendix X section 1']);
  });

  it('reports an appendix cited with a title it does not have', () => {
    assert.deepEqual(problems(`${SEED_FILE}, Appendix X "Another Interface"`), ['Appendix X "Another Interface"']);
  });
});
