// One place that turns run settings (target, baselines, tags, reports folder, known deviations)
// into a Cucumber configuration. cucumber.mjs builds its profiles with it from environment
// variables; `sec-conformance run` builds its configuration with it from command-line options.
// Paths are relative to the project root, which is the working directory of every run.
import type { DccUser } from '../users.ts';
import type { SigningSettings } from '../sign/signing-settings.ts';
import type { IConfiguration } from '@cucumber/cucumber/api';
import { Baseline } from '../baseline.ts';
import { DEFAULT_FLAG_PROFILE, FLAG_PROFILES, parseFlagProfile, profileTag, type FlagProfile } from '../service-flags.ts';
import type { ConformanceFormatOptions } from '../report/formatter.ts';
import { describeTarget, type TargetSpec, type WorldParameters } from './world-parameters.ts';

export interface RunSettings {
  target: TargetSpec;
  /** What the suite expects of the target; default "all". */
  baseline?: string;
  /** How the reference behaves; default the baseline. */
  referenceBaseline?: string;
  /** The user's tag expression, ANDed with the baseline's. */
  tags?: string;
  /** Default "reports". */
  reportsDir?: string;
  knownDeviations?: string;
  schemaDir?: string;
  /** Feature files or folders; default features/. */
  paths?: string[];
  /** Support code globs; default steps/**\/*.ts (the World, hooks and every step file). */
  import?: string[];
  deliveryTimeoutMs?: number;
  /** Users to act as (and, for the reference, to recognise); default DCC Boxed's identities. */
  users?: DccUser[];
  /** Keys to sign and verify with (absolute paths); default DCC Boxed's test keys. */
  signing?: SigningSettings;
  /** Default wait for a time-out-prone outcome, in milliseconds. */
  settleMs?: number;
  /** Response codes where the target's differ from the suite's defaults. */
  codes?: Record<string, string>;
  /** Which reading of MP077 the suite expects (selects @profile:<name> scenarios); default legal-text. */
  flagProfile?: string;
  /** Which reading the reference follows; default the flag profile. */
  referenceFlagProfile?: string;
}

export const DEFAULT_PATHS = ['features/**/*.feature'];
export const DEFAULT_IMPORT = ['steps/**/*.ts'];
export const FORMATTER_MODULE = './src/report/formatter.ts';

/** The baseline's side selection (and the flag profile's, when given) ANDed with the user's own tag expression. */
export function selectionTags(baseline: Baseline, userTags?: string, flagProfile?: FlagProfile): string {
  const user = userTags?.trim();
  const sides = flagProfile ? `${baseline.tagExpression()} and ${profileTagExpression(flagProfile)}` : baseline.tagExpression();
  return user ? `(${sides}) and (${user})` : sides;
}

/** Drops the scenarios whose expectation belongs to another MP077 reading. */
export function profileTagExpression(flagProfile: FlagProfile): string {
  return FLAG_PROFILES.filter((p) => p !== flagProfile).map((p) => `not ${profileTag(p)}`).join(' and ');
}

export function cucumberConfiguration(s: RunSettings): Partial<IConfiguration> {
  const baseline = Baseline.parse(s.baseline ?? 'all');
  const referenceBaseline = s.referenceBaseline !== undefined ? Baseline.parse(s.referenceBaseline) : baseline;
  const reports = s.reportsDir ?? 'reports';
  const flagProfile = parseFlagProfile(s.flagProfile ?? DEFAULT_FLAG_PROFILE);
  const referenceFlagProfile = s.referenceFlagProfile !== undefined ? parseFlagProfile(s.referenceFlagProfile) : flagProfile;
  const tags = selectionTags(baseline, s.tags, flagProfile);
  const world: WorldParameters = {
    target: s.target,
    baseline: baseline.toString(),
    referenceBaseline: referenceBaseline.toString(),
    ...(s.schemaDir ? { schemaDir: s.schemaDir } : {}),
    ...(s.knownDeviations ? { knownDeviations: s.knownDeviations } : {}),
    ...(s.deliveryTimeoutMs ? { deliveryTimeoutMs: s.deliveryTimeoutMs } : {}),
    ...(s.users ? { users: s.users } : {}),
    ...(s.signing ? { signing: s.signing } : {}),
    ...(s.settleMs ? { settleMs: s.settleMs } : {}),
    ...(s.codes ? { codes: s.codes } : {}),
    ...(s.flagProfile !== undefined ? { flagProfile } : {}),
    ...(s.referenceFlagProfile !== undefined ? { referenceFlagProfile } : {}),
    ...(s.reportsDir ? { reportsDir: s.reportsDir } : {}),
  };
  const conformance: ConformanceFormatOptions = {
    reportsDir: reports,
    ...(s.knownDeviations ? { knownDeviations: s.knownDeviations } : {}),
    run: {
      target: describeTarget(s.target),
      baseline: baseline.toString(),
      referenceBaseline: referenceBaseline.toString(),
      tags,
      flagProfile,
      ...(referenceFlagProfile !== flagProfile ? { referenceFlagProfile } : {}),
      ...(s.knownDeviations ? { knownDeviations: s.knownDeviations } : {}),
      ...(s.schemaDir ? { schema: s.schemaDir } : {}),
    },
  };
  return {
    paths: s.paths?.length ? s.paths : DEFAULT_PATHS,
    import: s.import?.length ? s.import : DEFAULT_IMPORT,
    tags,
    format: [
      ['html', `${reports}/cucumber.html`],
      // JUnit comes from our verdicts (src/report/junit.ts: junit.xml), not cucumber's statuses
      ['message', `${reports}/messages.ndjson`],
      // the only formatter on stdout: its last line is "N passed, N failed"
      FORMATTER_MODULE,
    ],
    formatOptions: { conformance: conformance as unknown as IConfiguration['formatOptions'] },
    worldParameters: world as unknown as IConfiguration['worldParameters'],
  };
}

/**
 * cucumber.mjs's profiles. default: the in-process reference; ref-http: the reference over HTTP;
 * external: the endpoint in $SEC_CONFORMANCE_TARGET_URL. Baselines, reports folder, known
 * deviations and schema come from SEC_CONFORMANCE_* variables (see the README).
 */
export function profilesFromEnv(env: Record<string, string | undefined>): Record<string, Partial<IConfiguration>> {
  const common: Omit<RunSettings, 'target'> = {
    ...(env['SEC_CONFORMANCE_BASELINE'] ? { baseline: env['SEC_CONFORMANCE_BASELINE'] } : {}),
    ...(env['SEC_CONFORMANCE_REFERENCE_BASELINE'] ? { referenceBaseline: env['SEC_CONFORMANCE_REFERENCE_BASELINE'] } : {}),
    ...(env['SEC_CONFORMANCE_REPORTS'] ? { reportsDir: env['SEC_CONFORMANCE_REPORTS'] } : {}),
    ...(env['SEC_CONFORMANCE_KNOWN_DEVIATIONS'] ? { knownDeviations: env['SEC_CONFORMANCE_KNOWN_DEVIATIONS'] } : {}),
    ...(env['SEC_CONFORMANCE_SCHEMA_DIR'] ? { schemaDir: env['SEC_CONFORMANCE_SCHEMA_DIR'] } : {}),
    ...(env['SEC_CONFORMANCE_FLAG_PROFILE'] ? { flagProfile: env['SEC_CONFORMANCE_FLAG_PROFILE'] } : {}),
  };
  const url = env['SEC_CONFORMANCE_TARGET_URL'];
  return {
    default: cucumberConfiguration({ ...common, target: { kind: 'ref' } }),
    'ref-http': cucumberConfiguration({ ...common, target: { kind: 'ref-http' } }),
    // without a URL the World names the missing setting on the first scenario
    external: cucumberConfiguration({ ...common, target: url ? { kind: 'external', url } : ({ kind: 'external' } as TargetSpec) }),
  };
}
