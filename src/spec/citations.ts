// A Rule's "Source:" line cites one or more seed documents and, in each, where the requirement
// comes from. This reads such a line into citations the seed check can look up:
//
//   000_c8c8cc78d5c28133.txt, section 2 "Issue" (an aside) and section 3 "Solution"
//   002_c1c8b5473b20a22a.txt, section 3.4 names these statuses
//   004_8450724e417126b9.txt, Appendix X 3.28 (the E46 record)
//
// Section numbers count only after "section"/"clause"/"§" or an Appendix/Annex name, so an SRV
// or a DUIS version elsewhere in the line is never taken for one. Quoted text is a heading.
// Parenthesised asides are explanation, not location, and are ignored.

/** A seed file name as cited: "000_c8c8cc78d5c28133.txt". */
export const SEED_FILE = /(?<![\w.-])[A-Za-z0-9][\w.-]*\.txt\b/g;

export interface SectionRef {
  /** "3.4", "2", "3.28"; absent for a heading cited on its own. */
  number?: string;
  /** A quoted heading: "Solution", "Problem Statement". With a number: the heading of that section. */
  heading?: string;
  /** "Appendix X", "Annex A" this section sits in, when cited. */
  within?: string;
}

export interface Citation {
  /** The seed file name as written. */
  file: string;
  /** The citation's text after the file name, as written. */
  text: string;
  /** Appendices or annexes cited ("Appendix X"), with the title quoted after one. */
  parts: { name: string; title?: string }[];
  sections: SectionRef[];
  /** "Table 3" and the like. */
  tables: string[];
}

/** Cut a Source line into one citation per seed file named. */
export function parseCitations(source: string): Citation[] {
  const hits = [...source.matchAll(SEED_FILE)];
  return hits.map((m, i) => {
    const start = m.index! + m[0].length;
    const end = i + 1 < hits.length ? hits[i + 1]!.index! : source.length;
    const text = source.slice(start, end).replace(/^[\s,:;]+|[\s,;.]+$/g, '');
    return { file: m[0], text, ...locators(text) };
  });
}

/** Whether a citation says where in the document: a section, a heading, an appendix or a table. */
export function citesLocation(c: Citation): boolean {
  return c.sections.length > 0 || c.parts.length > 0 || c.tables.length > 0;
}

const NUMBER = String.raw`\d+(?:\.\d+)*`;
const LIST_SEP = String.raw`\s*(?:,|&|\band\b|\bor\b)\s*`;
const QUOTED = String.raw`\s*(?:"([^"]+)"|“([^”]+)”|‘([^’]+)’|(?<![A-Za-z])'([^']+)'(?![A-Za-z]))`;

function locators(raw: string): Pick<Citation, 'parts' | 'sections' | 'tables'> {
  const text = withoutAsides(raw);
  const parts: Citation['parts'] = [];
  const sections: SectionRef[] = [];
  const tables: string[] = [];
  // spans already read as part of a section or appendix, so their quotes are not headings twice
  const used: [number, number][] = [];
  const quoted = (m: RegExpMatchArray, from: number): string | undefined => {
    const v = m.slice(from, from + 4).find((x) => x !== undefined);
    return v === undefined ? undefined : v.replace(/\s+/g, ' ').trim();
  };

  // "Appendix X", "Annex A", optionally with its title in quotes and a section number: "Appendix X 3.28"
  const partRe = new RegExp(String.raw`\b(Appendix|Annex)\s+([A-Z]{1,3}|\d+)\b(?:${QUOTED})?(?:\s*,?\s*(?:section|clause|§)?\s*(${NUMBER}(?:${LIST_SEP}${NUMBER})*)(?![\w.]))?`, 'g');
  for (const m of text.matchAll(partRe)) {
    const part = `${m[1]} ${m[2]}`;
    const title = quoted(m, 3);
    parts.push({ name: part, ...(title ? { title } : {}) });
    used.push([m.index!, m.index! + m[0].length]);
    const numbers = m[7];
    if (numbers) for (const n of splitList(numbers)) sections.push({ number: n, within: part });
  }

  // "section 3", "sections 3.1 and 3.4", "section 3.2 "Problem Statement""
  const secRe = new RegExp(String.raw`(?:\bsections?|\bclauses?|§)\s*(${NUMBER}(?:${LIST_SEP}${NUMBER})*)(?![\w.])(?:${QUOTED})?`, 'gi');
  for (const m of text.matchAll(secRe)) {
    if (inside(used, m.index!)) continue;
    used.push([m.index!, m.index! + m[0].length]);
    const numbers = splitList(m[1]!);
    const heading = quoted(m, 2);
    // a heading after a list belongs to the last number
    numbers.forEach((n, i) => sections.push({ number: n, ...(heading && i === numbers.length - 1 ? { heading } : {}) }));
  }

  for (const m of text.matchAll(/\btables?\s+(\d+)\b/gi)) tables.push(`Table ${m[1]}`);

  // any other quoted text names a heading on its own
  const headRe = new RegExp(QUOTED, 'g');
  for (const m of text.matchAll(headRe)) {
    if (inside(used, m.index!)) continue;
    const heading = quoted(m, 1);
    if (heading) sections.push({ heading });
  }
  return { parts, sections, tables };
}

function splitList(list: string): string[] {
  return list.split(new RegExp(LIST_SEP)).map((s) => s.trim()).filter(Boolean);
}

function inside(spans: readonly [number, number][], at: number): boolean {
  return spans.some(([a, b]) => at >= a && at < b);
}

/** Drop parenthesised asides (nested too). */
export function withoutAsides(text: string): string {
  let out = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** "section 3.2 "Problem Statement"", "Appendix X section 3.28", "heading "Solution"": for messages. */
export function describeSection(s: SectionRef): string {
  const where = s.within ? `${s.within} ` : '';
  if (s.number && s.heading) return `${where}section ${s.number} "${s.heading}"`;
  if (s.number) return `${where}section ${s.number}`;
  return `${where}heading "${s.heading}"`;
}
