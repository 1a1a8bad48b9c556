// `sec-conformance serve`: the reference DSP over HTTP at DCC Boxed's paths, for a User system
// (or another copy of this suite, as an external target) to talk DUIS to. Runs until SIGINT or
// SIGTERM, then closes the gateway, the deliveries and the database, and exits 0.
import { Command, InvalidArgumentError, Option } from 'commander';
import { startReferenceServer, type ReferenceFactory, type ReferenceServer } from '../../reference-impl/gateway/reference-server.ts';
import { SCHEMA_DIR_ENV } from '../../schemas/locate.ts';
import { Baseline, BaselineError } from '../baseline.ts';
import { FLAG_PROFILES, parseFlagProfile, ServiceFlagOptionError, type FlagProfile } from '../service-flags.ts';
import { DEFAULT_MAX_BYTES, DuisValidator } from '../validation/validator.ts';
import { loadUsersFile, userCredentials, UserDirectory, UsersError } from '../users.ts';
import { ConfigFileError } from '../config/json-schema.ts';
import type { DuisSigning } from '../sign/duis-signing.ts';
import { KeyStoreError } from '../sign/key-store.ts';
import { buildSigning, loadKeysFile } from '../sign/signing-settings.ts';
import { loadWanCoverageFile, WanCoverageError, type WanCoverageEntry } from '../wan-coverage.ts';
import { loadSsiCredentialsFile, SsiAccountsError, type SsiCredential } from '../../reference-impl/ssi/accounts.ts';
import { readTlsFiles, TlsFilesError, type TlsMaterial } from '../targets/tls-files.ts';
import type { ServerTls } from '../targets/receiver.ts';
import { CliError, EXIT_USAGE } from './cli-error.ts';

/** DCC Boxed's DUIS port. */
export const DEFAULT_SERVE_PORT = 8079;

export interface ServeOptions {
  port: number;
  host: string;
  db?: string;
  baseline?: string;
  deliverTo?: string;
  control?: boolean;
  schemaDir?: string;
  users?: string;
  keys?: string;
  wanCoverage?: string;
  ssiAccounts?: string;
  maxBytes: number;
  flagProfile?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  deliverCa?: string;
  deliverCert?: string;
  deliverKey?: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the reference DSP: DUIS over HTTP at /api/v1/serviceD, /serviceS and /serviceT')
    .addOption(new Option('--port <n>', 'TCP port; 0 picks a free one').argParser(port).default(DEFAULT_SERVE_PORT))
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--db <file>', 'SQLite file for the reference SMI; kept across restarts (default: in memory)')
    .option('--baseline <spec>', 'SEC modifications applied: all, none, MP178,MP125, all,-MP178, ...', 'all')
    .option('--deliver-to <url>', "User endpoint for asynchronous responses and alerts (e.g. http://127.0.0.1:8080/smartdcc/duis)")
    .option('--control', 'also serve the test controls under /control (fault injection, comms hubs, clock); never expose these')
    .option('--users <file>', "JSON or YAML list of {name, id, roles} the reference recognises, replacing DCC Boxed's test identities")
    .option('--keys <file>', "JSON or YAML keys file: the Users' certificates requests are checked against and the DSP key responses are signed with (default: DCC Boxed's test keys)")
    .option('--wan-coverage <file>', 'JSON or YAML SM WAN coverage data 12.1 answers from (default: the reference\'s own reference-impl/data/wan-coverage.json)')
    .option('--ssi-accounts <file>', 'JSON or YAML list of {user, login, password} for the Self-Service Interface (default: one per User, login = User ID, a random password printed at start)')
    .option('--schema-dir <dir>', `folder of a DUIS release's XSDs (default: $${SCHEMA_DIR_ENV}, else the bundled DUIS V5.1)`)
    .option('--flag-profile <name>', `MP077 reading the reference follows for DCC Service Flags: ${FLAG_PROFILES.join(' or ')}`, 'legal-text')
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (with --tls-key)')
    .option('--tls-key <file>', 'the PEM private key of --tls-cert')
    .option('--tls-ca <file>', 'require client certificates signed by this PEM CA (mutual TLS; needs --tls-cert)')
    .option('--deliver-ca <file>', 'trust this PEM CA for an https --deliver-to endpoint')
    .option('--deliver-cert <file>', 'present this PEM client certificate to an https --deliver-to endpoint (with --deliver-key)')
    .option('--deliver-key <file>', 'the PEM private key of --deliver-cert')
    .addOption(new Option('--max-bytes <n>', 'largest request body read; larger ones are refused with 413').argParser(positiveInteger).default(DEFAULT_MAX_BYTES))
    .addHelpText('after', '\nPrints "listening on URL" once ready. SIGINT/SIGTERM stop it cleanly (exit 0).')
    .action(async (options: ServeOptions) => {
      await runServe(options);
    });
}

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('expected a port number, 0 to 65535');
  return n;
}

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('expected a whole number of bytes, at least 1');
  }
  return Number(value);
}

/** --tls-cert, --tls-key and --tls-ca, read and checked (HTTPS is all or nothing: both files or neither). */
function serverTls(options: ServeOptions): ServerTls | undefined {
  const { tlsCert: cert, tlsKey: key, tlsCa: ca } = options;
  if (cert === undefined && key === undefined && ca === undefined) return undefined;
  if (cert === undefined || key === undefined) throw new CliError(`HTTPS needs both --tls-cert and --tls-key${ca !== undefined ? ' (--tls-ca only adds client certificates)' : ''}`, EXIT_USAGE);
  try {
    const m = readTlsFiles({ cert, key, ...(ca !== undefined ? { ca } : {}) }, (field) => `--tls-${field}`);
    return { cert: m.cert!, key: m.key!, ...(m.ca ? { ca: m.ca } : {}) };
  } catch (e) {
    if (e instanceof TlsFilesError) throw new CliError(e.message, EXIT_USAGE);
    throw e;
  }
}

/** --deliver-ca, --deliver-cert and --deliver-key, read and checked; only for an https --deliver-to. */
function deliveryTls(options: ServeOptions): TlsMaterial | undefined {
  const { deliverCa: ca, deliverCert: cert, deliverKey: key } = options;
  if (ca === undefined && cert === undefined && key === undefined) return undefined;
  if (!options.deliverTo?.startsWith('https:')) throw new CliError('--deliver-ca, --deliver-cert and --deliver-key need an https --deliver-to', EXIT_USAGE);
  if ((cert === undefined) !== (key === undefined)) throw new CliError('a client certificate for deliveries needs both --deliver-cert and --deliver-key', EXIT_USAGE);
  try {
    return readTlsFiles({ ...(ca !== undefined ? { ca } : {}), ...(cert !== undefined ? { cert } : {}), ...(key !== undefined ? { key } : {}) }, (field) => `--deliver-${field}`);
  } catch (e) {
    if (e instanceof TlsFilesError) throw new CliError(e.message, EXIT_USAGE);
    throw e;
  }
}

/**
 * Start serving; resolves once a signal has stopped the server and everything is closed.
 * `createSmi` replaces the reference (tests run the command around a stub).
 */
export async function runServe(options: ServeOptions, createSmi?: ReferenceFactory): Promise<void> {
  let baseline: Baseline;
  try {
    baseline = Baseline.parse(options.baseline);
  } catch (e) {
    if (e instanceof BaselineError) throw new CliError(e.message, EXIT_USAGE);
    throw e;
  }
  let flagProfile: FlagProfile;
  try {
    flagProfile = parseFlagProfile(options.flagProfile, '--flag-profile');
  } catch (e) {
    if (e instanceof ServiceFlagOptionError) throw new CliError(e.message, EXIT_USAGE);
    throw e;
  }
  if (options.deliverTo !== undefined) {
    let ok = false;
    try {
      ok = /^https?:$/.test(new URL(options.deliverTo).protocol);
    } catch {
      // reported below
    }
    if (!ok) throw new CliError(`--deliver-to ${JSON.stringify(options.deliverTo)} is not an http(s) URL`, EXIT_USAGE);
  }
  let users: UserDirectory | undefined;
  if (options.users !== undefined) {
    try {
      users = new UserDirectory(loadUsersFile(options.users));
    } catch (e) {
      if (e instanceof UsersError) throw new CliError(e.message, EXIT_USAGE);
      throw e;
    }
  }
  let signing: DuisSigning;
  try {
    const fromFile = options.keys !== undefined ? loadKeysFile(options.keys) : {};
    // certificates given with the users are theirs to be checked against
    const credentials = [...userCredentials(users?.all() ?? []), ...(fromFile.credentials ?? [])];
    signing = await buildSigning({ ...fromFile, ...(credentials.length ? { credentials } : {}) });
  } catch (e) {
    if (e instanceof ConfigFileError || e instanceof KeyStoreError) throw new CliError(e.message, EXIT_USAGE);
    throw e;
  }
  let wanCoverage: WanCoverageEntry[] | undefined;
  if (options.wanCoverage !== undefined) {
    try {
      wanCoverage = loadWanCoverageFile(options.wanCoverage);
    } catch (e) {
      if (e instanceof WanCoverageError) throw new CliError(e.message, EXIT_USAGE);
      throw e;
    }
  }
  let ssiAccounts: SsiCredential[] | undefined;
  if (options.ssiAccounts !== undefined) {
    try {
      ssiAccounts = loadSsiCredentialsFile(options.ssiAccounts);
    } catch (e) {
      if (e instanceof SsiAccountsError) throw new CliError(e.message, EXIT_USAGE);
      throw e;
    }
  }
  const tls = serverTls(options);
  const deliverTls = deliveryTls(options);
  let validator: DuisValidator;
  try {
    validator = await DuisValidator.load({ ...(options.schemaDir !== undefined ? { schemaDir: options.schemaDir } : {}), maxBytes: options.maxBytes });
  } catch (e) {
    throw new CliError(`cannot use the DUIS schema: ${(e as Error)?.message ?? String(e)}`, EXIT_USAGE);
  }

  const log = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  let server: ReferenceServer;
  try {
    server = await startReferenceServer({
      baseline,
      validator,
      signing,
      flagProfile,
      ...(options.db !== undefined ? { dbFile: options.db } : {}),
      ...(users ? { users } : {}),
      ...(wanCoverage ? { wanCoverage } : {}),
      ...(ssiAccounts ? { ssiAccounts } : {}),
      ...(options.deliverTo !== undefined ? { deliverTo: options.deliverTo } : {}),
      ...(deliverTls ? { delivery: { tls: deliverTls } } : {}),
      host: options.host,
      port: options.port,
      maxBytes: options.maxBytes,
      control: options.control ?? false,
      ...(tls ? { tls } : {}),
      log,
      ...(createSmi ? { createSmi } : {}),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new CliError(`port ${options.port} on ${options.host} is already in use`, EXIT_USAGE);
    if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND' || err.code === 'EACCES') {
      throw new CliError(`cannot listen on ${options.host}:${options.port}: ${err.code}`, EXIT_USAGE);
    }
    throw new CliError(`cannot start the reference DSP: ${err?.message ?? String(e)}`, EXIT_USAGE);
  }

  process.stdout.write(`listening on ${server.url}\n`);
  log(
    `reference DSP: baseline ${baseline}, flag profile ${flagProfile}, schema ${validator.schemaSet.label}, db ${options.db ?? '(in memory)'}, ` +
      `${tls ? `TLS ${tls.ca ? 'with client certificates signed by --tls-ca' : 'without client certificates'}, ` : ''}deliveries ${options.deliverTo ?? '(none)'}, WAN coverage ${options.wanCoverage ?? '(built-in)'}, controls ${options.control ? `on at ${server.url}/control` : 'off'}`,
  );
  const ssi = server.smi.ssi;
  if (ssi) {
    log(`Self-Service Interface: ${server.url}/ssi (sign in at ${server.url}/ssi/login)`);
    // generated passwords exist only in this process: say them once, or nobody could sign in
    if (!ssiAccounts) for (const a of ssi.credentials()) log(`  SSI account: login ${a.login}  password ${a.password}`);
  }
  if (options.control && !/^(127\.|::1$|localhost$)/.test(options.host)) {
    log(`warning: test controls are reachable by anyone who can reach ${options.host}`);
  }

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        log(`${signal} again: exiting without waiting`);
        process.exit(1);
      }
      stopping = true;
      log(`${signal}: closing`);
      server.close().then(
        () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        },
        (e: unknown) => {
          log(`error while closing: ${(e as Error)?.message ?? String(e)}`);
          process.exitCode = 1;
          resolve();
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
