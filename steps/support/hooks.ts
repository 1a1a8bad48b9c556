// Scenario lifecycle: a target per scenario (or per run, for an external endpoint), the
// NOT APPLICABLE decision for @needs:<capability>, FAIL-or-ERROR classification of whatever a
// step throws, and the exchange log attached to every scenario.
//
// Hooks run in the order their files load (steps/**/*.ts, sorted). A domain step file that
// needs the target in a Before hook must live where it sorts after steps/support/hooks.ts.
import { After, AfterAll, AfterStep, Before, setDefaultTimeout } from '@cucumber/cucumber';
import {
  EXCHANGES_MEDIA_TYPE,
  FAILURE_CLASS_MEDIA_TYPE,
  NOT_APPLICABLE_MEDIA_TYPE,
  type ExchangeLog,
  type FailureClassNote,
  type NotApplicableNote,
} from '../../src/report/attachments.ts';
import { classifyThrown } from '../../src/report/verdicts.ts';
import { checkProfile, checkSide, neededCapabilities } from '../../src/runner/selection.ts';
import { acquireTarget, closeRunTargets, type TargetLease } from './target-factory.ts';
import { sharedSigning, sharedValidator, type ConformanceWorld } from './world.ts';

/** Per step; a scenario waiting on an asynchronous delivery needs more than cucumber's 5 s. */
export const STEP_TIMEOUT_MS = Number(process.env['SEC_CONFORMANCE_STEP_TIMEOUT_MS'] ?? 60_000);
setDefaultTimeout(STEP_TIMEOUT_MS);

const leases = new WeakMap<ConformanceWorld, TargetLease>();

Before({ name: 'set up the target' }, async function (this: ConformanceWorld, { pickle }) {
  if (this.settingsError) throw this.settingsError;
  const tags = pickle.tags.map((t) => t.name);
  checkSide(tags, this.baseline);
  checkProfile(tags, this.flagProfile);
  const needs = neededCapabilities(tags);
  const validator = await sharedValidator(this.settings.schemaDir);
  const signing = await sharedSigning(this.settings.signing);
  const lease = await acquireTarget({
    spec: this.settings.target,
    referenceBaseline: this.referenceBaseline,
    referenceFlagProfile: this.settings.referenceFlagProfile,
    baseline: this.baseline,
    users: this.users,
    validator,
    signing,
    scenario: { name: pickle.name, tags },
  });
  leases.set(this, lease);
  this.attachTarget({ target: lease.target, validator, signing });
  const missing = needs.filter((c) => !lease.target.capabilities.has(c));
  if (missing.length) {
    const note: NotApplicableNote = { missing, target: lease.target.name };
    this.attach(JSON.stringify(note), { mediaType: NOT_APPLICABLE_MEDIA_TYPE, fileName: 'not-applicable.json' });
    // in words too, for cucumber's own HTML report
    this.log(`NOT APPLICABLE: target "${lease.target.name}" does not offer ${missing.join(', ')}`);
    return 'skipped';
  }
  return undefined;
});

AfterStep(function (this: ConformanceWorld, { result, error }) {
  if (result.status !== 'FAILED' || error === undefined) return;
  const note: FailureClassNote = {
    class: classifyThrown(error),
    type: error instanceof Error ? error.constructor.name : typeof error,
  };
  this.attach(JSON.stringify(note), { mediaType: FAILURE_CLASS_MEDIA_TYPE, fileName: 'failure-class.json' });
});

After({ name: 'record the wire and release the target' }, async function (this: ConformanceWorld) {
  try {
    if (this.exchanges.length) {
      const log: ExchangeLog = { target: this.hasTarget ? this.target.name : '(none)', exchanges: this.exchanges };
      this.attach(JSON.stringify(log), { mediaType: EXCHANGES_MEDIA_TYPE, fileName: 'exchanges.json' });
      // one readable attachment per message, for cucumber's own HTML report
      for (const x of this.exchanges) {
        const name = [String(x.seq).padStart(2, '0'), x.direction, x.path, x.srv && `srv-${x.srv}`, x.notSent && 'not-sent'].filter(Boolean).join('-');
        const xml = x.body.trimStart().startsWith('<');
        this.attach(x.body, { mediaType: xml ? 'application/xml' : 'text/plain', fileName: `${name}.${xml ? 'xml' : 'txt'}` });
      }
    }
  } finally {
    const lease = leases.get(this);
    leases.delete(this);
    try {
      await this.restoreClock();
    } finally {
      await lease?.release();
    }
  }
});

AfterAll({ name: 'close run-scoped targets' }, async function () {
  await closeRunTargets();
});
