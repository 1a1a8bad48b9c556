// Traceability lint: every requirement is a Rule with exactly one @req ID and a Source line
// citing a seed file and a section; every scenario sits under a Rule and every Rule has one; no
// two Rules share an ID; every requirement ID used anywhere (tags, known-deviation lists, run
// reports) exists. With a seed folder, each citation's file is there and has the section cited.
import type { KnownDeviation } from '../runner/known-deviations.ts';
import { citesLocation, parseCitations, type Citation } from './citations.ts';
import { checkCitation, SeedLibrary } from './seed-sections.ts';
import { REQ_TAG, type SpecModel } from './spec-model.ts';

export type DefectCode =
  | 'parse-error'
  | 'orphan-scenario'
  | 'rule-without-scenarios'
  | 'rule-without-req'
  | 'rule-with-several-req'
  | 'duplicate-req'
  | 'unknown-req-tag'
  | 'no-source'
  | 'source-without-seed'
  | 'source-without-section'
  | 'seed-not-found'
  | 'section-not-found'
  | 'stale-deviation'
  | 'unknown-req-in-run';

/** What each defect means, for people reading a report. */
export const DEFECT_MEANING: Record<DefectCode, string> = {
  'parse-error': 'a feature file is not valid Gherkin',
  'orphan-scenario': 'a scenario is not under any requirement (Rule)',
  'rule-without-scenarios': 'a requirement has no scenario showing it',
  'rule-without-req': 'a requirement (Rule) has no @req: ID',
  'rule-with-several-req': 'a requirement (Rule) has more than one @req: ID',
  'duplicate-req': 'two requirements share an ID',
  'unknown-req-tag': 'a @req: tag names a requirement that does not exist',
  'no-source': 'a requirement has no Source line',
  'source-without-seed': 'a Source line names no seed document',
  'source-without-section': 'a citation does not say where in the seed document',
  'seed-not-found': 'a cited seed document is not in the seed folder',
  'section-not-found': 'a cited section or heading is not in the seed document',
  'stale-deviation': 'a known-deviations list names a requirement or scenario that does not exist',
  'unknown-req-in-run': 'a run report has verdicts for a requirement that does not exist',
};

export interface Defect {
  code: DefectCode;
  message: string;
  /** File the defect is in: a feature file, a deviations list, a run report. */
  uri: string;
  line?: number;
  /** The requirement concerned, when there is one. */
  requirement?: string;
}

export interface CitationRecord {
  requirement: string | null;
  uri: string;
  line: number;
  citation: Citation;
  /** Whether it was looked up in the seed folder, and found whole. */
  checked: boolean;
  found?: boolean;
}

/** A run report as far as the lint reads it. */
export interface RunRequirementIds {
  uri: string;
  ids: string[];
}

export interface DeviationList {
  uri: string;
  deviations: KnownDeviation[];
}

export interface LintInput {
  model: SpecModel;
  /** Seed folder; without it the citations are read but not looked up. */
  sources?: string;
  deviations?: DeviationList[];
  runs?: RunRequirementIds[];
}

export interface LintResult {
  defects: Defect[];
  citations: CitationRecord[];
  /** Whether citations were looked up in a seed folder. */
  sourcesChecked: boolean;
  sourcesDir?: string;
  requirementCount: number;
  scenarioCount: number;
}

export function lint(input: LintInput): LintResult {
  const { model } = input;
  const defects: Defect[] = [];
  const citations: CitationRecord[] = [];
  const seeds = input.sources ? new SeedLibrary(input.sources) : undefined;

  for (const e of model.parseErrors) defects.push({ code: 'parse-error', uri: e.uri, message: `${e.uri} does not parse: ${e.message}` });

  // IDs, case-insensitively (known-deviation lists are matched that way)
  const byId = new Map<string, { id: string; uri: string; line: number }[]>();
  const scenarioNames = new Set<string>();
  let scenarioCount = 0;
  let requirementCount = 0;

  for (const f of model.features) {
    for (const s of f.orphans) {
      scenarioCount += Math.max(1, s.pickles.length);
      for (const p of s.pickles) scenarioNames.add(p.name);
      defects.push({ code: 'orphan-scenario', uri: f.uri, line: s.line, message: `${f.uri}:${s.line}: scenario "${s.name}" is not under a Rule, so it shows no requirement` });
    }
    for (const r of f.requirements) {
      requirementCount++;
      scenarioCount += r.scenarios.reduce((n, s) => n + Math.max(1, s.pickles.length), 0);
      for (const s of r.scenarios) for (const p of s.pickles) scenarioNames.add(p.name);
      const at = `${f.uri}:${r.line}`;
      const label = r.id ?? `"${r.title}"`;
      const base = { uri: f.uri, line: r.line, ...(r.id ? { requirement: r.id } : {}) };
      if (r.reqTags.length === 0) defects.push({ ...base, code: 'rule-without-req', message: `${at}: Rule "${r.title}" has no @req: ID` });
      if (r.reqTags.length > 1) defects.push({ ...base, code: 'rule-with-several-req', message: `${at}: Rule "${r.title}" has ${r.reqTags.length} IDs (${r.reqTags.join(' ')}); a requirement has exactly one` });
      if (r.reqTags.length === 1 && !r.id) defects.push({ ...base, code: 'rule-without-req', message: `${at}: Rule "${r.title}" has an empty ${REQ_TAG} tag` });
      if (r.id) byId.set(r.id.toLowerCase(), [...(byId.get(r.id.toLowerCase()) ?? []), { id: r.id, uri: f.uri, line: r.line }]);
      if (r.scenarios.length === 0) defects.push({ ...base, code: 'rule-without-scenarios', message: `${at}: requirement ${label} has no scenario` });

      if (!r.source) {
        defects.push({ ...base, code: 'no-source', message: `${at}: requirement ${label} has no "Source:" line citing a seed document and section` });
        continue;
      }
      const cited = parseCitations(r.source);
      if (cited.length === 0) {
        defects.push({ ...base, code: 'source-without-seed', message: `${at}: requirement ${label}'s Source names no seed file (like 000_c8c8cc78d5c28133.txt): "${r.source}"` });
      }
      for (const c of cited) {
        const rec: CitationRecord = { requirement: r.id, uri: f.uri, line: r.line, citation: c, checked: false };
        citations.push(rec);
        if (!citesLocation(c)) {
          defects.push({ ...base, code: 'source-without-section', message: `${at}: requirement ${label} cites ${c.file} but no section or quoted heading in it` });
        }
        if (!seeds) continue;
        rec.checked = true;
        const doc = seeds.get(c.file);
        if (!doc) {
          rec.found = false;
          defects.push({ ...base, code: 'seed-not-found', message: `${at}: requirement ${label} cites ${c.file}, which is not in ${seeds.dir}` });
          continue;
        }
        const problems = checkCitation(doc, c);
        rec.found = problems.length === 0;
        for (const p of problems) defects.push({ ...base, code: p.kind, message: `${at}: requirement ${label} cites ${p.what}, but ${p.message}` });
      }
    }
  }

  for (const [, [first, ...others]] of byId) {
    for (const w of others) {
      defects.push({ code: 'duplicate-req', uri: w.uri, line: w.line, requirement: w.id, message: `${w.uri}:${w.line}: requirement ID ${w.id} is already used at ${first!.uri}:${first!.line}` });
    }
  }

  const exists = (id: string): boolean => byId.has(id.toLowerCase());
  for (const f of model.features) {
    for (const t of f.tagUses) {
      if (t.on === 'rule' || !t.name.startsWith(REQ_TAG)) continue;
      const id = t.name.slice(REQ_TAG.length);
      if (!exists(id)) defects.push({ code: 'unknown-req-tag', uri: f.uri, line: t.line, requirement: id, message: `${f.uri}:${t.line}: ${t.name} on a ${t.on} names no requirement` });
    }
  }
  for (const list of input.deviations ?? []) {
    list.deviations.forEach((d, i) => {
      const entry = `${list.uri}: entry ${i + 1}`;
      if (d.requirement !== undefined && !exists(d.requirement)) {
        defects.push({ code: 'stale-deviation', uri: list.uri, requirement: d.requirement, message: `${entry} names requirement ${d.requirement}, which no Rule has` });
      }
      if (d.scenario !== undefined && !scenarioNames.has(d.scenario)) {
        defects.push({ code: 'stale-deviation', uri: list.uri, message: `${entry} names scenario "${d.scenario}", which no feature file has` });
      }
    });
  }
  for (const run of input.runs ?? []) {
    for (const id of new Set(run.ids)) {
      if (!exists(id)) defects.push({ code: 'unknown-req-in-run', uri: run.uri, requirement: id, message: `${run.uri} has verdicts for requirement ${id}, which no Rule has` });
    }
  }

  return {
    defects,
    citations,
    sourcesChecked: seeds !== undefined,
    ...(input.sources ? { sourcesDir: input.sources } : {}),
    requirementCount,
    scenarioCount,
  };
}
