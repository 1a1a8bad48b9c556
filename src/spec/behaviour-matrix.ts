// The behaviour matrix: per requirement, the verdict in each run (target x baseline x profile),
// read from the runs' conformance.json reports. It shows which requirements change verdict
// between baselines (each should carry the side tag, @M or @before:M, of a modification the two
// baselines disagree on), side-tagged requirements that do not change, and requirements on
// which named profiles disagree.
//
// A column is one (target, baseline, reference baseline, profile). The profile is a scenario's
// @profile:<name> tag, else the run's recorded profile (run.profile), else none. A requirement
// absent from a run that covered its feature was NOT SELECTED there (the baseline or the tag
// filter left it out); absent from a run that never loaded its feature, it is OUTSIDE RUN and
// is not compared.
import { Baseline, BaselineError, MODIFICATIONS } from '../baseline.ts';
import type { ConformanceReport, RunInfo } from '../report/model.ts';
import { rollUp, type Verdict } from '../report/verdicts.ts';

export const NOT_SELECTED = 'NOT SELECTED';
export const OUTSIDE_RUN = 'OUTSIDE RUN';
export type Cell = Verdict | typeof NOT_SELECTED | typeof OUTSIDE_RUN;

export const PROFILE_TAG = '@profile:';

/** A run report as read from disk. */
export interface RunReport {
  uri: string;
  report: ConformanceReport & { run: RunInfo & { profile?: unknown } };
}

export interface MatrixColumn {
  key: string;
  target: string;
  baseline: string;
  referenceBaseline: string;
  profile?: string;
  /** Reports that fed this column. */
  runs: string[];
}

export interface MatrixRow {
  requirement: string;
  modification: string;
  title: string;
  /** Side tags (@M, @before:M) on the requirement as a whole. */
  sideTags: string[];
  /** Side tags on some of its scenarios only. */
  exampleSideTags: string[];
  cells: Record<string, Cell>;
}

export interface VerdictChange {
  requirement: string;
  from: Cell;
  to: Cell;
  sideTags: string[];
}

export interface BaselineComparison {
  a: string;
  b: string;
  /** Modifications one baseline implements and the other does not. */
  modifications: string[];
  /** Requirements whose verdict differs, with a side tag of one of those modifications. */
  tagged: VerdictChange[];
  /** Requirements whose verdict differs with no such side tag: behaviour changed that no modification claims. */
  untaggedChangers: VerdictChange[];
  /** Requirements side-tagged for one of those modifications whose verdict is the same in both. */
  unchangedSideTagged: VerdictChange[];
}

export interface ProfileDisagreement {
  requirement: string;
  /** Columns (same target and baselines) and each one's cell. */
  cells: { column: string; profile: string; cell: Cell }[];
  /** "verdict": the verdicts differ; "scope": a profile has the requirement and another does not. */
  kind: 'verdict' | 'scope';
}

export interface BehaviourMatrix {
  columns: MatrixColumn[];
  rows: MatrixRow[];
  comparisons: BaselineComparison[];
  profileDisagreements: ProfileDisagreement[];
  /** Pairs that could not be compared, and why (an unreadable baseline, say). */
  notes: string[];
}

/** Tags the spec says a requirement carries (its Rule's and its Feature's), when the features were read. */
export type RequirementTags = ReadonlyMap<string, readonly string[]>;

const SIDE = new RegExp(String.raw`^@(?:before:)?(${MODIFICATIONS.join('|')})$`);

export function sideModification(tag: string): string | undefined {
  return SIDE.exec(tag)?.[1];
}

interface Collected {
  verdicts: Verdict[];
  scenarioTags: string[][];
}

export function buildMatrix(runs: readonly RunReport[], specTags?: RequirementTags): BehaviourMatrix {
  const columns = new Map<string, MatrixColumn>();
  /** column key -> requirement -> verdicts */
  const data = new Map<string, Map<string, Collected>>();
  /** column key -> feature URIs its runs loaded */
  const covered = new Map<string, Set<string>>();
  const info = new Map<string, { modification: string; title: string; uri: string; tags: Set<string> }>();
  const allScenarioTags = new Map<string, string[][]>();

  for (const { uri, report } of runs) {
    const run = report.run ?? {};
    const runProfile = typeof run.profile === 'string' && run.profile ? run.profile : undefined;
    const column = (profile: string | undefined): string => {
      const c = { target: run.target ?? '(unknown target)', baseline: run.baseline ?? 'all', referenceBaseline: run.referenceBaseline ?? run.baseline ?? 'all', ...(profile ? { profile } : {}) };
      const key = columnKey(c);
      const existing = columns.get(key);
      if (existing) {
        if (!existing.runs.includes(uri)) existing.runs.push(uri);
      } else {
        columns.set(key, { key, ...c, runs: [uri] });
      }
      return key;
    };
    const runColumns = new Set<string>();
    for (const m of report.modifications ?? []) {
      for (const r of m.requirements ?? []) {
        if (!r.id) continue;
        const entry = info.get(r.id) ?? { modification: m.id, title: r.title, uri: m.uri, tags: new Set<string>() };
        for (const t of r.tags ?? []) entry.tags.add(t);
        info.set(r.id, entry);
        for (const s of r.scenarios ?? []) {
          const profile = s.tags.find((t) => t.startsWith(PROFILE_TAG))?.slice(PROFILE_TAG.length) || runProfile;
          const key = column(profile);
          runColumns.add(key);
          const byReq = data.get(key) ?? new Map<string, Collected>();
          data.set(key, byReq);
          const c = byReq.get(r.id) ?? { verdicts: [], scenarioTags: [] };
          c.verdicts.push(s.verdict);
          c.scenarioTags.push(s.tags);
          byReq.set(r.id, c);
          allScenarioTags.set(r.id, [...(allScenarioTags.get(r.id) ?? []), s.tags]);
        }
      }
    }
    // a run with no scenarios still shows up, as a column of NOT SELECTED
    if (runColumns.size === 0) runColumns.add(column(runProfile));
    // every column of this run covered every feature the run loaded
    for (const key of runColumns) {
      const set = covered.get(key) ?? new Set<string>();
      for (const m of report.modifications ?? []) set.add(m.uri);
      covered.set(key, set);
    }
  }

  const cols = [...columns.values()].sort((a, b) => a.key.localeCompare(b.key));
  const rows: MatrixRow[] = [...info.entries()].map(([id, i]) => {
    const scenarioTags = allScenarioTags.get(id) ?? [];
    const common = scenarioTags.length ? scenarioTags.reduce((acc, t) => acc.filter((x) => t.includes(x))) : [];
    const whole = new Set([...(specTags?.get(id) ?? []), ...i.tags, ...common]);
    const sideTags = [...whole].filter((t) => sideModification(t)).sort();
    const exampleSideTags = [...new Set(scenarioTags.flat())].filter((t) => sideModification(t) && !whole.has(t)).sort();
    const cells: Record<string, Cell> = {};
    for (const c of cols) {
      const got = data.get(c.key)?.get(id);
      cells[c.key] = got ? rollUp(got.verdicts)! : covered.get(c.key)?.has(i.uri) ? NOT_SELECTED : OUTSIDE_RUN;
    }
    return { requirement: id, modification: i.modification, title: i.title, sideTags, exampleSideTags, cells };
  });
  rows.sort((a, b) => a.modification.localeCompare(b.modification) || a.requirement.localeCompare(b.requirement, 'en', { numeric: true }));

  const notes: string[] = [];
  const comparisons: BaselineComparison[] = [];
  for (let i = 0; i < cols.length; i++) {
    for (let j = i + 1; j < cols.length; j++) {
      const a = cols[i]!;
      const b = cols[j]!;
      if (a.target !== b.target || a.profile !== b.profile || a.baseline === b.baseline) continue;
      let mods: string[];
      try {
        const x = Baseline.parse(a.baseline);
        const y = Baseline.parse(b.baseline);
        mods = MODIFICATIONS.filter((m) => x.has(m) !== y.has(m));
      } catch (e) {
        if (!(e instanceof BaselineError)) throw e;
        notes.push(`baselines "${a.baseline}" and "${b.baseline}" not compared: ${e.message}`);
        continue;
      }
      if (mods.length === 0) continue;
      comparisons.push(compare(a, b, mods, rows));
    }
  }

  return { columns: cols, rows, comparisons, profileDisagreements: profileDisagreements(cols, rows), notes };
}

function compare(a: MatrixColumn, b: MatrixColumn, mods: string[], rows: readonly MatrixRow[]): BaselineComparison {
  const result: BaselineComparison = { a: a.key, b: b.key, modifications: mods, tagged: [], untaggedChangers: [], unchangedSideTagged: [] };
  const about = (tags: readonly string[]): string[] => tags.filter((t) => mods.includes(sideModification(t) ?? ''));
  for (const r of rows) {
    const from = r.cells[a.key]!;
    const to = r.cells[b.key]!;
    if (from === OUTSIDE_RUN || to === OUTSIDE_RUN) continue;
    const whole = about(r.sideTags);
    const some = about(r.exampleSideTags);
    const change: VerdictChange = { requirement: r.requirement, from, to, sideTags: [...whole, ...some] };
    if (from !== to) (whole.length || some.length ? result.tagged : result.untaggedChangers).push(change);
    else if (whole.length) result.unchangedSideTagged.push(change);
  }
  return result;
}

function profileDisagreements(cols: readonly MatrixColumn[], rows: readonly MatrixRow[]): ProfileDisagreement[] {
  const groups = new Map<string, MatrixColumn[]>();
  for (const c of cols) {
    if (!c.profile) continue;
    const k = columnKey({ ...c, profile: undefined });
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  const out: ProfileDisagreement[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    for (const r of rows) {
      const cells = group.map((c) => ({ column: c.key, profile: c.profile!, cell: r.cells[c.key]! })).filter((x) => x.cell !== OUTSIDE_RUN);
      if (cells.length < 2) continue;
      const distinct = new Set(cells.map((x) => x.cell));
      if (distinct.size < 2) continue;
      const verdicts = new Set(cells.map((x) => x.cell).filter((x) => x !== NOT_SELECTED));
      out.push({ requirement: r.requirement, cells, kind: verdicts.size > 1 ? 'verdict' : 'scope' });
    }
  }
  return out;
}

function columnKey(c: { target: string; baseline: string; referenceBaseline: string; profile?: string | undefined }): string {
  const ref = c.referenceBaseline !== c.baseline ? ` (reference ${c.referenceBaseline})` : '';
  return `${c.target} | baseline ${c.baseline}${ref}${c.profile ? ` | profile ${c.profile}` : ''}`;
}
