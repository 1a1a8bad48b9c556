// Looks a citation up in its seed document. The seeds are text extracted (partly by OCR) from
// PDFs, so matching is by normalised lines: lower case, quotes dropped, whitespace collapsed.
//
// - A section number is found on a heading line that starts with it ("3.2 Problem Statement",
//   " 1.  Summary", a contents line "\t3.2\tProblem Statement\t5", or with the dots OCR lost:
//   "241 Requirement 1"), or where the text refers to it ("Amend Section 3.28 (b)"): redlined
//   legal text names sections that way.
// - A quoted heading is found on a line that starts with it, after any numbering, bullet or
//   "Appendix X"/"Section N" prefix. Headings must be quoted exactly; other words stay unquoted.
// - A number with its heading must be found together on one line: section 3 "Issue" fails when
//   the document has "2. Issue" and "3. Solution".
// - "Appendix X" must appear in the document; sections cited within it are looked for after it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeSection, type Citation, type SectionRef } from './citations.ts';

export interface SeedDocument {
  file: string;
  /** Normalised lines. */
  lines: string[];
}

export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’“”"'`´]/g, '')
    .replace(/[–—]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

export function seedDocument(file: string, text: string): SeedDocument {
  return { file, lines: text.replace(/\r\n?/g, '\n').split('\n').map(normalise) };
}

/** Reads seed files from a folder once each; undefined for a file that is not there. */
export class SeedLibrary {
  private readonly cache = new Map<string, SeedDocument | undefined>();
  constructor(readonly dir: string) {}

  get(file: string): SeedDocument | undefined {
    if (!this.cache.has(file)) {
      // a cited name is a file name, never a path: nothing outside the folder is read
      const safe = /^[\w.-]+$/.test(file) && !file.startsWith('.');
      const path = join(this.dir, file);
      this.cache.set(file, safe && existsSync(path) ? seedDocument(file, readFileSync(path, 'utf8')) : undefined);
    }
    return this.cache.get(file);
  }
}

export interface CitationProblem {
  kind: 'section-not-found';
  what: string;
  message: string;
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Numbering, bullets and locator words that may precede a heading on its line. */
const PREFIX = String.raw`(?:(?:\d+(?:\.\d+)*\.?|[a-z]\)|[•*·-]|(?:appendix|annex)\s+[a-z0-9]{1,3}|(?:section|clause)\s+[\d.]+)\s*)*`;

/**
 * A section number as it may stand on a line: as written, or, at the start of a heading line,
 * with its dots lost to OCR ("241 Requirement 1" is 2.4.1, "71 Risks" is 7.1).
 */
function numberAlternatives(n: string): string {
  const plain = esc(n);
  return n.includes('.') ? String.raw`(?:${plain}|${esc(n.replace(/\./g, ''))}(?=\s+[a-z]))` : plain;
}

function numberRe(n: string): RegExp {
  // at the start of a line (a heading), or referred to as "section N"/"clause N" anywhere
  return new RegExp(String.raw`(?:^${numberAlternatives(n)}|\b(?:section|clause)\s+${esc(n)})(?![\d]|\.\d)`);
}

function headingRe(h: string, n?: string): RegExp {
  const head = esc(normalise(h));
  if (n) return new RegExp(String.raw`^(?:(?:appendix|annex)\s+[a-z0-9]{1,3}\s+|(?:section|clause)\s+)?${numberAlternatives(n)}\.?\s+${head}(?![a-z0-9])`);
  return new RegExp(String.raw`^${PREFIX}${head}(?![a-z0-9])`);
}

/** First line index at or after `from` that matches. */
function findLine(doc: SeedDocument, re: RegExp, from = 0): number {
  for (let i = from; i < doc.lines.length; i++) if (re.test(doc.lines[i]!)) return i;
  return -1;
}

/** Every location the citation names that the document does not have. */
export function checkCitation(doc: SeedDocument, c: Citation): CitationProblem[] {
  const problems: CitationProblem[] = [];
  const partAt = new Map<string, number>();
  for (const { name, title } of c.parts) {
    // with a title, the appendix's name and title are on one line: Appendix X 'Registration Data ...'
    const tail = title ? String.raw`.*\b${esc(normalise(title))}(?![a-z0-9])` : '';
    const at = findLine(doc, new RegExp(String.raw`\b${esc(normalise(name))}\b${tail}`));
    if (!partAt.has(name) || at >= 0) partAt.set(name, at);
    const what = title ? `${name} "${title}"` : name;
    if (at < 0) problems.push({ kind: 'section-not-found', what, message: `${doc.file} has no ${what}` });
  }
  for (const s of c.sections) {
    const from = s.within ? partAt.get(s.within) ?? -1 : 0;
    if (from < 0) continue; // the appendix itself is already reported
    if (findSection(doc, s, from) >= 0) continue;
    const what = describeSection(s);
    let message = `${doc.file} has no ${what}`;
    if (s.number && s.heading) {
      const n = findLine(doc, numberRe(s.number), from);
      const h = findLine(doc, headingRe(s.heading), from);
      if (n >= 0 && h >= 0) message += ` (it has section ${s.number} and a heading "${s.heading}", but not together: line ${n + 1} and line ${h + 1})`;
    }
    problems.push({ kind: 'section-not-found', what, message });
  }
  for (const t of c.tables) {
    if (findLine(doc, new RegExp(String.raw`\b${esc(normalise(t))}\b`)) < 0) {
      problems.push({ kind: 'section-not-found', what: t, message: `${doc.file} has no ${t}` });
    }
  }
  return problems;
}

/** Line index where the section is, or -1. */
export function findSection(doc: SeedDocument, s: SectionRef, from = 0): number {
  if (s.number && s.heading) return findLine(doc, headingRe(s.heading, s.number), from);
  if (s.number) return findLine(doc, numberRe(s.number), from);
  return findLine(doc, headingRe(s.heading ?? ''), from);
}
