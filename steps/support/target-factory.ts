// Builds the Target a scenario talks to, from the world parameters' target spec:
//   ref       the in-process reference (src/targets/in-process.ts), fresh per scenario
//   ref-http  the reference behind a local HTTP server (referenceOverHttp), fresh per scenario:
//             a new server on an ephemeral port with a fresh ':memory:' inventory costs little
//   external  one DUIS endpoint for the whole run (externalHttpTarget), closed after the run
//   module    your own adapter: a module exporting createTarget(context) and optionally
//             `scope = 'run'` (default 'scenario'); tests use this for a fake target
// The reference is built with the *reference* baseline, so a run can prove the suite tells the
// two sides of a modification apart.
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Baseline } from '../../src/baseline.ts';
import type { FlagProfile } from '../../src/service-flags.ts';
import type { TargetSpec } from '../../src/runner/world-parameters.ts';
import type { Target } from '../../src/targets/target.ts';
import type { UserDirectory } from '../../src/users.ts';
import type { DuisValidator } from '../../src/validation/validator.ts';

export interface TargetFactoryContext {
  spec: TargetSpec;
  /** How the reference (if that is what is built) should behave. */
  referenceBaseline: Baseline;
  /** Which reading of MP077 the reference (if built) should follow; default legal-text. */
  referenceFlagProfile?: FlagProfile;
  /** What the suite expects of the target. */
  baseline: Baseline;
  users: UserDirectory;
  validator: DuisValidator;
  /** The scenario the target is for (absent for a run-scoped target). */
  scenario?: { name: string; tags: string[] };
}

/** What a `module:` adapter exports. */
export interface TargetModule {
  createTarget(context: TargetFactoryContext): Target | Promise<Target>;
  /** 'scenario' (default): a fresh target per scenario; 'run': one for the whole run. */
  scope?: 'scenario' | 'run';
}

export interface TargetLease {
  target: Target;
  /** Closes a per-scenario target; a run-scoped one stays open until closeRunTargets(). */
  release(): Promise<void>;
}

export class TargetFactoryError extends Error {}

const runTargets = new Map<string, Promise<Target>>();

/** The target for one scenario. */
export async function acquireTarget(context: TargetFactoryContext): Promise<TargetLease> {
  const { spec } = context;
  switch (spec.kind) {
    case 'ref':
      return perScenario(await inProcessReference(context));
    case 'ref-http':
      return perScenario(await referenceOverHttpTarget(context));
    case 'external':
      return runScoped(context, () => externalTarget(context));
    case 'module': {
      const mod = await loadTargetModule(spec.module!);
      if (mod.scope === 'run') {
        const { scenario: _scenario, ...forRun } = context;
        return runScoped(context, async () => mod.createTarget(forRun));
      }
      return perScenario(await mod.createTarget(context));
    }
  }
}

/** Close every run-scoped target (AfterAll). */
export async function closeRunTargets(): Promise<void> {
  const all = [...runTargets.values()];
  runTargets.clear();
  const results = await Promise.allSettled(all.map(async (p) => (await p).close()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

function perScenario(target: Target): TargetLease {
  return { target, release: () => target.close() };
}

async function runScoped(context: TargetFactoryContext, make: () => Promise<Target>): Promise<TargetLease> {
  const key = JSON.stringify([context.spec, context.referenceBaseline.toString()]);
  let p = runTargets.get(key);
  if (!p) {
    p = make();
    runTargets.set(key, p);
    // a target that failed to start is retried by the next scenario rather than failing them all the same way
    p.catch(() => runTargets.delete(key));
  }
  return { target: await p, release: async () => undefined };
}

// ---------------------------------------------------------------------------------------------
// Adapters. Loaded by URL on first use so a run of one kind never loads the others.

// Each adapter is imported on first use, so a run of one kind never loads the others (an
// external run needs neither the reference nor its database).

/** What both reference targets are built from: the reference baseline, not the suite's. */
function referenceOptions(context: TargetFactoryContext) {
  return {
    ...context.spec.options,
    baseline: context.referenceBaseline,
    validator: context.validator,
    users: context.users,
    ...(context.referenceFlagProfile ? { flagProfile: context.referenceFlagProfile } : {}),
  };
}

/** The in-process reference: a fresh ':memory:' inventory each time. */
async function inProcessReference(context: TargetFactoryContext): Promise<Target> {
  const { createInProcessTarget } = await import('../../src/targets/in-process.ts');
  return createInProcessTarget(referenceOptions(context));
}

/** The reference behind its HTTP gateway on an ephemeral port, delivering to a receiver of ours. */
async function referenceOverHttpTarget(context: TargetFactoryContext): Promise<Target> {
  const { referenceOverHttp } = await import('../../src/targets/http-target.ts');
  return referenceOverHttp(referenceOptions(context));
}

/**
 * An external endpoint. Target options pass through to externalHttpTarget: capabilities (a list,
 * or "discover" to ask its /control/capabilities), headers, timeoutMs, paths, and receiver
 * ({port, host, path}: where the endpoint is configured to deliver asynchronous responses).
 */
async function externalTarget(context: TargetFactoryContext): Promise<Target> {
  const { externalHttpTarget } = await import('../../src/targets/http-target.ts');
  const { receiver, ...rest } = (context.spec.options ?? {}) as Record<string, unknown> & { receiver?: Record<string, unknown> };
  if (!context.spec.url) throw new TargetFactoryError('an external target needs a URL');
  return externalHttpTarget({
    ...(rest as object),
    url: context.spec.url,
    receiver: receiver ? { ...receiver, validator: context.validator } : false,
  });
}

async function loadTargetModule(path: string): Promise<TargetModule> {
  const abs = isAbsolute(path) ? path : resolve(process.cwd(), path);
  let mod: Partial<TargetModule> & { default?: Partial<TargetModule> };
  try {
    mod = (await import(pathToFileURL(abs).href)) as typeof mod;
  } catch (e) {
    throw new TargetFactoryError(`cannot load target module ${abs}: ${(e as Error)?.message ?? String(e)}`);
  }
  const m = typeof mod.createTarget === 'function' ? mod : mod.default;
  if (!m || typeof m.createTarget !== 'function') throw new TargetFactoryError(`target module ${abs} does not export createTarget(context)`);
  return m as TargetModule;
}
