// What a run tells the World (cucumber's --world-parameters): which target, which baselines,
// which schema. Parsed and checked once per scenario so a typo fails loudly, naming the key.
import { Baseline } from '../baseline.ts';
import { DEFAULT_GENERIC_CODES, type GenericCodes } from '../duis/generic-codes.ts';
import { DEFAULT_FLAG_PROFILE, parseFlagProfile, type FlagProfile } from '../service-flags.ts';
import { parseUsers, type DccUser } from '../users.ts';
import { SIGNING_SCHEMA, type SigningSettings } from '../sign/signing-settings.ts';
import { checkAgainstSchema } from '../config/json-schema.ts';

/**
 * ref: the reference SMI in this process, fresh per scenario.
 * ref-http: the reference behind a local HTTP server, fresh per scenario.
 * external: a DUIS endpoint at `url`, one for the whole run.
 * module: a Target adapter of your own: `module` exports createTarget(context) (see target-factory.ts).
 */
export type TargetKind = 'ref' | 'ref-http' | 'external' | 'module';

export interface TargetSpec {
  kind: TargetKind;
  url?: string;
  module?: string;
  /** Passed through to the adapter. */
  options?: Record<string, unknown>;
  /** The target file the spec came from, for reports. */
  file?: string;
}

export interface WorldParameters {
  target?: TargetSpec;
  /** Modifications the target is expected to implement ("all", "none", "MP178,MP125", "all,-MP178"). */
  baseline?: string;
  /** How the reference behaves; default the baseline. A different one proves the suite tells the two sides apart. */
  referenceBaseline?: string;
  /** Folder of another DUIS release's XSDs. */
  schemaDir?: string;
  /** The known-deviations file (informational here: the conformance formatter reads it from formatOptions). */
  knownDeviations?: string;
  /** Default wait for an asynchronous delivery, in milliseconds. */
  deliveryTimeoutMs?: number;
  /** How long to give an outcome that may never come (a lost response) before moving on, in milliseconds. */
  settleMs?: number;
  /** Replace the default DCC Users. */
  users?: DccUser[];
  /** Response codes for failures DUIS names only in general terms, where the target's differ from ours. */
  codes?: Partial<GenericCodes>;
  /** Keys the suite signs with and verifies against (absolute paths); default DCC Boxed's test set. */
  signing?: SigningSettings;
  /** Which reading of MP077 the suite expects: legal-text (default) or dsp-assessment. */
  flagProfile?: string;
  /** Which reading the reference follows; default flagProfile. */
  referenceFlagProfile?: string;
  /** The run's reports folder; steps that keep evidence of their own (SSI screenshots) write under it. */
  reportsDir?: string;
}

export interface ResolvedWorldParameters {
  target: TargetSpec;
  baseline: Baseline;
  referenceBaseline: Baseline;
  schemaDir?: string;
  knownDeviations?: string;
  deliveryTimeoutMs: number;
  settleMs: number;
  users?: DccUser[];
  codes: GenericCodes;
  signing: SigningSettings;
  flagProfile: FlagProfile;
  referenceFlagProfile: FlagProfile;
  reportsDir: string;
}

export class WorldParametersError extends Error {}

export const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;
export const DEFAULT_SETTLE_MS = 2_000;

const TARGET_KINDS: readonly TargetKind[] = ['ref', 'ref-http', 'external', 'module'];
const KEYS = new Set(['target', 'baseline', 'referenceBaseline', 'schemaDir', 'knownDeviations', 'deliveryTimeoutMs', 'settleMs', 'users', 'codes', 'signing', 'flagProfile', 'referenceFlagProfile', 'reportsDir']);

export function resolveWorldParameters(raw: unknown): ResolvedWorldParameters {
  const p = (raw ?? {}) as Record<string, unknown>;
  if (typeof p !== 'object' || Array.isArray(p)) throw new WorldParametersError('world parameters must be a JSON object');
  for (const k of Object.keys(p)) {
    if (!KEYS.has(k)) throw new WorldParametersError(`unknown world parameter "${k}" (known: ${[...KEYS].join(', ')})`);
  }
  const target = checkTarget(p['target'] ?? { kind: 'ref' });
  const baseline = Baseline.parse(optString(p, 'baseline') ?? 'all');
  const ref = optString(p, 'referenceBaseline');
  const referenceBaseline = ref !== undefined ? Baseline.parse(ref) : baseline;
  const timeout = optPositive(p, 'deliveryTimeoutMs');
  const settle = optPositive(p, 'settleMs');
  const schemaDir = optString(p, 'schemaDir');
  const knownDeviations = optString(p, 'knownDeviations');
  const users = p['users'] !== undefined ? checkUsers(p['users']) : undefined;
  const codes = checkCodes(p['codes']);
  const signing = checkSigning(p['signing']);
  const flagProfile = checkFlagProfile(optString(p, 'flagProfile') ?? DEFAULT_FLAG_PROFILE, 'flagProfile');
  const refProfile = optString(p, 'referenceFlagProfile');
  const referenceFlagProfile = refProfile !== undefined ? checkFlagProfile(refProfile, 'referenceFlagProfile') : flagProfile;
  return {
    target,
    baseline,
    referenceBaseline,
    ...(schemaDir ? { schemaDir } : {}),
    ...(knownDeviations ? { knownDeviations } : {}),
    deliveryTimeoutMs: timeout ?? DEFAULT_DELIVERY_TIMEOUT_MS,
    settleMs: settle ?? DEFAULT_SETTLE_MS,
    ...(users ? { users } : {}),
    codes,
    signing,
    flagProfile,
    referenceFlagProfile,
    reportsDir: optString(p, 'reportsDir') ?? 'reports',
  };
}

function checkSigning(s: unknown): SigningSettings {
  if (s === undefined || s === null) return {};
  try {
    return checkAgainstSchema<SigningSettings>(s, SIGNING_SCHEMA, 'world parameter "signing"');
  } catch (e) {
    throw new WorldParametersError((e as Error).message);
  }
}

function checkFlagProfile(v: string, key: string): FlagProfile {
  try {
    return parseFlagProfile(v, `world parameter "${key}"`);
  } catch (e) {
    throw new WorldParametersError((e as Error).message);
  }
}

function checkTarget(t: unknown): TargetSpec {
  if (typeof t !== 'object' || t === null) throw new WorldParametersError('world parameter "target" must be an object like {"kind": "ref"}');
  const o = t as Record<string, unknown>;
  const kind = o['kind'];
  if (typeof kind !== 'string' || !(TARGET_KINDS as readonly string[]).includes(kind)) {
    throw new WorldParametersError(`target kind must be one of ${TARGET_KINDS.join(', ')}; got ${JSON.stringify(kind)}`);
  }
  const url = optString(o, 'url');
  const module = optString(o, 'module');
  const file = optString(o, 'file');
  if (kind === 'external' && !url) throw new WorldParametersError('an external target needs "url": the DUIS endpoint, e.g. http://dcc-boxed.local:8079');
  if (kind === 'module' && !module) throw new WorldParametersError('a module target needs "module": the path of a file exporting createTarget');
  const options = o['options'];
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new WorldParametersError('target "options" must be an object');
  }
  return {
    kind: kind as TargetKind,
    ...(url ? { url } : {}),
    ...(module ? { module } : {}),
    ...(options ? { options: options as Record<string, unknown> } : {}),
    ...(file ? { file } : {}),
  };
}

function checkUsers(u: unknown): DccUser[] {
  try {
    return parseUsers(u, 'world parameter "users"');
  } catch (e) {
    throw new WorldParametersError((e as Error).message);
  }
}

function checkCodes(c: unknown): GenericCodes {
  if (c === undefined || c === null) return { ...DEFAULT_GENERIC_CODES };
  if (typeof c !== 'object' || Array.isArray(c)) throw new WorldParametersError('world parameter "codes" must be an object, e.g. {"roleNotEligible": "E2"}');
  const out: GenericCodes = { ...DEFAULT_GENERIC_CODES };
  for (const [k, v] of Object.entries(c)) {
    if (!(k in DEFAULT_GENERIC_CODES)) throw new WorldParametersError(`unknown response code name "${k}" in "codes" (known: ${Object.keys(DEFAULT_GENERIC_CODES).join(', ')})`);
    if (typeof v !== 'string' || !/^[IEW]\d+$/.test(v)) throw new WorldParametersError(`codes.${k} must be a response code like E4; got ${JSON.stringify(v)}`);
    out[k as keyof GenericCodes] = v;
  }
  return out;
}

function optPositive(o: Record<string, unknown>, key: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new WorldParametersError(`world parameter "${key}" must be a positive number of milliseconds`);
  return v;
}

function optString(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new WorldParametersError(`world parameter "${key}" must be a string`);
  return v;
}

/**
 * The CLI's --target value: "ref", "ref-http", an http(s) URL (an external target), or
 * "module:<path>" (your own adapter).
 */
export function parseTargetOption(value: string): TargetSpec {
  const v = value.trim();
  if (v === 'ref' || v === 'ref-http') return { kind: v };
  if (/^https?:\/\//i.test(v)) return { kind: 'external', url: v };
  if (v.startsWith('module:') && v.length > 'module:'.length) return { kind: 'module', module: v.slice('module:'.length) };
  throw new WorldParametersError(`--target must be ref, ref-http, an http(s):// URL or module:<path>; got "${value}"`);
}

/** One line for the report's header. */
export function describeTarget(t: TargetSpec): string {
  switch (t.kind) {
    case 'ref':
      return 'reference SMI (in-process)';
    case 'ref-http':
      return 'reference SMI over HTTP';
    case 'external':
      return `external DUIS endpoint ${t.url}${t.file ? ` (target file ${t.file})` : ''}`;
    case 'module':
      return `adapter module ${t.module}`;
  }
}
