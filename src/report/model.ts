// Turns a run's Cucumber messages into the conformance report: modification (Feature) ->
// requirement (Rule with its @req tag) -> scenarios, each with a verdict. Pure: messages in,
// report out; the formatter feeds it and writes the result.
import { DATA_DICTIONARY, type DataItemUnit } from '../duis/data-dictionary.ts';
import { findDeviation, type KnownDeviation } from '../runner/known-deviations.ts';
import {
  EXCHANGES_MEDIA_TYPE,
  FAILURE_CLASS_MEDIA_TYPE,
  NOT_APPLICABLE_MEDIA_TYPE,
  type ExchangeLog,
  type ExchangeRecord,
  type FailureClassNote,
  type NotApplicableNote,
} from './attachments.ts';
import type { Attachment, Envelope, Feature, GherkinDocument, Hook, Pickle, Rule, Scenario, TestCase, TestStepResult } from './messages.ts';
import { toMillis } from './messages.ts';
import { FAILURE_TYPE_NAMES, countVerdicts, passedFailed, rollUp, type Verdict, type VerdictCounts } from './verdicts.ts';

/** What the run was pointed at, for the report's header. */
export interface RunInfo {
  target?: string;
  baseline?: string;
  referenceBaseline?: string;
  tags?: string;
  knownDeviations?: string;
  schema?: string;
  /** MP077 reading the suite expected (the run's flag profile). */
  flagProfile?: string;
  /** MP077 reading the reference followed, when not the same. */
  referenceFlagProfile?: string;
}

export interface StepOutcome {
  /** "Given", "When", ... for steps; "Before"/"After" hook name for hooks. */
  keyword: string;
  text: string;
  kind: 'step' | 'hook';
  status: string;
  line?: number;
}

export interface ScenarioResult {
  name: string;
  uri: string;
  line?: number;
  tags: string[];
  verdict: Verdict;
  /** The step (or hook) that decided a verdict other than PASS and NOT APPLICABLE. */
  failingStep?: StepOutcome;
  /** The reason for a verdict other than PASS, in one or a few lines. */
  message?: string;
  /** Class name of what was thrown, when something was. */
  errorType?: string;
  /** Full error text (with stack) for ERRORs, to debug the suite or the connection. */
  detail?: string;
  notApplicable?: NotApplicableNote;
  /** The known deviation that applied: excused this FAIL, or is stale because the scenario passed. */
  deviation?: KnownDeviation & { stale: boolean };
  steps: StepOutcome[];
  exchanges: ExchangeRecord[];
  durationMs?: number;
}

export interface RequirementResult {
  /** From the Rule's @req: tag; null for scenarios not under a tagged Rule (a gap in the feature file). */
  id: string | null;
  /** The Rule's name. */
  title: string;
  /** The Rule's description without its Source line. */
  text: string;
  /** The "Source:" line of the Rule's description: seed file and section. */
  source?: string;
  tags: string[];
  verdict: Verdict;
  counts: VerdictCounts;
  scenarios: ScenarioResult[];
}

export interface ModificationResult {
  /** The Feature's @modification: tag, else the folder under features/ (features/MP178/... -> MP178), else its name. */
  id: string;
  name: string;
  description: string;
  uri: string;
  verdict: Verdict;
  counts: VerdictCounts;
  requirements: RequirementResult[];
}

export interface ConformanceReport {
  generatedAt: string;
  run: RunInfo;
  cucumber?: string;
  modifications: ModificationResult[];
  /** Scenario verdicts over the whole run. */
  counts: VerdictCounts;
  /** Problems outside any scenario: unparseable feature files, failing BeforeAll/AfterAll hooks. */
  runErrors: string[];
  /** Scenarios not applicable, by missing capability. */
  notApplicableByCapability: Record<string, number>;
  /** Known deviations that matched no scenario in this run (a typo, or filtered out by tags or baseline). */
  unmatchedDeviations: KnownDeviation[];
  /** passed = PASS + EXPECTED FAIL; failed = FAIL + ERROR + run errors. */
  passed: number;
  failed: number;
  /** Units of DUIS data items the suite knows (src/duis/data-dictionary.ts), so readers of the exchanges can read values. */
  dataDictionary?: DataItemUnit[];
}

interface Placement {
  doc: GherkinDocument;
  feature: Feature;
  rule?: Rule;
  scenario: Scenario;
}

interface CaseRun {
  testCaseId: string;
  startedAt: number;
  finishedAt?: number;
  willBeRetried?: boolean;
  results: Map<string, TestStepResult>;
  attachments: Attachment[];
}

/** Accumulates envelopes; `report()` may be called once the run has finished. */
export class ReportCollector {
  private readonly documents: GherkinDocument[] = [];
  private readonly pickles = new Map<string, Pickle>();
  private readonly hooks = new Map<string, Hook>();
  private readonly testCases = new Map<string, TestCase>();
  private readonly runs = new Map<string, CaseRun>();
  /** Latest attempt per test case. */
  private readonly lastRunOf = new Map<string, string>();
  private readonly runHookStarts = new Map<string, string>();
  private readonly runErrors: string[] = [];
  private cucumberVersion: string | undefined;
  private indexCache?: { place: Map<string, Placement>; stepLines: Map<string, { keyword: string; line: number }> };

  add(e: Envelope): void {
    if (e.meta?.implementation) this.cucumberVersion = `${e.meta.implementation.name} ${e.meta.implementation.version ?? ''}`.trim();
    if (e.gherkinDocument) {
      this.documents.push(e.gherkinDocument);
      this.indexCache = undefined;
    }
    if (e.pickle) this.pickles.set(e.pickle.id, e.pickle);
    if (e.hook) this.hooks.set(e.hook.id, e.hook);
    if (e.testCase) this.testCases.set(e.testCase.id, e.testCase);
    if (e.testCaseStarted) {
      const s = e.testCaseStarted;
      this.runs.set(s.id, { testCaseId: s.testCaseId, startedAt: toMillis(s.timestamp), results: new Map(), attachments: [] });
      this.lastRunOf.set(s.testCaseId, s.id);
    }
    if (e.testStepFinished) {
      const f = e.testStepFinished;
      this.runs.get(f.testCaseStartedId)?.results.set(f.testStepId, f.testStepResult);
    }
    if (e.attachment?.testCaseStartedId) this.runs.get(e.attachment.testCaseStartedId)?.attachments.push(e.attachment);
    if (e.testCaseFinished) {
      const run = this.runs.get(e.testCaseFinished.testCaseStartedId);
      if (run) {
        run.finishedAt = toMillis(e.testCaseFinished.timestamp);
        run.willBeRetried = e.testCaseFinished.willBeRetried;
      }
    }
    if (e.parseError) {
      const where = e.parseError.source.uri ? `${e.parseError.source.uri}${e.parseError.source.location ? `:${e.parseError.source.location.line}` : ''}` : 'a feature file';
      this.runErrors.push(`${where} does not parse: ${e.parseError.message}`);
    }
    if (e.undefinedParameterType) {
      this.runErrors.push(`undefined parameter type {${e.undefinedParameterType.name}} in "${e.undefinedParameterType.expression}"`);
    }
    if (e.testRunHookStarted) this.runHookStarts.set(e.testRunHookStarted.id, e.testRunHookStarted.hookId);
    if (e.testRunHookFinished) {
      const r = e.testRunHookFinished.result;
      if (r.status !== 'PASSED') {
        const hook = this.hooks.get(this.runHookStarts.get(e.testRunHookFinished.testRunHookStartedId) ?? '');
        this.runErrors.push(`run hook ${hookLabel(hook)} ${r.status.toLowerCase()}: ${r.exception?.message ?? r.message ?? ''}`.trim());
      }
    }
    if (e.testRunFinished?.exception) {
      const x = e.testRunFinished.exception;
      this.runErrors.push(`the run failed: ${x.type}: ${x.message ?? ''}`);
    }
  }

  report(run: RunInfo = {}, deviations: readonly KnownDeviation[] = [], now: Date = new Date()): ConformanceReport {
    const used = new Set<KnownDeviation>();
    const modifications: ModificationResult[] = [];
    const { place, stepLines } = this.index();

    // results grouped by document, then by rule (or none), in file order
    const byDoc = new Map<GherkinDocument, Map<Rule | null, ScenarioResult[]>>();
    for (const [testCaseId, runId] of this.lastRunOf) {
      const tc = this.testCases.get(testCaseId);
      const run = this.runs.get(runId);
      const pickle = tc ? this.pickles.get(tc.pickleId) : undefined;
      if (!tc || !run || !pickle) continue;
      const where = place.get(pickle.astNodeIds[0] ?? '');
      if (!where) continue;
      const result = this.scenarioResult(pickle, tc, run, stepLines);
      let rules = byDoc.get(where.doc);
      if (!rules) byDoc.set(where.doc, (rules = new Map()));
      const key = where.rule ?? null;
      rules.set(key, [...(rules.get(key) ?? []), result]);
    }

    for (const doc of this.documents) {
      const rules = byDoc.get(doc);
      const feature = doc.feature;
      if (!rules || !feature) continue;
      const requirements: RequirementResult[] = [];
      // keep the feature file's order: ruleless scenarios first, as Gherkin puts them
      const order: (Rule | null)[] = [null, ...feature.children.flatMap((c) => (c.rule ? [c.rule] : []))];
      for (const rule of order) {
        const scenarios = rules.get(rule);
        if (!scenarios?.length) continue;
        scenarios.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
        const req = requirementOf(rule);
        applyDeviations(scenarios, req.id, deviations, used);
        const verdicts = scenarios.map((s) => s.verdict);
        requirements.push({ ...req, verdict: rollUp(verdicts)!, counts: countVerdicts(verdicts), scenarios });
      }
      const all = requirements.flatMap((r) => r.scenarios.map((s) => s.verdict));
      modifications.push({
        id: modificationId(doc.uri ?? '', feature),
        name: feature.name,
        description: dedent(feature.description),
        uri: doc.uri ?? '',
        verdict: rollUp(all)!,
        counts: countVerdicts(all),
        requirements,
      });
    }

    const scenarios = modifications.flatMap((m) => m.requirements.flatMap((r) => r.scenarios));
    const counts = countVerdicts(scenarios.map((s) => s.verdict));
    const notApplicableByCapability: Record<string, number> = {};
    for (const s of scenarios) {
      if (s.verdict !== 'NOT APPLICABLE') continue;
      for (const c of s.notApplicable?.missing ?? []) notApplicableByCapability[c] = (notApplicableByCapability[c] ?? 0) + 1;
    }
    const { passed, failed } = passedFailed(counts);
    return {
      generatedAt: now.toISOString(),
      run,
      ...(this.cucumberVersion ? { cucumber: this.cucumberVersion } : {}),
      modifications,
      counts,
      runErrors: [...this.runErrors],
      notApplicableByCapability,
      unmatchedDeviations: deviations.filter((d) => !used.has(d)),
      passed,
      failed: failed + this.runErrors.length,
      dataDictionary: DATA_DICTIONARY.map((d) => ({ ...d })),
    };
  }

  /** Where each scenario sits (feature, rule) and each step's keyword and line. */
  private index(): { place: Map<string, Placement>; stepLines: Map<string, { keyword: string; line: number }> } {
    if (this.indexCache) return this.indexCache;
    const place = new Map<string, Placement>();
    const stepLines = new Map<string, { keyword: string; line: number }>();
    for (const doc of this.documents) {
      const feature = doc.feature;
      if (!feature) continue;
      for (const child of feature.children) {
        if (child.scenario) place.set(child.scenario.id, { doc, feature, scenario: child.scenario });
        if (child.rule) {
          for (const rc of child.rule.children) {
            if (rc.scenario) place.set(rc.scenario.id, { doc, feature, rule: child.rule, scenario: rc.scenario });
          }
        }
        const scenarios = [child.scenario, ...(child.rule?.children.map((c) => c.scenario) ?? [])];
        const backgrounds = [child.background, ...(child.rule?.children.map((c) => c.background) ?? [])];
        for (const sc of [...scenarios, ...backgrounds]) for (const st of sc?.steps ?? []) stepLines.set(st.id, { keyword: st.keyword.trim(), line: st.location.line });
      }
    }
    this.indexCache = { place, stepLines };
    return this.indexCache;
  }

  /**
   * One line on a scenario as soon as it has finished, for progress output: its verdict so far
   * (a known deviation already applied by name or requirement) and its name. Undefined while it
   * will be retried or when it is unknown.
   */
  progressLine(testCaseStartedId: string, deviations: readonly KnownDeviation[] = []): string | undefined {
    const run = this.runs.get(testCaseStartedId);
    if (!run || run.willBeRetried) return undefined;
    const tc = this.testCases.get(run.testCaseId);
    const pickle = tc ? this.pickles.get(tc.pickleId) : undefined;
    if (!tc || !pickle) return undefined;
    const { place, stepLines } = this.index();
    const result = this.scenarioResult(pickle, tc, run, stepLines);
    const rule = place.get(pickle.astNodeIds[0] ?? '')?.rule;
    const req = rule ? requirementOf(rule).id : null;
    // a listed failure is excused at once; whether a listing went stale is known only at the end
    const verdict = result.verdict === 'FAIL' && findDeviation(deviations, result.name, req ?? undefined) ? 'EXPECTED FAIL' : result.verdict;
    return `${verdict.padEnd(14)} ${req ?? '-'}  ${result.name}`;
  }

  private scenarioResult(pickle: Pickle, tc: TestCase, run: CaseRun, stepLines: Map<string, { keyword: string; line: number }>): ScenarioResult {
    const pickleSteps = new Map(pickle.steps.map((s) => [s.id, s]));
    const firstStep = tc.testSteps.findIndex((ts) => ts.hookId === undefined);
    const steps: StepOutcome[] = tc.testSteps.map((ts, i) => {
      const status = run.results.get(ts.id)?.status ?? 'NOT RUN';
      if (ts.hookId !== undefined) {
        const hook = this.hooks.get(ts.hookId);
        // hooks before the first step are Before hooks, the rest After hooks
        const after = hook?.type ? hook.type === 'AFTER_TEST_CASE' : firstStep >= 0 && i > firstStep;
        return { keyword: after ? 'After' : 'Before', text: hookLabel(hook), kind: 'hook', status };
      }
      const ps = pickleSteps.get(ts.pickleStepId ?? '');
      const ast = stepLines.get(ps?.astNodeIds[0] ?? '');
      return { keyword: ast?.keyword ?? '', text: ps?.text ?? '(unknown step)', kind: 'step', status, ...(ast ? { line: ast.line } : {}) };
    });
    const attachments = run.attachments;
    const exchanges = attachments
      .filter((a) => a.mediaType === EXCHANGES_MEDIA_TYPE)
      .flatMap((a) => readJson<ExchangeLog>(a)?.exchanges ?? []);
    const na = attachments.filter((a) => a.mediaType === NOT_APPLICABLE_MEDIA_TYPE).map((a) => readJson<NotApplicableNote>(a)).find((n) => n);
    const base: ScenarioResult = {
      name: pickle.name,
      uri: pickle.uri,
      ...(pickle.location ? { line: pickle.location.line } : {}),
      tags: pickle.tags.map((t) => t.name),
      verdict: 'PASS',
      steps,
      exchanges,
      ...(run.finishedAt !== undefined ? { durationMs: run.finishedAt - run.startedAt } : {}),
    };

    // 1. something threw
    const failedIndex = tc.testSteps.findIndex((ts) => run.results.get(ts.id)?.status === 'FAILED');
    if (failedIndex >= 0) {
      const ts = tc.testSteps[failedIndex]!;
      const result = run.results.get(ts.id)!;
      const step = steps[failedIndex]!;
      const type = result.exception?.type ?? 'Error';
      const message = (result.exception?.message ?? result.message ?? '').trim();
      let cls: 'conformance-failure' | 'error';
      if (step.kind === 'hook') {
        cls = 'error';
      } else {
        const note = attachments
          .filter((a) => a.mediaType === FAILURE_CLASS_MEDIA_TYPE && a.testStepId === ts.id)
          .map((a) => readJson<FailureClassNote>(a))
          .find((n) => n);
        cls = note?.class ?? (FAILURE_TYPE_NAMES.has(type) ? 'conformance-failure' : 'error');
      }
      if (cls === 'conformance-failure') {
        return { ...base, verdict: 'FAIL', failingStep: step, errorType: type, message };
      }
      const what = step.kind === 'hook' ? `${step.keyword} hook "${step.text}" failed` : `step raised ${type}`;
      return { ...base, verdict: 'ERROR', failingStep: step, errorType: type, message: `${what}: ${message}`, ...(result.message ? { detail: clip(result.message) } : {}) };
    }
    // 2. steps that could not run as written
    const badIndex = tc.testSteps.findIndex((ts) => ['UNDEFINED', 'AMBIGUOUS', 'PENDING', 'UNKNOWN'].includes(run.results.get(ts.id)?.status ?? ''));
    if (badIndex >= 0) {
      const result = run.results.get(tc.testSteps[badIndex]!.id)!;
      const step = steps[badIndex]!;
      const why: Record<string, string> = {
        UNDEFINED: 'no step definition matches this step',
        AMBIGUOUS: `more than one step definition matches this step${result.message ? `: ${result.message.trim()}` : ''}`,
        PENDING: 'the step is not implemented yet (pending)',
        UNKNOWN: 'the step ended in an unknown state',
      };
      return { ...base, verdict: 'ERROR', failingStep: step, message: `${step.keyword} ${step.text}: ${why[result.status]}`.trim() };
    }
    // 3. not applicable: the Before hook found a missing capability and skipped the scenario
    if (na) {
      return { ...base, verdict: 'NOT APPLICABLE', notApplicable: na, message: `target "${na.target}" does not offer: ${na.missing.join(', ')}` };
    }
    // 4. anything else that did not run is never a silent skip
    const skippedIndex = tc.testSteps.findIndex((ts) => run.results.get(ts.id)?.status !== 'PASSED');
    if (skippedIndex >= 0 || run.finishedAt === undefined) {
      const step = skippedIndex >= 0 ? steps[skippedIndex] : undefined;
      const message = run.finishedAt === undefined
        ? 'the scenario did not finish (the run stopped while it was running)'
        : `${step!.keyword} ${step!.text}: ${step!.status === 'NOT RUN' ? 'never ran' : 'skipped without a recorded reason'}`;
      return { ...base, verdict: 'ERROR', ...(step ? { failingStep: step } : {}), message };
    }
    return base;
  }
}

/** Excuse listed failures; flag listed scenarios (or requirements) that now pass. */
function applyDeviations(scenarios: ScenarioResult[], requirementId: string | null, deviations: readonly KnownDeviation[], used: Set<KnownDeviation>): void {
  if (deviations.length === 0) return;
  const matched = scenarios.map((s) => findDeviation(deviations, s.name, requirementId ?? undefined));
  // a requirement-wide deviation is present when any of its scenarios fails
  const requirementWideStillFails = new Set<KnownDeviation>();
  scenarios.forEach((s, i) => {
    const d = matched[i];
    if (d && d.scenario === undefined && s.verdict === 'FAIL') requirementWideStillFails.add(d);
  });
  scenarios.forEach((s, i) => {
    const d = matched[i];
    if (!d) return;
    used.add(d);
    if (s.verdict === 'FAIL') {
      s.verdict = 'EXPECTED FAIL';
      s.deviation = { ...d, stale: false };
      s.message = `${s.message ?? ''}\nknown deviation: ${d.reason}${d.link ? ` (${d.link})` : ''}`.trim();
    } else if (s.verdict === 'PASS' && (d.scenario !== undefined || !requirementWideStillFails.has(d))) {
      s.verdict = 'FAIL';
      s.deviation = { ...d, stale: true };
      const what = d.scenario !== undefined ? `scenario "${d.scenario}"` : `requirement ${d.requirement}`;
      s.message = `deviation no longer present: remove it from the list (${what} now passes; it was listed because: ${d.reason})`;
    }
    // ERROR is never excused; NOT APPLICABLE says nothing about the deviation
  });
}

function requirementOf(rule: Rule | null): Omit<RequirementResult, 'verdict' | 'counts' | 'scenarios'> {
  if (!rule) return { id: null, title: '(scenarios outside any requirement)', text: '', tags: [] };
  const tags = rule.tags.map((t) => t.name);
  const reqTag = tags.find((t) => t.startsWith('@req:'));
  const { text, source } = splitSource(dedent(rule.description));
  return { id: reqTag ? reqTag.slice('@req:'.length) : null, title: rule.name, text, ...(source ? { source } : {}), tags };
}

/** A description's "Source: ..." line(s) apart from the requirement text. */
export function splitSource(description: string): { text: string; source?: string } {
  const lines = description.split('\n');
  const sources: string[] = [];
  const rest: string[] = [];
  for (const line of lines) {
    const m = /^\s*(?:Sources?|Seed)\s*:\s*(.*)$/i.exec(line);
    if (m) sources.push(m[1]!.trim());
    else rest.push(line);
  }
  const text = rest.join('\n').trim();
  return sources.length ? { text, source: sources.join('; ') } : { text };
}

function dedent(text: string): string {
  const lines = (text ?? '').replace(/\r\n?/g, '\n').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut).trimEnd()).join('\n').trim();
}

/** The Feature's @modification:<ID> tag; else the folder below the last "features" folder; else its name. */
export function modificationId(uri: string, feature: Feature): string {
  const tag = feature.tags.map((t) => t.name).find((t) => t.startsWith('@modification:'));
  if (tag && tag.length > '@modification:'.length) return tag.slice('@modification:'.length);
  const parts = uri.split(/[\\/]/);
  const i = parts.lastIndexOf('features');
  if (i >= 0 && i + 2 < parts.length) return parts[i + 1]!;
  return feature.name;
}

function hookLabel(hook: Hook | undefined): string {
  if (!hook) return '(hook)';
  if (hook.name) return hook.name;
  const ref = hook.sourceReference;
  return ref?.uri ? `${ref.uri}${ref.location ? `:${ref.location.line}` : ''}` : '(unnamed hook)';
}

function readJson<T>(a: Attachment): T | undefined {
  try {
    const text = a.contentEncoding === 'BASE64' ? Buffer.from(a.body, 'base64').toString('utf8') : a.body;
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function clip(text: string, max = 4000): string {
  return text.length > max ? `${text.slice(0, max)}\n... (${text.length - max} more characters)` : text;
}
