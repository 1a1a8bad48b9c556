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
import type { DuisSigning } from '../../src/sign/duis-signing.ts';
import type { ExternalTargetOptions } from '../../src/targets/target-file.ts';
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
  /** The suite's keys: a reference target checks and signs with the same ones. */
  signing: DuisSigning;
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
    signing: context.signing,
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
  return referenceOverHttp({ ...referenceOptions(context), verifyDelivery: deliveryCheck(context) });
}

/**
 * An external endpoint. Target options (src/targets/target-file.ts ExternalTargetOptions, which a
 * target file fills in) pass through to externalHttpTarget: name, capabilities (a list, or
 * "discover" to ask its /control/capabilities), controlUrl, headers, timeouts, paths, TLS files,
 * fixtures, and receiver ({port, host, path, tls}: where the endpoint delivers asynchronous responses);
 * wanCoverage (a coverage file, or its entries) tells the suite what 12.1 should answer.
 */
async function externalTarget(context: TargetFactoryContext): Promise<Target> {
  const { externalHttpTarget } = await import('../../src/targets/http-target.ts');
  const { FixturePool } = await import('../../src/targets/fixtures.ts');
  const { readTlsFiles, TlsFilesError } = await import('../../src/targets/tls-files.ts');
  const { receiver, tls, fixtures, wanCoverage, ...rest } = (context.spec.options ?? {}) as ExternalTargetOptions & { wanCoverage?: string | unknown[] };
  if (!context.spec.url) throw new TargetFactoryError('an external target needs a URL');
  // every TLS file is read and checked before the first connection, its problem naming setting and file
  const where = context.spec.file ? `target file ${context.spec.file}: ` : '';
  const read = (files: typeof tls, prefix: string) => {
    try {
      return readTlsFiles(files ?? {}, (field) => `${where}${prefix}.${field}`);
    } catch (e) {
      throw e instanceof TlsFilesError ? new TargetFactoryError(e.message) : e;
    }
  };
  // the receiver over HTTPS: its own certificate and key, and with a CA, mutual TLS
  const { tls: receiverFiles, ...receiverAt } = receiver ?? {};
  if (receiverFiles && (!receiverFiles.cert || !receiverFiles.key)) throw new TargetFactoryError(`${where}receiver.tls needs both cert and key`);
  const receiverTls = receiverFiles ? read(receiverFiles, 'receiver.tls') : undefined;
  const target = await externalHttpTarget({
    ...rest,
    url: context.spec.url,
    ...(tls ? { tls: { ...read(tls, 'tls'), ...(tls.rejectUnauthorized !== undefined ? { rejectUnauthorized: tls.rejectUnauthorized } : {}) } } : {}),
    ...(fixtures ? { fixtures: new FixturePool(fixtures, context.spec.file ?? 'the target options') } : {}),
    receiver: receiver
      ? { ...receiverAt, ...(receiverTls ? { tls: { cert: receiverTls.cert!, key: receiverTls.key!, ...(receiverTls.ca ? { ca: receiverTls.ca } : {}) } } : {}), validator: context.validator, verify: deliveryCheck(context) }
      : false,
  });
  // the endpoint must be configured to deliver here; say where once, at the start of the run
  if (target.receiverUrl) process.stderr.write(`sec-conformance: receiving asynchronous responses and alerts for ${target.name} at ${target.receiverUrl}\n`);
  if (wanCoverage === undefined) return target;
  // the suite's expectations for 12.1: what the target's CSP data says (see with-wan-coverage.ts)
  const { withWanCoverage } = await import('../../src/targets/with-wan-coverage.ts');
  try {
    return withWanCoverage(target, wanCoverage);
  } catch (e) {
    await target.close();
    throw e;
  }
}

/** Deliveries with a bad signature are refused at the receiver's door (400), as DCC Boxed's client does. */
function deliveryCheck(context: TargetFactoryContext): (xml: string) => string | undefined {
  return (xml) => {
    const r = context.signing.checkResponse(xml);
    return r.ok ? undefined : `signature: ${r.reason}`;
  };
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
