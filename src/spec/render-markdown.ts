// check-spec as Markdown tables, for a pull request comment or a wiki page. Cell text is escaped
// so that nothing from a feature file can break a table or inject HTML.
import type { SpecCheckResult } from './check-spec.ts';
import { DEFECT_MEANING } from './lint.ts';
import { shown } from './render-html.ts';
import { TERM_KIND_LABEL } from './terms.ts';

/** Text safe in a Markdown table cell. */
export function mdCell(value: unknown): string {
  return String(value ?? '')
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]|<>#]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`))
    .trim();
}

function table(head: string[], rows: unknown[][]): string {
  return [`| ${head.map(mdCell).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)].join('\n');
}

export function renderSpecMarkdown(r: SpecCheckResult): string {
  const out: string[] = [];
  out.push('# SEC specification check', '');
  out.push(`**${r.ok ? 'No defects' : `${r.defects.lint} traceability and ${r.defects.schema} schema defects`}**: ${r.lint.requirementCount} requirements, ${r.lint.scenarioCount} scenarios.`, '');
  out.push(r.lint.sourcesChecked ? `Citations looked up in ${mdCell(r.lint.sourcesDir)}.` : 'Citations were **not** looked up in the source documents (no --sources).', '');

  out.push('## Traceability', '');
  out.push(r.lint.defects.length ? table(['Problem', 'Requirement', 'Where', 'Detail'], r.lint.defects.map((d) => [DEFECT_MEANING[d.code], d.requirement ?? '', `${d.uri}${d.line ? `:${d.line}` : ''}`, d.message])) : 'No traceability defects.', '');
  out.push(table(['ID', 'Modification', 'Requirement', 'Source', 'Scenarios'], r.requirements.map((q) => [q.id ?? '(no ID)', q.modification, q.title, q.source ?? '', q.scenarios])), '');

  out.push('## DUIS schema cross-check', '');
  for (const v of r.schema.versions) {
    out.push(`### ${mdCell(v.label)}`, '');
    out.push(v.terms.length ? table(['Kind', 'Value', 'Used by', 'Result', 'Note'], v.terms.map((t) => [TERM_KIND_LABEL[t.kind], shown(t.value), t.requirements.map((q) => q ?? '(none)').join(' '), t.status, t.note])) : 'No DUIS names found.', '');
  }

  if (r.matrix) {
    const m = r.matrix;
    out.push('## Behaviour across runs', '');
    out.push(table(['Requirement', 'Changed by', ...m.columns.map((c) => c.key)], m.rows.map((q) => [q.requirement, [...q.sideTags, ...q.exampleSideTags].join(' ') || '-', ...m.columns.map((c) => q.cells[c.key])])), '');
    for (const c of m.comparisons) {
      out.push(`### ${mdCell(c.a)} vs ${mdCell(c.b)} (differ in ${mdCell(c.modifications.join(', '))})`, '');
      const rows = [
        ...c.tagged.map((x) => ['changed (side-tagged)', x.requirement, x.from, x.to, x.sideTags.join(' ')]),
        ...c.untaggedChangers.map((x) => ['CHANGED WITHOUT SIDE TAG', x.requirement, x.from, x.to, '']),
        ...c.unchangedSideTagged.map((x) => ['SIDE-TAGGED BUT UNCHANGED', x.requirement, x.from, x.to, x.sideTags.join(' ')]),
      ];
      out.push(rows.length ? table(['Finding', 'Requirement', 'From', 'To', 'Side tags'], rows) : 'No requirement changed.', '');
    }
    if (m.profileDisagreements.length) {
      out.push('### Named profiles disagree', '');
      out.push(table(['Requirement', 'Kind', 'Verdicts'], m.profileDisagreements.map((d) => [d.requirement, d.kind, d.cells.map((x) => `${x.profile}: ${x.cell}`).join(', ')])), '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
