// The plain-text summary printed at the end of a run: one row per requirement, then the
// failures with their failing step, then the counts, and as the very last line
// "N passed, N failed" (the line CI reads).
import type { ConformanceReport, RequirementResult, ScenarioResult } from './model.ts';
import { VERDICTS } from './verdicts.ts';

export function formatSummary(report: ConformanceReport): string {
  const out: string[] = [];
  const r = report.run;
  out.push('');
  out.push('Conformance summary');
  const header = [
    r.target && `target: ${r.target}`,
    r.baseline && `baseline: ${r.baseline}`,
    r.referenceBaseline && r.referenceBaseline !== r.baseline && `reference baseline: ${r.referenceBaseline}`,
    r.flagProfile && `flag profile: ${r.flagProfile}`,
    r.referenceFlagProfile && `reference flag profile: ${r.referenceFlagProfile}`,
    r.tags && `tags: ${r.tags}`,
  ].filter(Boolean);
  if (header.length) out.push(header.join('; '));
  out.push('');

  const rows: string[][] = [['VERDICT', 'REQUIREMENT', 'MODIFICATION', 'SCENARIOS', 'TITLE']];
  for (const m of report.modifications) {
    for (const q of m.requirements) rows.push([q.verdict, q.id ?? '(none)', m.id, scenarioCounts(q), oneLine(q.title, 60)]);
  }
  if (rows.length === 1) out.push('No scenarios ran: check the feature paths, --tags and the baseline.');
  else out.push(...table(rows));

  const problems = report.modifications.flatMap((m) =>
    m.requirements.flatMap((q) => q.scenarios.filter((s) => s.verdict !== 'PASS' && s.verdict !== 'NOT APPLICABLE').map((s) => ({ q, s }))),
  );
  if (problems.length) {
    out.push('');
    out.push('Details:');
    for (const { q, s } of problems) out.push(...describe(q, s));
  }
  if (report.runErrors.length) {
    out.push('');
    out.push('Run errors (outside any scenario; each counts as failed):');
    for (const e of report.runErrors) out.push(`  ERROR  ${oneLine(e, 200)}`);
  }
  if (report.unmatchedDeviations.length) {
    out.push('');
    out.push('Known deviations that matched nothing in this run (check the names, tags and baseline):');
    for (const d of report.unmatchedDeviations) out.push(`  ${d.scenario ? `scenario "${d.scenario}"` : `requirement ${d.requirement}`}`);
  }

  out.push('');
  const c = report.counts;
  out.push(`Scenarios: ${VERDICTS.map((v) => `${c[v]} ${v}`).join(', ')}`);
  const na = Object.entries(report.notApplicableByCapability);
  if (c['NOT APPLICABLE'] > 0) {
    out.push(`${c['NOT APPLICABLE']} not applicable (not counted as passed or failed); target lacks: ${na.map(([cap, n]) => `${cap} (${n})`).join(', ')}`);
  }
  out.push(`${report.passed} passed, ${report.failed} failed`);
  return out.join('\n') + '\n';
}

function scenarioCounts(q: RequirementResult): string {
  return VERDICTS.filter((v) => q.counts[v] > 0).map((v) => `${q.counts[v]} ${v.toLowerCase()}`).join(', ');
}

function describe(q: RequirementResult, s: ScenarioResult): string[] {
  const lines = [`  ${s.verdict.padEnd(14)} ${q.id ?? '(no requirement)'}  "${oneLine(s.name, 100)}"  ${s.uri}${s.line ? `:${s.line}` : ''}`];
  if (s.failingStep) {
    const st = s.failingStep;
    lines.push(`${' '.repeat(17)}at ${st.kind === 'hook' ? `${st.keyword} hook "${st.text}"` : `${st.keyword} ${st.text}`}${st.line ? ` (line ${st.line})` : ''}`);
  }
  for (const l of (s.message ?? '').split('\n').slice(0, 6)) if (l.trim()) lines.push(`${' '.repeat(17)}${oneLine(l, 160)}`);
  return lines;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}

function oneLine(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
