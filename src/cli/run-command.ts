// `sec-conformance run`: the conformance suite against a target, in this process through
// Cucumber's JavaScript API (loadConfiguration + runCucumber).
//
// Why in-process rather than spawning cucumber-js: this process already loads TypeScript (the
// bin registers tsx), so nothing depends on finding cucumber's binary or on NODE_OPTIONS; the
// options are checked (baselines, target, known deviations) before anything runs, with usage
// errors rather than a stack trace from deep inside a run; and the exit status comes from our
// own verdicts, not cucumber's: cucumber counts an EXPECTED FAIL as a failure and a known
// deviation that now passes as a success, which is the wrong way round for a conformance run.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import { Command, Option } from 'commander';
import { Baseline, BaselineError } from '../baseline.ts';
import { FLAG_PROFILES, parseFlagProfile, ServiceFlagOptionError } from '../service-flags.ts';
import type { ConformanceReport } from '../report/model.ts';
import { reportPaths } from '../report/writers.ts';
import { KnownDeviationsError, loadKnownDeviations } from '../runner/known-deviations.ts';
import { cucumberConfiguration, type RunSettings } from '../runner/profiles.ts';
import { parseTargetOption, WorldParametersError, type TargetSpec } from '../runner/world-parameters.ts';
import { loadUsersFile, userCredentials, UsersError, type DccUser } from '../users.ts';
import { ConfigFileError } from '../config/json-schema.ts';
import { loadKeysFile, type SigningSettings } from '../sign/signing-settings.ts';
import { loadTargetFile, runSettingsFromTargetFile } from '../targets/target-file.ts';
import { CliError, EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './cli-error.ts';

/** The project root: features/, steps/ and src/ are found here whatever the caller's directory. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunOptions {
  target?: string;
  targetFile?: string;
  targetOptions?: string;
  baseline?: string;
  referenceBaseline?: string;
  tags?: string;
  knownDeviations?: string;
  reports?: string;
  schemaDir?: string;
  users?: string;
  keys?: string;
  flagProfile?: string;
  referenceFlagProfile?: string;
  /** Support code globs instead of steps/**\/*.ts (for a fixture suite, say). */
  import?: string[];
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run the conformance suite against a target and report verdicts per requirement')
    .argument('[features...]', 'feature files or folders (default: the whole suite, features/)')
    .option('--target <target>', 'ref (in-process reference, the default), ref-http (reference over HTTP), an http(s):// URL of a DUIS endpoint, or module:<file> (your own adapter)')
    .option('--target-file <file>', 'JSON or YAML description of an external DUIS endpoint: URL, TLS, Users and keys, fixtures, time-outs, baseline, capabilities, known deviations (see README)')
    .option('--target-options <json>', 'JSON passed to the target adapter, e.g. {"capabilities":"discover","receiver":{"port":8081}} for a URL')
    .option('--baseline <spec>', 'modifications the target implements: all (default, or the target file\'s), none, MP178,MP125, all,-MP178 (picks @M or @before:M scenarios)')
    .option('--reference-baseline <spec>', 'how the reference behaves (default: the baseline)')
    .option('--tags <expr>', 'cucumber tag expression, ANDed with the baseline\'s selection')
    .option('--known-deviations <file>', 'YAML or JSON list of known deviations (scenario or requirement, reason, link)')
    .option('--reports <dir>', 'folder for conformance.json/.html, junit.xml, cucumber.html, messages.ndjson', 'reports')
    .option('--schema-dir <dir>', 'folder of another DUIS release\'s XSDs (default: $SEC_CONFORMANCE_SCHEMA_DIR, else bundled V5.1)')
    .option('--users <file>', 'JSON or YAML list of {name, id, roles, certificate?, key?} to act as, replacing DCC Boxed\'s test identities')
    .option('--keys <file>', 'JSON or YAML keys file: signing credentials, trusted DCC signers, whether responses must be signed (default: DCC Boxed\'s test keys)')
    .option('--flag-profile <name>', `MP077 reading the target is expected to follow: ${FLAG_PROFILES.join(' or ')} (picks @profile:<name> scenarios)`, 'legal-text')
    .option('--reference-flag-profile <name>', 'MP077 reading the reference follows (default: the flag profile)')
    .addOption(new Option('--import <glob>', 'support code to load instead of steps/**/*.ts (repeatable)').argParser(collect).hideHelp())
    .addHelpText(
      'after',
      '\nThe last line of output is "N passed, N failed" (passed: PASS and EXPECTED FAIL; failed: FAIL and ERROR;\n' +
        'NOT APPLICABLE is neither). Exit status: 0 nothing failed, 1 something failed or no scenario ran,\n2 bad usage, 3 the suite itself broke.',
    )
    .action(async (features: string[], options: RunOptions) => {
      process.exitCode = await runConformance(features, options, { stdout: process.stdout, stderr: process.stderr });
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export interface RunIo {
  stdout: Writable;
  stderr: Writable;
}

/** Build settings from CLI options; every mistake is a CliError (exit 2) before anything runs. */
export function settingsFromOptions(features: readonly string[], o: RunOptions, cwd: string = process.cwd()): RunSettings {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(cwd, p));
  // a target file gives everything about an external endpoint; the command line's own flags win
  let fromFile: Omit<RunSettings, 'reportsDir'> | undefined;
  if (o.targetFile !== undefined) {
    if (o.target !== undefined) throw new CliError('give either --target or --target-file, not both', EXIT_USAGE);
    if (o.targetOptions !== undefined) throw new CliError('--target-options does not go with --target-file: put the options in the file', EXIT_USAGE);
    try {
      fromFile = runSettingsFromTargetFile(loadTargetFile(abs(o.targetFile)), abs(o.targetFile));
    } catch (e) {
      if (e instanceof ConfigFileError || e instanceof UsersError) throw new CliError(e.message, EXIT_USAGE);
      throw e;
    }
  }
  let target: TargetSpec;
  try {
    target = fromFile?.target ?? parseTargetOption(o.target ?? 'ref');
  } catch (e) {
    throw new CliError((e as WorldParametersError).message, EXIT_USAGE);
  }
  if (target.kind === 'module') target = { ...target, module: abs(target.module!) };
  if (o.targetOptions !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(o.targetOptions);
    } catch (e) {
      throw new CliError(`--target-options is not JSON: ${(e as Error).message}`, EXIT_USAGE);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CliError('--target-options must be a JSON object', EXIT_USAGE);
    target = { ...target, options: parsed as Record<string, unknown> };
  }
  for (const [flag, spec] of [['--baseline', o.baseline], ['--reference-baseline', o.referenceBaseline]] as const) {
    if (spec === undefined) continue;
    try {
      Baseline.parse(spec);
    } catch (e) {
      if (e instanceof BaselineError) throw new CliError(`${flag}: ${e.message}`, EXIT_USAGE);
      throw e;
    }
  }
  const knownDeviations = o.knownDeviations !== undefined ? abs(o.knownDeviations) : fromFile?.knownDeviations;
  if (knownDeviations) {
    try {
      loadKnownDeviations(knownDeviations);
    } catch (e) {
      if (e instanceof KnownDeviationsError) throw new CliError(e.message, EXIT_USAGE);
      throw e;
    }
  }
  let users: DccUser[] | undefined = fromFile?.users;
  if (o.users !== undefined) {
    try {
      users = loadUsersFile(abs(o.users));
    } catch (e) {
      if (e instanceof UsersError) throw new CliError(e.message, EXIT_USAGE);
      throw e;
    }
  }
  let signing: SigningSettings | undefined = fromFile?.signing;
  if (o.keys !== undefined) {
    try {
      const keys = loadKeysFile(abs(o.keys));
      signing = { ...signing, ...keys, credentials: [...(keys.credentials ?? []), ...(signing?.credentials ?? [])] };
    } catch (e) {
      if (e instanceof ConfigFileError) throw new CliError(e.message, EXIT_USAGE);
      throw e;
    }
  }
  // a --users file's certificates sign for its Users (the target file's were counted already)
  const fromUsers = o.users !== undefined ? userCredentials(users ?? []) : [];
  if (fromUsers.length) signing = { ...signing, credentials: [...fromUsers, ...(signing?.credentials ?? [])] };
  for (const [flag, value] of [['--flag-profile', o.flagProfile], ['--reference-flag-profile', o.referenceFlagProfile]] as const) {
    if (value === undefined) continue;
    try {
      parseFlagProfile(value, flag);
    } catch (e) {
      if (e instanceof ServiceFlagOptionError) throw new CliError(e.message, EXIT_USAGE);
      throw e;
    }
  }
  const schemaDir = o.schemaDir !== undefined ? abs(o.schemaDir) : undefined;
  if (schemaDir && !existsSync(schemaDir)) throw new CliError(`--schema-dir ${schemaDir} does not exist`, EXIT_USAGE);
  const paths = features.map(abs);
  for (const p of paths) {
    if (!/[*?{[]/.test(p) && !existsSync(p.replace(/:\d+(:\d+)*$/, ''))) throw new CliError(`no such feature file or folder: ${p}`, EXIT_USAGE);
  }
  return {
    target,
    baseline: o.baseline ?? fromFile?.baseline ?? 'all',
    ...(fromFile?.deliveryTimeoutMs ? { deliveryTimeoutMs: fromFile.deliveryTimeoutMs } : {}),
    ...(fromFile?.settleMs ? { settleMs: fromFile.settleMs } : {}),
    ...(fromFile?.codes ? { codes: fromFile.codes } : {}),
    ...(o.referenceBaseline !== undefined ? { referenceBaseline: o.referenceBaseline } : {}),
    ...(o.tags ? { tags: o.tags } : {}),
    reportsDir: abs(o.reports ?? 'reports'),
    ...(knownDeviations ? { knownDeviations } : {}),
    ...(schemaDir ? { schemaDir } : {}),
    ...(users ? { users } : {}),
    ...(signing ? { signing } : {}),
    ...(o.flagProfile !== undefined ? { flagProfile: parseFlagProfile(o.flagProfile) } : {}),
    ...(o.referenceFlagProfile !== undefined ? { referenceFlagProfile: parseFlagProfile(o.referenceFlagProfile) } : {}),
    ...(paths.length ? { paths } : {}),
    ...(o.import?.length ? { import: o.import.map(abs) } : {}),
  };
}

/** Run the suite; resolves to the exit status. The last line written to stdout is "N passed, N failed". */
export async function runConformance(features: readonly string[], options: RunOptions, io: RunIo): Promise<number> {
  const settings = settingsFromOptions(features, options);
  const { loadConfiguration, runCucumber } = await import('@cucumber/cucumber/api');
  const environment = { cwd: PROJECT_ROOT, stdout: io.stdout, stderr: io.stderr, env: process.env };
  const report = reportPaths(settings.reportsDir!).json;
  // never read a previous run's verdicts
  rmSync(report, { force: true });
  try {
    const { runConfiguration } = await loadConfiguration({ file: false, provided: cucumberConfiguration(settings) }, environment);
    await runCucumber(runConfiguration, environment);
  } catch (e) {
    io.stderr.write(`sec-conformance: the run could not complete: ${(e as Error)?.stack ?? String(e)}\n`);
    io.stdout.write('0 passed, 1 failed\n');
    return EXIT_INTERNAL;
  }
  let result: ConformanceReport;
  try {
    result = JSON.parse(readFileSync(report, 'utf8')) as ConformanceReport;
  } catch (e) {
    io.stderr.write(`sec-conformance: no conformance report at ${report}: ${(e as Error).message}\n`);
    io.stdout.write('0 passed, 1 failed\n');
    return EXIT_INTERNAL;
  }
  const total = Object.values(result.counts).reduce((n, c) => n + c, 0);
  if (result.failed > 0) return EXIT_FAILED;
  if (total === 0) {
    io.stderr.write('sec-conformance: no scenario ran; check the feature paths, --tags and --baseline\n');
    return EXIT_FAILED;
  }
  return EXIT_OK;
}
