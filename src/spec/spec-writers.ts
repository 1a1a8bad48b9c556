// Writes check-spec's four outputs into one folder: JSON for machines, HTML for people,
// Markdown for pull requests and wikis, JUnit XML for test-management tools.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpecCheckResult } from './check-spec.ts';
import { renderSpecHtml, shown } from './render-html.ts';
import { renderSpecJunit } from './render-junit.ts';
import { renderSpecMarkdown } from './render-markdown.ts';
import { TERM_KIND_LABEL } from './terms.ts';

export const SPEC_OUTPUTS = { json: 'spec-check.json', html: 'spec-check.html', markdown: 'spec-check.md', junit: 'spec-check-junit.xml' } as const;

export function renderSpecJson(r: SpecCheckResult): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

export function writeSpecOutputs(r: SpecCheckResult, dir: string): Record<keyof typeof SPEC_OUTPUTS, string> {
  mkdirSync(dir, { recursive: true });
  const paths = {
    json: join(dir, SPEC_OUTPUTS.json),
    html: join(dir, SPEC_OUTPUTS.html),
    markdown: join(dir, SPEC_OUTPUTS.markdown),
    junit: join(dir, SPEC_OUTPUTS.junit),
  };
  writeFileSync(paths.json, renderSpecJson(r));
  writeFileSync(paths.html, renderSpecHtml(r));
  writeFileSync(paths.markdown, renderSpecMarkdown(r));
  writeFileSync(paths.junit, renderSpecJunit(r));
  return paths;
}

/** What the terminal shows: every defect, the matrix findings, and a last line with the counts. */
const n = (count: number, what: string): string => `${count} ${what}${count === 1 ? '' : 's'}`;

export function formatSpecSummary(r: SpecCheckResult): string {
  const out: string[] = [];
  out.push(`traceability: ${n(r.lint.requirementCount, 'requirement')}, ${n(r.lint.scenarioCount, 'scenario')}, ${n(r.defects.lint, 'defect')}${r.lint.sourcesChecked ? `; citations looked up in ${r.lint.sourcesDir}` : '; citations NOT looked up (no --sources)'}`);
  for (const d of r.lint.defects) out.push(`  ${d.code}: ${d.message}`);
  for (const v of r.schema.versions) {
    out.push(`schema ${v.label}: ${v.terms.length} DUIS names, ${v.defects.length} missing or unknown`);
    for (const t of v.defects) out.push(`  ${t.status}: ${TERM_KIND_LABEL[t.kind]} ${shown(t.value)} (${t.requirements.map((q) => q ?? 'no requirement').join(', ')}): ${t.note}`);
  }
  const m = r.matrix;
  if (m) {
    out.push(`behaviour: ${m.rows.length} requirements in ${m.columns.length} columns from ${r.runs.length} runs`);
    for (const c of m.comparisons) {
      out.push(`  ${c.a} vs ${c.b} (differ in ${c.modifications.join(', ')}): changed ${c.tagged.map((x) => x.requirement).join(', ') || 'none'}`);
      for (const x of c.untaggedChangers) out.push(`    changed without a side tag: ${x.requirement} ${x.from} -> ${x.to}`);
      for (const x of c.unchangedSideTagged) out.push(`    side-tagged but unchanged: ${x.requirement} ${x.from} (${x.sideTags.join(' ')})`);
    }
    for (const d of m.profileDisagreements) out.push(`  profiles disagree on ${d.requirement}: ${d.cells.map((x) => `${x.profile} ${x.cell}`).join(', ')}`);
    for (const n of m.notes) out.push(`  note: ${n}`);
  }
  out.push(`check-spec: ${n(r.defects.lint, 'traceability defect')}, ${n(r.defects.schema, 'schema defect')}`);
  return `${out.join('\n')}\n`;
}
