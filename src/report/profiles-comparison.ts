// Side by side: one conformance run per MP077 reading (flag profile) against the same target,
// compared per requirement. `readingsDiffer` marks a requirement where the two readings expect
// different behaviour (it has scenarios that hold under one profile only); `verdictsDiffer`
// marks one whose verdict depends on the reading the target is judged by: against a target
// that follows one reading, that is where it parts from the other.
import { FLAG_PROFILES, type FlagProfile } from '../service-flags.ts';
import { esc } from './html.ts';
import type { ConformanceReport } from './model.ts';
import type { Verdict } from './verdicts.ts';

export interface ProfileScenario {
  name: string;
  line?: number;
  verdict: Verdict;
  /** The profile tag the scenario carries, if any. */
  profile?: FlagProfile;
}

export interface ProfileRequirement {
  id: string | null;
  modification: string;
  title: string;
  source?: string;
  /** Verdict per profile; null when no scenario of the requirement ran under that profile. */
  verdicts: Record<FlagProfile, Verdict | null>;
  readingsDiffer: boolean;
  verdictsDiffer: boolean;
  scenarios: Record<FlagProfile, ProfileScenario[]>;
}

export interface ProfilesComparison {
  generatedAt: string;
  target?: string;
  baseline?: string;
  /** When set, the reference followed this reading in both runs (the readings are tested against one behaviour). */
  referenceFlagProfile?: string;
  profiles: readonly FlagProfile[];
  requirements: ProfileRequirement[];
  /** Per profile run: passed and failed as the run counted them. */
  runs: Record<FlagProfile, { passed: number; failed: number }>;
  /** Requirements whose verdict differs between the profiles (both ran). */
  disagreements: string[];
  /** Per profile, the requirements that FAIL or ERROR under it: where the target parts from that reading. */
  failing: Record<FlagProfile, string[]>;
  passed: number;
  failed: number;
}

export function compareProfiles(reports: Record<FlagProfile, ConformanceReport>, now: Date = new Date()): ProfilesComparison {
  const byKey = new Map<string, ProfileRequirement>();
  for (const profile of FLAG_PROFILES) {
    for (const m of reports[profile].modifications) {
      for (const q of m.requirements) {
        const key = `${m.id} ${q.id ?? q.title}`;
        let row = byKey.get(key);
        if (!row) {
          row = {
            id: q.id,
            modification: m.id,
            title: q.title,
            ...(q.source ? { source: q.source } : {}),
            verdicts: { 'legal-text': null, 'dsp-assessment': null },
            readingsDiffer: false,
            verdictsDiffer: false,
            scenarios: { 'legal-text': [], 'dsp-assessment': [] },
          };
          byKey.set(key, row);
        }
        row.verdicts[profile] = q.verdict;
        for (const s of q.scenarios) {
          const tag = s.tags.find((t) => t.startsWith('@profile:'))?.slice('@profile:'.length) as FlagProfile | undefined;
          if (tag) row.readingsDiffer = true;
          row.scenarios[profile].push({ name: s.name, ...(s.line !== undefined ? { line: s.line } : {}), verdict: s.verdict, ...(tag ? { profile: tag } : {}) });
        }
      }
    }
  }
  const requirements = [...byKey.values()];
  // a requirement that only one reading has (all its scenarios carry that profile) is not a disagreement of verdicts
  for (const r of requirements) r.verdictsDiffer = r.verdicts['legal-text'] !== null && r.verdicts['dsp-assessment'] !== null && r.verdicts['legal-text'] !== r.verdicts['dsp-assessment'];
  const runs = Object.fromEntries(FLAG_PROFILES.map((p) => [p, { passed: reports[p].passed, failed: reports[p].failed }])) as ProfilesComparison['runs'];
  const first = reports[FLAG_PROFILES[0]!].run;
  return {
    generatedAt: now.toISOString(),
    ...(first.target ? { target: first.target } : {}),
    ...(first.baseline ? { baseline: first.baseline } : {}),
    ...(first.referenceFlagProfile ? { referenceFlagProfile: first.referenceFlagProfile } : {}),
    profiles: FLAG_PROFILES,
    requirements,
    runs,
    disagreements: requirements.filter((r) => r.verdictsDiffer).map((r) => r.id ?? r.title),
    failing: Object.fromEntries(
      FLAG_PROFILES.map((p) => [p, requirements.filter((r) => r.verdicts[p] === 'FAIL' || r.verdicts[p] === 'ERROR').map((r) => r.id ?? r.title)]),
    ) as ProfilesComparison['failing'],
    passed: FLAG_PROFILES.reduce((n, p) => n + runs[p].passed, 0),
    failed: FLAG_PROFILES.reduce((n, p) => n + runs[p].failed, 0),
  };
}

/** The comparison as plain text; the last line is "N passed, N failed" over both runs. */
export function formatComparison(c: ProfilesComparison): string {
  const rows = [['REQUIREMENT', ...c.profiles.map((p) => p.toUpperCase()), 'READINGS', 'TITLE']];
  for (const r of c.requirements) {
    rows.push([r.id ?? '(none)', ...c.profiles.map((p) => r.verdicts[p] ?? '-'), readings(c, r), r.title.length > 60 ? `${r.title.slice(0, 59)}…` : r.title]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const out = ['', 'MP077 flag profiles compared', ''];
  out.push(...rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')));
  out.push('');
  out.push(c.disagreements.length ? `Verdicts differ by reading for: ${c.disagreements.join(', ')}` : 'Verdicts are the same under both readings.');
  for (const p of c.profiles) out.push(`Failing under ${p}: ${c.failing[p].length ? c.failing[p].join(', ') : 'none'}`);
  out.push(`${c.passed} passed, ${c.failed} failed`);
  return out.join('\n');
}

/** How the readings relate on one requirement, in a few words. */
function readings(c: ProfilesComparison, r: ProfileRequirement): string {
  const ran = c.profiles.filter((p) => r.verdicts[p] !== null);
  if (ran.length === 1) return `${ran[0]} only`;
  if (!r.readingsDiffer) return 'agree';
  return r.verdictsDiffer ? 'differ; verdicts differ' : 'differ';
}

export function renderComparisonHtml(c: ProfilesComparison): string {
  const cell = (v: Verdict | null) => `<td class="v ${v ? v.replace(/ /g, '-') : 'none'}">${esc(v ?? 'not run')}</td>`;
  const scenarioList = (r: ProfileRequirement, p: FlagProfile) =>
    r.scenarios[p].map((s) => `<li>${esc(s.verdict)}: ${esc(s.name)}${s.profile ? ` <em>(${esc(s.profile)} only)</em>` : ''}</li>`).join('');
  const rows = c.requirements
    .map(
      (r) => `<tr class="${r.verdictsDiffer ? 'differ' : ''}">
<td><strong>${esc(r.id ?? '(none)')}</strong></td><td>${esc(r.title)}${r.source ? `<div class="src">${esc(r.source)}</div>` : ''}</td>
${c.profiles.map((p) => cell(r.verdicts[p])).join('')}
<td>${esc(readings(c, r))}</td>
</tr>
<tr class="detail"><td></td><td colspan="${c.profiles.length + 2}">${c.profiles.map((p) => `<div><strong>${esc(p)}</strong><ul>${scenarioList(r, p)}</ul></div>`).join('')}</td></tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>MP077 flag profiles: ${esc(c.passed)} passed, ${esc(c.failed)} failed</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1f2328; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #d0d7de; padding: .4rem .6rem; text-align: left; vertical-align: top; }
td.v { font-weight: 600; white-space: nowrap; }
td.PASS { color: #1a7f37; } td.FAIL, td.ERROR { color: #cf222e; } td.none { color: #6e7781; }
tr.differ td { background: #fff8c5; }
tr.detail td { border-bottom: 2px solid #d0d7de; font-size: .85rem; }
tr.detail div { display: inline-block; vertical-align: top; width: 48%; }
.src { color: #57606a; font-size: .85rem; }
</style>
</head>
<body>
<h1>MP077 DCC Service Flagging: the two readings compared</h1>
<p>One conformance run per reading of seed 004 against ${esc(c.target ?? 'the target')}${c.baseline ? `, baseline ${esc(c.baseline)}` : ''}${
    c.referenceFlagProfile ? `; the reference followed <strong>${esc(c.referenceFlagProfile)}</strong> in both runs` : '; the reference followed the reading of each run'
  }. <em>legal-text</em>: the modification report's solution and legal text v0.1. <em>dsp-assessment</em>: the DCC's Preliminary Impact Assessment, section 3.1.2.</p>
<p>${c.profiles.map((p) => `${esc(p)}: ${esc(c.runs[p].passed)} passed, ${esc(c.runs[p].failed)} failed (failing requirements: ${esc(c.failing[p].join(', ') || 'none')})`).join('; ')}. ${
    c.disagreements.length ? `Verdicts differ for ${esc(c.disagreements.join(', '))}.` : 'Verdicts are the same under both readings.'
  }</p>
<table>
<thead><tr><th>Requirement</th><th>Title and source</th>${c.profiles.map((p) => `<th>${esc(p)}</th>`).join('')}<th>Readings</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p>Generated ${esc(c.generatedAt)}.</p>
</body>
</html>
`;
}
