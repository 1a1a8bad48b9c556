// check-spec's page for people: what was checked, every defect in plain words, each requirement
// with its source, the DUIS names per release, and the behaviour matrix. Written for someone who
// has never seen Gherkin; every piece of text from the features, seeds, schemas and reports is
// escaped; no scripts, nothing loaded.
import { esc, pageStart } from '../report/html.ts';
import type { Cell, MatrixColumn } from './behaviour-matrix.ts';
import type { SpecCheckResult } from './check-spec.ts';
import { describeSection } from './citations.ts';
import { DEFECT_MEANING } from './lint.ts';
import type { TermResult } from './schema-check.ts';
import { TERM_KIND_LABEL } from './terms.ts';

/** A value as people should see it: a space or an empty value made visible. */
export function shown(value: string): string {
  if (value === '') return '"" (empty)';
  if (value.trim() === '') return `"${value}" (${value.length === 1 ? 'a space' : `${value.length} blanks`})`;
  return value.trim() === value ? value : `"${value}"`;
}

const CELL_COLOUR: Record<string, string> = {
  PASS: '#1a7f37',
  FAIL: '#cf222e',
  ERROR: '#8250df',
  'EXPECTED FAIL': '#bf8700',
  'NOT APPLICABLE': '#6e7781',
  'NOT SELECTED': '#afb8c1',
  'OUTSIDE RUN': '#d0d7de',
};

function badge(text: string, colour: string): string {
  return `<span class="badge" style="background:${colour}">${esc(text)}</span>`;
}

function cell(c: Cell): string {
  return badge(c, CELL_COLOUR[c] ?? '#6e7781');
}

const STATUS: Record<TermResult['status'], [string, string]> = {
  found: ['in the schema', '#1a7f37'],
  missing: ['MISSING', '#cf222e'],
  'not-xsd': ['not an XSD enumeration', '#6e7781'],
  unknown: ['UNKNOWN', '#cf222e'],
};

export function renderSpecHtml(r: SpecCheckResult): string {
  const verdict = r.ok ? badge('NO DEFECTS', '#1a7f37') : badge(`${r.defects.lint + r.defects.schema} DEFECT${r.defects.lint + r.defects.schema === 1 ? '' : 'S'}`, '#cf222e');
  return `${pageStart(`SEC specification check: ${r.defects.lint} traceability and ${r.defects.schema} schema defects`)}<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1f2328;max-width:80rem}
table{border-collapse:collapse;margin:.5rem 0}
td,th{padding:.25rem .6rem;text-align:left;vertical-align:top;border-bottom:1px solid #eaeef2}
th{background:#f6f8fa}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:.3rem;font-weight:600;font-size:.8rem;color:#fff;white-space:nowrap}
.id{font-family:ui-monospace,monospace;background:#f6f8fa;padding:.05rem .35rem;border-radius:.25rem;white-space:nowrap}
.muted{color:#59636e;font-size:.9rem}
.defect td{background:#fff8f8}
section{border-top:2px solid #d1d9e0;margin-top:2rem}
</style>
</head>
<body>
<h1>SEC specification check ${verdict}</h1>
<p>The conformance suite states each requirement of the Smart Energy Code (SEC) as a rule with an ID, cites the
SEC document it comes from, and shows it with examples that run against a DCC system. This page checks that the
requirements are traceable to their sources, that the DUIS names they use exist in the DUIS schema, and how real
runs behaved for each requirement.</p>
${overview(r)}
${traceability(r)}
${schema(r)}
${matrix(r)}
<p class="muted">Generated ${esc(r.generatedAt)}.</p>
</body>
</html>
`;
}

function overview(r: SpecCheckResult): string {
  const rows: [string, string][] = [
    ['Requirement files read', r.featureFiles.join(', ') || '(none)'],
    ['Requirements', String(r.lint.requirementCount)],
    ['Examples (scenarios)', String(r.lint.scenarioCount)],
    ['Traceability defects', String(r.defects.lint)],
    ['Citations looked up in the source documents', r.lint.sourcesChecked ? `yes, in ${r.lint.sourcesDir}` : 'NOT CHECKED: no source folder was given (--sources)'],
    ['DUIS schema defects', String(r.defects.schema)],
    ['DUIS releases checked', r.schema.versions.map((v) => v.label).join('; ')],
    ['Known-deviation lists', r.knownDeviations.join(', ') || '(none)'],
    ['Run reports', r.runs.join(', ') || '(none)'],
  ];
  return `<table>${rows.map(([k, v]) => `<tr><td class="muted">${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</table>`;
}

function traceability(r: SpecCheckResult): string {
  const defects = r.lint.defects.length
    ? `<table><tr><th>Problem</th><th>Requirement</th><th>Where</th><th>Detail</th></tr>${r.lint.defects
        .map((d) => `<tr class="defect"><td>${esc(DEFECT_MEANING[d.code])}</td><td>${d.requirement ? `<span class="id">${esc(d.requirement)}</span>` : ''}</td><td>${esc(d.uri)}${d.line ? `:${esc(d.line)}` : ''}</td><td>${esc(d.message)}</td></tr>`)
        .join('')}</table>`
    : '<p>No traceability defects.</p>';
  const checkOf = (id: string | null, uri: string, line: number): string => {
    const recs = r.lint.citations.filter((c) => c.requirement === id && c.uri === uri && c.line === line);
    if (!recs.length) return '<i>no citation</i>';
    return recs
      .map((c) => {
        const where = [...c.citation.parts.map((p) => p.name + (p.title ? ` "${p.title}"` : '')), ...c.citation.sections.map(describeSection), ...c.citation.tables];
        const status = !c.checked ? badge('not checked', '#6e7781') : c.found ? badge('found', '#1a7f37') : badge('NOT FOUND', '#cf222e');
        return `${status} ${esc(c.citation.file)}${where.length ? `: ${esc(where.join('; '))}` : ''}`;
      })
      .join('<br>');
  };
  const reqs = r.requirements
    .map((q) => `<tr><td><span class="id">${esc(q.id ?? '(no ID)')}</span></td><td>${esc(q.modification)}</td><td>${esc(q.title)}${q.text ? `<br><span class="muted">${esc(q.text)}</span>` : ''}</td><td>${esc(q.source ?? '')}<br>${checkOf(q.id, q.uri, q.line)}</td><td>${esc(q.scenarios)}</td></tr>`)
    .join('');
  return `<section><h2>1. Traceability</h2>
<p>Every requirement must have exactly one ID, cite a source document and section, and have at least one example; every
example must belong to a requirement; IDs must be unique, and every ID mentioned anywhere (tags, known-deviation lists,
run reports) must exist.${r.lint.sourcesChecked ? '' : ' <b>The citations were not looked up in the source documents</b> (no --sources folder given).'}</p>
${defects}
<h3>Requirements</h3>
<table><tr><th>ID</th><th>Modification</th><th>Requirement</th><th>Source and citation check</th><th>Examples</th></tr>${reqs}</table>
</section>`;
}

function schema(r: SpecCheckResult): string {
  const versions = r.schema.versions
    .map((v) => {
      const rows = v.terms
        .map((t) => {
          const [label, colour] = STATUS[t.status];
          return `<tr${t.status === 'missing' || t.status === 'unknown' ? ' class="defect"' : ''}><td>${esc(TERM_KIND_LABEL[t.kind])}</td><td><span class="id">${esc(shown(t.value))}</span></td><td>${t.requirements.map((q) => `<span class="id">${esc(q ?? '(no requirement)')}</span>`).join(' ')}</td><td>${badge(label, colour)}</td><td class="muted">${esc(t.note)}</td></tr>`;
        })
        .join('');
      return `<h3>${esc(v.label)}: ${v.defects.length ? `${esc(v.defects.length)} missing or unknown` : 'everything found'}</h3>
<p class="muted">${esc(v.path)}</p>
${v.terms.length ? `<table><tr><th>Kind</th><th>Value</th><th>Used by</th><th>Result</th><th>Note</th></tr>${rows}</table>` : '<p>No DUIS names found in the requirements.</p>'}`;
    })
    .join('\n');
  const declared = r.nonXsdTerms
    .map((t) => `<tr><td>${esc(TERM_KIND_LABEL[t.kind])}</td><td><span class="id">${esc(shown(t.value))}</span></td><td>${esc(t.meaning)}</td><td class="muted">${esc(t.source)}</td></tr>`)
    .join('');
  return `<section><h2>2. DUIS schema cross-check</h2>
<p>Response codes, Service Reference Variants (SRVs), device statuses and types and ESME Variants that the requirements
name are looked up in each DUIS release's XML schema. Some values are defined outside the schema (listed below with their
source); they are reported as such, not as missing.</p>
${versions}
<details><summary>Values defined outside the DUIS schema</summary><table><tr><th>Kind</th><th>Value</th><th>Meaning</th><th>Source</th></tr>${declared}</table></details>
</section>`;
}

function columnHead(c: MatrixColumn): string {
  return `${esc(c.target)}<br><span class="muted">baseline ${esc(c.baseline)}${c.referenceBaseline !== c.baseline ? `, reference ${esc(c.referenceBaseline)}` : ''}${c.profile ? `<br>profile ${esc(c.profile)}` : ''}</span>`;
}

function matrix(r: SpecCheckResult): string {
  const m = r.matrix;
  if (!m) return '<section><h2>3. Behaviour across runs</h2><p>No run reports were given (--runs), so no behaviour matrix.</p></section>';
  const head = `<tr><th>Requirement</th><th>Modification</th><th>Changed by</th>${m.columns.map((c) => `<th>${columnHead(c)}</th>`).join('')}</tr>`;
  const rows = m.rows
    .map((q) => `<tr><td><span class="id">${esc(q.requirement)}</span><br><span class="muted">${esc(q.title)}</span></td><td>${esc(q.modification)}</td><td>${esc([...q.sideTags, ...q.exampleSideTags.map((t) => `${t} (some examples)`)].join(' ') || '-')}</td>${m.columns.map((c) => `<td>${cell(q.cells[c.key]!)}</td>`).join('')}</tr>`)
    .join('');
  const label = (key: string): string => esc(key);
  const list = (items: { requirement: string; from: Cell; to: Cell; sideTags: string[] }[]): string =>
    `<ul>${items.map((x) => `<li><span class="id">${esc(x.requirement)}</span> ${cell(x.from)} &rarr; ${cell(x.to)} ${esc(x.sideTags.join(' '))}</li>`).join('')}</ul>`;
  const comparisons = m.comparisons
    .map((c) => `<h4>${label(c.a)} &harr; ${label(c.b)}</h4>
<p>The baselines differ in: ${esc(c.modifications.join(', '))}.</p>
<p>Changed, as a side tag says: ${c.tagged.length ? list(c.tagged) : 'none'}</p>
<p><b>Changed without a side tag</b> (behaviour changed that no modification claims): ${c.untaggedChangers.length ? list(c.untaggedChangers) : 'none'}</p>
<p><b>Side-tagged but unchanged</b>: ${c.unchangedSideTagged.length ? list(c.unchangedSideTagged) : 'none'}</p>`)
    .join('\n');
  const profiles = m.profileDisagreements.length
    ? `<ul>${m.profileDisagreements.map((d) => `<li><span class="id">${esc(d.requirement)}</span> (${d.kind === 'verdict' ? 'verdicts differ' : 'only some profiles have it'}): ${d.cells.map((x) => `${esc(x.profile)} ${cell(x.cell)}`).join(', ')}</li>`).join('')}</ul>`
    : '<p>No named profiles disagree.</p>';
  return `<section><h2>3. Behaviour across runs</h2>
<p>Each column is one run's target, baseline (the modifications the target is expected to implement) and profile. NOT SELECTED:
the run covered the requirement's file, but its baseline or filter left the requirement out. OUTSIDE RUN: the run did not
cover it.</p>
<table>${head}${rows}</table>
<h3>Between baselines</h3>
${comparisons || '<p>No two runs of the same target differ only in baseline.</p>'}
<h3>Between named profiles</h3>
${profiles}
${m.notes.length ? `<ul>${m.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
</section>`;
}
