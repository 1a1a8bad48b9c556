// The five verdicts a scenario can get, how a requirement's verdict follows from its scenarios',
// and which thrown things count as a conformance failure (FAIL) rather than a broken run (ERROR).

/**
 * PASS: the target behaved as the requirement says.
 * FAIL: it did not (an assertion failed, or a message on the wire failed XSD validation), or a
 *   known deviation is no longer there (so the list is wrong and must be fixed).
 * NOT APPLICABLE: the target lacks a capability the scenario needs (`@needs:<capability>`).
 * EXPECTED FAIL: a FAIL excused by the known-deviations list, with its reason.
 * ERROR: the scenario could not reach a verdict: connection refused, time-out, a bug in the suite,
 *   an undefined step, a failing hook. Never excused.
 */
export type Verdict = 'PASS' | 'FAIL' | 'NOT APPLICABLE' | 'EXPECTED FAIL' | 'ERROR';

export const VERDICTS: readonly Verdict[] = ['PASS', 'FAIL', 'ERROR', 'EXPECTED FAIL', 'NOT APPLICABLE'];

/**
 * Thrown by the World (and by step code) when the target does not conform: a reply that fails
 * XSD validation, a response that is not a DUIS response, a behaviour the requirement forbids.
 * Reported as FAIL, like node:assert's AssertionError; anything else thrown is an ERROR.
 */
export class ConformanceFailure extends Error {
  /** Machine-readable detail, e.g. the validator's issues. */
  readonly details?: unknown;

  constructor(message: string, details?: unknown) {
    super(message);
    this.name = 'ConformanceFailure';
    if (details !== undefined) this.details = details;
  }
}

/**
 * Exception type names (as cucumber records them: the constructor's name) that mean FAIL when
 * nothing better is known. The hooks attach an exact classification (instanceof checks) for
 * every failed step; this list is the fallback for messages produced without our hooks.
 */
export const FAILURE_TYPE_NAMES: ReadonlySet<string> = new Set(['AssertionError', 'ConformanceFailure']);

export type ErrorClass = 'conformance-failure' | 'error';

/** Whether a thrown value is a conformance failure (FAIL) or something else (ERROR). */
export function classifyThrown(e: unknown): ErrorClass {
  if (e instanceof ConformanceFailure) return 'conformance-failure';
  if (e instanceof Error) {
    // node:assert's AssertionError and its subclasses carry this code; chai-style assertion
    // libraries name their class AssertionError
    if ((e as { code?: unknown }).code === 'ERR_ASSERTION') return 'conformance-failure';
    if (e.name === 'AssertionError' || e.name === 'ConformanceFailure') return 'conformance-failure';
  }
  return 'error';
}

/** Counts of scenario verdicts. */
export type VerdictCounts = Record<Verdict, number>;

export function emptyCounts(): VerdictCounts {
  return { PASS: 0, FAIL: 0, ERROR: 0, 'EXPECTED FAIL': 0, 'NOT APPLICABLE': 0 };
}

export function countVerdicts(verdicts: Iterable<Verdict>): VerdictCounts {
  const c = emptyCounts();
  for (const v of verdicts) c[v]++;
  return c;
}

/**
 * A requirement's verdict from its scenarios': a proven non-conformance (FAIL) outranks a
 * scenario that could not finish (ERROR), which outranks an excused failure; PASS needs at least
 * one scenario that ran and passed; only when every scenario was not applicable is the
 * requirement NOT APPLICABLE. Undefined for no scenarios.
 */
export function rollUp(verdicts: readonly Verdict[]): Verdict | undefined {
  if (verdicts.length === 0) return undefined;
  for (const v of ['FAIL', 'ERROR', 'EXPECTED FAIL', 'PASS'] as const) {
    if (verdicts.includes(v)) return v;
  }
  return 'NOT APPLICABLE';
}

/** Scenarios counted on the last line: passed = PASS + EXPECTED FAIL; failed = FAIL + ERROR. */
export function passedFailed(c: VerdictCounts): { passed: number; failed: number } {
  return { passed: c.PASS + c['EXPECTED FAIL'], failed: c.FAIL + c.ERROR };
}

/** The one line CI reads; always the last line of the run's standard output. */
export function lastLine(c: VerdictCounts): string {
  const { passed, failed } = passedFailed(c);
  return `${passed} passed, ${failed} failed`;
}
