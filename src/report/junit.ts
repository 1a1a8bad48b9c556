// JUnit XML of the conformance verdicts, for CI systems. Written from our report rather than by
// cucumber's formatter, whose statuses are not our verdicts: cucumber calls an EXPECTED FAIL a
// failure, a stale known deviation a pass, and a NOT APPLICABLE a bare skip with no reason.
//   PASS            a plain testcase
//   FAIL            <failure type="FAIL">
//   ERROR           <error type="ERROR">
//   NOT APPLICABLE  <skipped message="NOT APPLICABLE: target ... does not offer: ssi"/>
//   EXPECTED FAIL   a passing testcase whose system-out says EXPECTED FAIL, the reason and link
// One testsuite per modification; classname "<modification>.<requirement>".
import type { ConformanceReport, ModificationResult, ScenarioResult } from './model.ts';

/** Escape for XML text and attribute values; drops characters XML 1.0 cannot carry. */
export function xmlEscape(value: unknown): string {
  return String(value ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number | undefined): string => ((ms ?? 0) / 1000).toFixed(3);

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n').find((l) => l.trim())?.trim() ?? '';
}

function testcase(m: ModificationResult, requirement: string, s: ScenarioResult): string {
  const open = `    <testcase classname="${xmlEscape(`${m.id}.${requirement}`)}" name="${xmlEscape(s.name)}" time="${seconds(s.durationMs)}"`;
  const where = `${s.uri}${s.line ? `:${s.line}` : ''}`;
  const at = s.failingStep ? `at ${s.failingStep.kind === 'hook' ? `${s.failingStep.keyword} hook "${s.failingStep.text}"` : `${s.failingStep.keyword} ${s.failingStep.text}`}\n` : '';
  switch (s.verdict) {
    case 'PASS':
      return `${open}/>`;
    case 'FAIL':
      return `${open}>\n      <failure type="FAIL" message="${xmlEscape(firstLine(s.message))}">${xmlEscape(`${where}\n${at}${s.message ?? ''}`)}</failure>\n    </testcase>`;
    case 'ERROR':
      return `${open}>\n      <error type="ERROR" message="${xmlEscape(firstLine(s.message))}">${xmlEscape(`${where}\n${at}${s.message ?? ''}${s.detail ? `\n\n${s.detail}` : ''}`)}</error>\n    </testcase>`;
    case 'NOT APPLICABLE':
      return `${open}>\n      <skipped message="${xmlEscape(`NOT APPLICABLE: ${s.message ?? 'the target lacks a capability this check needs'}`)}"/>\n    </testcase>`;
    case 'EXPECTED FAIL': {
      const d = s.deviation;
      const why = `EXPECTED FAIL (known deviation): ${d?.reason ?? ''}${d?.link ? ` ${d.link}` : ''}\n${s.message ?? ''}`;
      return `${open}>\n      <system-out>${xmlEscape(why)}</system-out>\n    </testcase>`;
    }
  }
}

export function renderJunit(report: ConformanceReport): string {
  const suites = report.modifications.map((m) => {
    const cases = m.requirements.flatMap((q) => q.scenarios.map((s) => testcase(m, q.id ?? 'none', s)));
    const c = m.counts;
    const time = m.requirements.flatMap((q) => q.scenarios).reduce((t, s) => t + (s.durationMs ?? 0), 0);
    return `  <testsuite name="${xmlEscape(`${m.id}: ${m.name}`)}" tests="${cases.length}" failures="${c.FAIL}" errors="${c.ERROR}" skipped="${c['NOT APPLICABLE']}" time="${seconds(time)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  if (report.runErrors.length) {
    const errs = report.runErrors.map((e, i) => `    <testcase classname="run" name="run error ${i + 1}">\n      <error type="ERROR" message="${xmlEscape(firstLine(e))}">${xmlEscape(e)}</error>\n    </testcase>`);
    suites.push(`  <testsuite name="run" tests="${errs.length}" failures="0" errors="${errs.length}" skipped="0">\n${errs.join('\n')}\n  </testsuite>`);
  }
  const c = report.counts;
  const total = Object.values(c).reduce((n, x) => n + x, 0) + report.runErrors.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="sec-conformance" tests="${total}" failures="${c.FAIL}" errors="${c.ERROR + report.runErrors.length}" skipped="${c['NOT APPLICABLE']}" timestamp="${xmlEscape(report.generatedAt)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
