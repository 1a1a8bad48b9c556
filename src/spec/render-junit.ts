// check-spec as JUnit XML, so test-management tools can import it: one test case per
// requirement per check, with the requirement ID as a property ("requirement") to link it by.
//   - traceability: fails with the requirement's lint defects; defects tied to no requirement
//     (an orphan scenario, a stale deviation) get a test case of their own
//   - schema <release>: fails with the DUIS names that release lacks
//   - behaviour <column>: the run's verdict (FAIL/ERROR fail; NOT APPLICABLE and NOT SELECTED skip)
//   - baselines <a> vs <b>: a change no side tag explains, or a side-tagged requirement that did
//     not change, fails (these findings do not change check-spec's exit status)
//
// Written by hand rather than with xml-js: xml-js leaves & and < unescaped in attribute values.
import type { SpecCheckResult } from './check-spec.ts';
import { DEFECT_MEANING, type Defect } from './lint.ts';
import { shown } from './render-html.ts';
import { TERM_KIND_LABEL } from './terms.ts';

interface Case {
  classname: string;
  name: string;
  properties: [string, string][];
  failure?: { message: string; type: string; text: string };
  skipped?: string;
}

interface Suite {
  name: string;
  properties?: [string, string][];
  cases: Case[];
}

/** Text safe in XML content and double-quoted attributes; characters XML 1.0 forbids are dropped. */
export function xmlEsc(value: unknown): string {
  return String(value ?? '')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function renderSpecJunit(r: SpecCheckResult): string {
  const suites: Suite[] = [traceability(r), ...schemaSuites(r), ...behaviourSuites(r), ...baselineSuites(r)];
  const total = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + s.cases.filter((c) => c.failure).length, 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="sec-conformance check-spec" tests="${total}" failures="${failures}">`];
  for (const s of suites) {
    const f = s.cases.filter((c) => c.failure).length;
    const sk = s.cases.filter((c) => c.skipped !== undefined).length;
    lines.push(`  <testsuite name="${xmlEsc(s.name)}" tests="${s.cases.length}" failures="${f}" errors="0" skipped="${sk}" timestamp="${xmlEsc(r.generatedAt)}">`);
    if (s.properties?.length) {
      lines.push('    <properties>');
      for (const [k, v] of s.properties) lines.push(`      <property name="${xmlEsc(k)}" value="${xmlEsc(v)}"/>`);
      lines.push('    </properties>');
    }
    for (const c of s.cases) {
      lines.push(`    <testcase classname="${xmlEsc(c.classname)}" name="${xmlEsc(c.name)}" time="0">`);
      if (c.properties.length) {
        lines.push('      <properties>');
        for (const [k, v] of c.properties) lines.push(`        <property name="${xmlEsc(k)}" value="${xmlEsc(v)}"/>`);
        lines.push('      </properties>');
      }
      if (c.failure) lines.push(`      <failure message="${xmlEsc(c.failure.message)}" type="${xmlEsc(c.failure.type)}">${xmlEsc(c.failure.text)}</failure>`);
      if (c.skipped !== undefined) lines.push(`      <skipped message="${xmlEsc(c.skipped)}"/>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

const reqProps = (id: string | null, extra: [string, string][] = []): [string, string][] => [...(id ? [['requirement', id] as [string, string]] : []), ...extra];

function failureOf(defects: readonly Defect[]): Case['failure'] {
  return {
    message: defects.map((d) => DEFECT_MEANING[d.code]).filter((v, i, a) => a.indexOf(v) === i).join('; '),
    type: defects.map((d) => d.code).filter((v, i, a) => a.indexOf(v) === i).join(' '),
    text: defects.map((d) => d.message).join('\n'),
  };
}

function traceability(r: SpecCheckResult): Suite {
  const cases: Case[] = r.requirements.map((q) => {
    const mine = r.lint.defects.filter((d) => d.uri === q.uri && d.line === q.line);
    return {
      classname: `traceability.${q.modification}`,
      name: `${q.id ?? '(no ID)'} ${q.title}`,
      properties: reqProps(q.id, [['source', q.source ?? ''], ['file', `${q.uri}:${q.line}`]]),
      ...(mine.length ? { failure: failureOf(mine) } : {}),
    };
  });
  const placed = new Set(r.requirements.map((q) => `${q.uri}:${q.line}`));
  for (const d of r.lint.defects) {
    if (d.line !== undefined && placed.has(`${d.uri}:${d.line}`)) continue;
    cases.push({ classname: 'traceability', name: `${d.code} ${d.uri}${d.line ? `:${d.line}` : ''}`, properties: reqProps(d.requirement ?? null), failure: failureOf([d]) });
  }
  const citations = r.lint.sourcesChecked ? `looked up in ${r.lint.sourcesDir}` : 'not looked up: no --sources';
  return { name: 'traceability', properties: [['citations', citations]], cases };
}

function schemaSuites(r: SpecCheckResult): Suite[] {
  return r.schema.versions.map((v) => {
    const byReq = new Map<string | null, typeof v.terms>();
    for (const t of v.terms) for (const q of t.requirements) byReq.set(q, [...(byReq.get(q) ?? []), t]);
    const cases: Case[] = [...byReq.entries()].map(([q, terms]) => {
      const bad = terms.filter((t) => t.status === 'missing' || t.status === 'unknown');
      return {
        classname: `schema.${v.label}`,
        name: q ?? '(scenarios outside any requirement)',
        properties: reqProps(q, [['terms', terms.map((t) => `${TERM_KIND_LABEL[t.kind]} ${shown(t.value)}`).join(', ')]]),
        ...(bad.length ? { failure: { message: `not in ${v.label}: ${bad.map((t) => shown(t.value)).join(', ')}`, type: 'schema', text: bad.map((t) => `${TERM_KIND_LABEL[t.kind]} ${shown(t.value)}: ${t.note}`).join('\n') } } : {}),
      };
    });
    return { name: `schema ${v.label}`, cases };
  });
}

function behaviourSuites(r: SpecCheckResult): Suite[] {
  const m = r.matrix;
  if (!m) return [];
  return m.columns.map((c) => ({
    name: `behaviour ${c.key}`,
    cases: m.rows
      .filter((q) => q.cells[c.key] !== 'OUTSIDE RUN')
      .map((q) => {
        const v = q.cells[c.key]!;
        const base = { classname: `behaviour.${q.modification}`, name: `${q.requirement} ${q.title}`, properties: reqProps(q.requirement, [['verdict', v], ['runs', c.runs.join(' ')]]) };
        if (v === 'FAIL' || v === 'ERROR') return { ...base, failure: { message: v, type: v, text: `${q.requirement}: ${v} in ${c.key}` } };
        if (v === 'NOT APPLICABLE' || v === 'NOT SELECTED') return { ...base, skipped: v };
        return base;
      }),
  }));
}

function baselineSuites(r: SpecCheckResult): Suite[] {
  return (r.matrix?.comparisons ?? []).map((c) => ({
    name: `baselines ${c.a} vs ${c.b}`,
    cases: [
      ...c.tagged.map((x) => ({ classname: 'baselines', name: `${x.requirement} changes ${x.from} -> ${x.to}`, properties: reqProps(x.requirement, [['side-tags', x.sideTags.join(' ')]]) })),
      ...c.untaggedChangers.map((x) => ({ classname: 'baselines', name: `${x.requirement} changes ${x.from} -> ${x.to}`, properties: reqProps(x.requirement), failure: { message: 'verdict changes between baselines but the requirement has no side tag for the modifications they differ in', type: 'untagged-change', text: `${c.modifications.join(', ')}` } })),
      ...c.unchangedSideTagged.map((x) => ({ classname: 'baselines', name: `${x.requirement} stays ${x.from}`, properties: reqProps(x.requirement, [['side-tags', x.sideTags.join(' ')]]), failure: { message: 'side-tagged for a modification the baselines differ in, but its verdict does not change', type: 'unchanged-side-tagged', text: x.sideTags.join(' ') } })),
    ],
  }));
}
