// A self-contained HTML page of the conformance report, written for a reader who has never seen
// Gherkin: modification, requirement ID, requirement text and source, verdict in colour, and the
// scenarios (with what crossed the wire) folded beneath. Every piece of text from the run is
// escaped; the page has no scripts and loads nothing.
import type { ExchangeRecord } from './attachments.ts';
import type { ConformanceReport, ModificationResult, RequirementResult, ScenarioResult } from './model.ts';
import { VERDICTS, type Verdict } from './verdicts.ts';

/** Escape text for HTML element content and double- or single-quoted attribute values. */
/**
 * The opening of every report page we write: no script may run (a strict CSP), inline styles only.
 * `title` is escaped here.
 */
export function pageStart(title: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
`;
}

export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const COLOURS: Record<Verdict, { bg: string; fg: string }> = {
  PASS: { bg: '#1a7f37', fg: '#ffffff' },
  FAIL: { bg: '#cf222e', fg: '#ffffff' },
  ERROR: { bg: '#8250df', fg: '#ffffff' },
  'EXPECTED FAIL': { bg: '#bf8700', fg: '#ffffff' },
  'NOT APPLICABLE': { bg: '#6e7781', fg: '#ffffff' },
};

const MEANING: Record<Verdict, string> = {
  PASS: 'the target behaved as the requirement says',
  FAIL: 'the target does not meet the requirement (or a listed known deviation has gone away)',
  ERROR: 'the check could not be completed (connection, time-out, or a fault in the suite); never excused',
  'EXPECTED FAIL': 'fails as recorded in the known-deviations list, with the reason given',
  'NOT APPLICABLE': 'the target does not offer a capability this check needs',
};

function badge(v: Verdict): string {
  const c = COLOURS[v];
  return `<span class="verdict" style="background:${c.bg};color:${c.fg}" title="${esc(MEANING[v])}">${esc(v)}</span>`;
}

export function renderHtml(report: ConformanceReport): string {
  const r = report.run;
  const c = report.counts;
  const runRows = [
    ['Target', r.target],
    ['Baseline (modifications the target is expected to implement)', r.baseline],
    ['Reference baseline', r.referenceBaseline],
    ['MP077 flag profile (reading of seed 004 expected)', r.flagProfile],
    ['Reference flag profile', r.referenceFlagProfile],
    ['Tag filter', r.tags],
    ['Known deviations', r.knownDeviations],
    ['DUIS schema', r.schema],
    ['Generated', report.generatedAt],
    ['Runner', report.cucumber],
  ].filter(([, v]) => v);
  return `${pageStart(`SEC conformance report: ${report.passed} passed, ${report.failed} failed`)}<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1f2328;max-width:75rem}
h1{margin-bottom:.2rem}
table{border-collapse:collapse}
td,th{padding:.25rem .6rem;text-align:left;vertical-align:top}
.run td:first-child{color:#59636e}
.verdict{display:inline-block;padding:.1rem .5rem;border-radius:.3rem;font-weight:600;font-size:.85rem;white-space:nowrap}
section.mod{border-top:2px solid #d1d9e0;margin-top:2rem;padding-top:.5rem}
.req{border:1px solid #d1d9e0;border-radius:.4rem;margin:1rem 0;padding:.6rem .9rem}
.req h3{margin:.2rem 0;font-size:1.05rem}
.reqid{font-family:ui-monospace,monospace;background:#f6f8fa;padding:.05rem .35rem;border-radius:.25rem}
.text{white-space:pre-wrap;margin:.4rem 0}
.source{color:#59636e;font-size:.9rem}
details{margin:.3rem 0 .3rem 1rem}
summary{cursor:pointer}
.msg{white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:.85rem;background:#fff8f8;border-left:3px solid #cf222e;padding:.3rem .6rem}
.msg.na{background:#f6f8fa;border-color:#6e7781}
.msg.xf{background:#fff8e5;border-color:#bf8700}
ol.steps{font-size:.9rem}
.st-PASSED{color:#1a7f37}.st-FAILED{color:#cf222e;font-weight:600}.st-SKIPPED,.st-NOT-RUN{color:#6e7781}
pre{white-space:pre-wrap;word-break:break-all;font-size:.8rem;background:#f6f8fa;padding:.5rem;max-height:30rem;overflow:auto}
.invalid{color:#cf222e;font-weight:600}
.legend td:first-child{white-space:nowrap}
</style>
</head>
<body>
<h1>SEC conformance report</h1>
<p>Smart Energy Code: the DCC User Interface (DUIS) and the Smart Metering Inventory, checked one requirement at a time.</p>
<table class="run">${runRows.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</table>
<h2>Result: ${esc(report.passed)} passed, ${esc(report.failed)} failed</h2>
<p>${VERDICTS.map((v) => `${badge(v)} ${esc(c[v])}`).join(' &nbsp; ')}</p>
${notApplicableLine(report)}
${report.runErrors.length ? `<h3>Errors outside any check</h3><ul>${report.runErrors.map((e) => `<li class="msg">${esc(e)}</li>`).join('')}</ul>` : ''}
${report.unmatchedDeviations.length ? `<h3>Known deviations that matched nothing in this run</h3><ul>${report.unmatchedDeviations.map((d) => `<li>${esc(d.scenario ? `check "${d.scenario}"` : `requirement ${d.requirement}`)}: ${esc(d.reason)}</li>`).join('')}</ul>` : ''}
<details><summary>What the verdicts mean</summary><table class="legend">${VERDICTS.map((v) => `<tr><td>${badge(v)}</td><td>${esc(MEANING[v])}</td></tr>`).join('')}</table>
<p>Passed counts PASS and EXPECTED FAIL; failed counts FAIL and ERROR. NOT APPLICABLE counts as neither.</p></details>
<h2>Requirements</h2>
${overview(report)}
${report.modifications.map(modification).join('\n')}
${dataDictionary(report)}
</body>
</html>
`;
}

function dataDictionary(report: ConformanceReport): string {
  const items = report.dataDictionary ?? [];
  if (!items.length) return '';
  const rows = items.map(
    (d) =>
      `<tr><td><code>${esc(d.xsdPath)}</code></td><td>${esc(d.type)}</td><td>${esc(d.item)}</td><td><b>${esc(d.unit)}</b></td><td class="source">${esc(d.source)}${d.note ? `<br>${esc(d.note)}` : ''}</td></tr>`,
  );
  return `<section class="mod" id="data-dictionary">
<h2>Units of DUIS data items</h2>
<p>The DUIS schema gives types, not units; values in the exchanges above are in these units.</p>
<table><tr><th>Element</th><th>Type</th><th>Data item</th><th>Unit</th><th>Source</th></tr>${rows.join('')}</table>
</section>`;
}

function notApplicableLine(report: ConformanceReport): string {
  const entries = Object.entries(report.notApplicableByCapability);
  if (!entries.length) return '';
  return `<p>Not applicable because the target does not offer: ${entries.map(([cap, n]) => `<b>${esc(cap)}</b> (${esc(n)} check${n === 1 ? '' : 's'})`).join(', ')}.</p>`;
}

function overview(report: ConformanceReport): string {
  const rows = report.modifications.flatMap((m) =>
    m.requirements.map((q) => `<tr><td>${badge(q.verdict)}</td><td><a href="#${esc(anchor(m, q))}"><span class="reqid">${esc(q.id ?? '(none)')}</span></a></td><td>${esc(m.id)}</td><td>${esc(q.title)}</td></tr>`),
  );
  if (!rows.length) return '<p>No checks ran: check the feature paths, the tag filter and the baseline.</p>';
  return `<table><tr><th>Verdict</th><th>Requirement</th><th>Modification</th><th>Title</th></tr>${rows.join('')}</table>`;
}

function anchor(m: ModificationResult, q: RequirementResult): string {
  return `req-${m.id}-${q.id ?? 'none'}`.replace(/[^A-Za-z0-9_.-]/g, '_');
}

function modification(m: ModificationResult): string {
  return `<section class="mod">
<h2>Modification ${esc(m.id)}: ${esc(m.name)} ${badge(m.verdict)}</h2>
${m.description ? `<p class="text">${esc(m.description)}</p>` : ''}
<p class="source">Checks defined in ${esc(m.uri)}</p>
${m.requirements.map((q) => requirement(m, q)).join('\n')}
</section>`;
}

function requirement(m: ModificationResult, q: RequirementResult): string {
  const n = q.scenarios.length;
  return `<div class="req" id="${esc(anchor(m, q))}">
<h3>${badge(q.verdict)} <span class="reqid">${esc(q.id ?? 'no requirement ID')}</span> ${esc(q.title)}</h3>
${q.text ? `<p class="text">${esc(q.text)}</p>` : ''}
<p class="source">Source: ${q.source ? esc(q.source) : '<i>not stated</i>'}</p>
<details${q.verdict === 'FAIL' || q.verdict === 'ERROR' ? ' open' : ''}><summary>${esc(n)} check${n === 1 ? '' : 's'}: ${VERDICTS.filter((v) => q.counts[v]).map((v) => `${esc(q.counts[v])} ${esc(v.toLowerCase())}`).join(', ')}</summary>
${q.scenarios.map(scenario).join('\n')}
</details>
</div>`;
}

function scenario(s: ScenarioResult): string {
  const msgClass = s.verdict === 'NOT APPLICABLE' ? 'msg na' : s.verdict === 'EXPECTED FAIL' ? 'msg xf' : 'msg';
  const failing = s.failingStep
    ? `<p>Failed at: <b>${esc(s.failingStep.kind === 'hook' ? `${s.failingStep.keyword} hook "${s.failingStep.text}"` : `${s.failingStep.keyword} ${s.failingStep.text}`)}</b>${s.failingStep.line ? ` (line ${esc(s.failingStep.line)})` : ''}</p>`
    : '';
  const deviation = s.deviation
    ? `<p>Known deviation${s.deviation.stale ? ' (no longer present)' : ''}: ${esc(s.deviation.reason)}${s.deviation.link ? ` <a href="${esc(safeUrl(s.deviation.link))}">${esc(s.deviation.link)}</a>` : ''}</p>`
    : '';
  const steps = s.steps
    .map((st) => `<li class="st-${esc(st.status.replace(/\s+/g, '-'))}">${esc(st.kind === 'hook' ? `(${st.keyword} hook: ${st.text})` : `${st.keyword} ${st.text}`)} <small>${esc(st.status.toLowerCase())}</small></li>`)
    .join('');
  return `<details${s.verdict === 'FAIL' || s.verdict === 'ERROR' ? ' open' : ''}><summary>${badge(s.verdict)} ${esc(s.name)}</summary>
<p class="source">${esc(s.uri)}${s.line ? `:${esc(s.line)}` : ''}${s.tags.length ? ` &middot; ${esc(s.tags.join(' '))}` : ''}</p>
${failing}${s.message ? `<div class="${msgClass}">${esc(s.message)}</div>` : ''}${deviation}
<ol class="steps">${steps}</ol>
${s.exchanges.length ? `<details><summary>Messages on the wire (${esc(s.exchanges.length)})</summary>${s.exchanges.map(exchange).join('')}</details>` : ''}
${s.detail ? `<details><summary>Error detail</summary><pre>${esc(s.detail)}</pre></details>` : ''}
</details>`;
}

function exchange(x: ExchangeRecord): string {
  const what = [
    `#${x.seq}`,
    x.direction,
    x.path,
    x.status !== undefined ? `HTTP ${x.status}` : undefined,
    x.srv ? `SRV ${x.srv}` : undefined,
    x.requestId,
    x.at,
    x.notSent ? 'not sent' : undefined,
  ].filter((p) => p !== undefined);
  const v = x.validation;
  const verdict = v === null ? 'not validated' : v.valid ? 'XSD valid' : 'XSD INVALID';
  const issues = v && !v.valid ? `<ul class="invalid">${v.errors.map((e) => `<li>${esc(`line ${e.line}: ${e.message}`)}</li>`).join('')}</ul>` : '';
  const sig = x.signature;
  const signature = !sig ? '' : sig.valid ? ` (${esc(sig.signed ? `signed by ${sig.signer ?? '?'}` : 'unsigned, allowed')})` : ` <span class="invalid">(SIGNATURE ${esc(`${sig.problem ?? 'invalid'}: ${sig.reason ?? ''}`)})</span>`;
  return `<details><summary>${esc(what.join(' · '))} <span${v && !v.valid ? ' class="invalid"' : ''}>(${esc(verdict)})</span>${signature}</summary>${issues}<pre>${esc(x.body)}</pre></details>`;
}

/** Only http(s) links become links; anything else (javascript:, data:) is neutralised. */
function safeUrl(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '#';
}
