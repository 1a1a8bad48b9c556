// A target file describes one external DUIS endpoint completely, so that certifying it takes
// nothing but `sec-conformance run --target-file FILE`: where it is and how to reach it, who to
// act as and with which keys, what it already holds (it cannot be reset), how long to wait, which
// modifications its baseline has, what it offers beyond DUIS and which deviations it is known to
// have. JSON or YAML, checked against a JSON Schema (ajv); file paths are relative to the file.
// README.md, "Target files", documents every key with an example.
import { dirname, isAbsolute, resolve } from 'node:path';
import { Baseline, BaselineError } from '../baseline.ts';
import { checkAgainstSchema, ConfigFileError, EUI64_SCHEMA, readConfigFile } from '../config/json-schema.ts';
import { DEFAULT_GENERIC_CODES } from '../duis/generic-codes.ts';
import { CREDENTIAL_SCHEMA, resolveSigningPaths, type SigningSettings } from '../sign/signing-settings.ts';
import { parseUsers, USER_ROLES, userCredentials, type DccUser } from '../users.ts';
import type { RunSettings } from '../runner/profiles.ts';
import type { TargetSpec } from '../runner/world-parameters.ts';
import type { TargetFixtures } from './fixtures.ts';
import { ALL_CAPABILITIES, type Capability, type ServicePath } from './target.ts';
import { unreadable, type TlsFileNames } from './tls-files.ts';

export class TargetFileError extends ConfigFileError {}

export interface TargetFile {
  name?: string;
  url: string;
  paths?: Partial<Record<ServicePath, string>>;
  headers?: Record<string, string>;
  tls?: { ca?: string; cert?: string; key?: string; rejectUnauthorized?: boolean };
  timeouts?: { requestMs?: number; connectMs?: number; deliveryMs?: number; settleMs?: number };
  receiver?: false | { host?: string; port?: number; path?: string; tls?: TlsFileNames };
  users?: DccUser[];
  signing?: SigningSettings;
  fixtures?: TargetFixtures;
  baseline?: string;
  capabilities?: Capability[] | 'discover';
  control?: { url: string };
  knownDeviations?: string;
  codes?: Record<string, string>;
}

const MS = { type: 'integer', minimum: 1 } as const;
const FILE = { type: 'string', minLength: 1 } as const;
const STATUS = {
  enum: ['Pending', 'Whitelisted', 'InstalledNotCommissioned', 'Commissioned', 'Decommissioned', 'Withdrawn', 'Suspended', 'Recovery', 'Recovered'],
} as const;

export const TARGET_FILE_SCHEMA = {
  type: 'object',
  required: ['url'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1 },
    url: { type: 'string', pattern: '^https?://', description: 'an http:// or https:// URL such as http://127.0.0.1:8079' },
    paths: {
      type: 'object',
      additionalProperties: false,
      properties: { serviceD: FILE, serviceS: FILE, serviceT: FILE },
    },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    tls: {
      type: 'object',
      additionalProperties: false,
      properties: { ca: FILE, cert: FILE, key: FILE, rejectUnauthorized: { type: 'boolean' } },
      dependencies: { cert: ["key"], key: ["cert"] },
    },
    timeouts: {
      type: 'object',
      additionalProperties: false,
      properties: { requestMs: MS, connectMs: MS, deliveryMs: MS, settleMs: MS },
    },
    receiver: {
      oneOf: [
        { const: false },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            host: { type: 'string', minLength: 1 },
            port: { type: 'integer', minimum: 0, maximum: 65535 },
            path: { type: 'string', pattern: '^/', description: 'a path such as /smartdcc/duis' },
            // the receiver served over HTTPS: its certificate and key; with a CA, senders must present a certificate it signed
            tls: { type: 'object', required: ['cert', 'key'], additionalProperties: false, properties: { cert: FILE, key: FILE, ca: FILE } },
          },
        },
      ],
    },
    users: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name', 'id', 'roles'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1 },
          id: EUI64_SCHEMA,
          roles: { type: 'array', minItems: 1, items: { enum: [...USER_ROLES] } },
          certificate: FILE,
          key: FILE,
        },
        dependencies: { key: ["certificate"] },
      },
    },
    signing: {
      type: 'object',
      additionalProperties: false,
      properties: {
        credentials: { type: 'array', items: CREDENTIAL_SCHEMA },
        dccBoxedKeys: { type: 'boolean' },
        dccSigners: { type: 'array', items: EUI64_SCHEMA, minItems: 1 },
        requireSignedResponses: { type: 'boolean' },
      },
    },
    fixtures: {
      type: 'object',
      additionalProperties: false,
      properties: {
        commsHubs: {
          type: 'array',
          items: { type: 'object', required: ['chf', 'gpf'], additionalProperties: false, properties: { chf: EUI64_SCHEMA, gpf: EUI64_SCHEMA, status: STATUS } },
        },
        devices: {
          type: 'array',
          items: {
            type: 'object',
            required: ['type', 'id'],
            additionalProperties: false,
            properties: { type: { enum: ['ESME', 'GSME', 'GPF', 'CHF', 'HCALCS', 'PPMID', 'IHD', 'CAD'] }, id: EUI64_SCHEMA, status: STATUS },
          },
        },
      },
    },
    baseline: { type: 'string', minLength: 1 },
    capabilities: {
      oneOf: [{ const: 'discover' }, { type: 'array', uniqueItems: true, items: { enum: [...ALL_CAPABILITIES] } }],
    },
    control: { type: 'object', required: ['url'], additionalProperties: false, properties: { url: { type: 'string', pattern: '^https?://', description: 'an http(s) URL' } } },
    knownDeviations: FILE,
    codes: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(Object.keys(DEFAULT_GENERIC_CODES).map((k) => [k, { type: 'string', pattern: '^[IEWN][0-9]+$', description: 'a response code such as E4' }])),
    },
  },
} as const;

/** Read, check and resolve (paths made absolute) a target file. */
export function loadTargetFile(path: string): TargetFile {
  const raw = readConfigFile(path, 'target file');
  let tf: TargetFile;
  try {
    tf = checkAgainstSchema<TargetFile>(raw, TARGET_FILE_SCHEMA, `target file ${path}`);
  } catch (e) {
    throw new TargetFileError((e as Error).message);
  }
  const problems: string[] = [];
  try {
    new URL(tf.url);
  } catch {
    problems.push(`url: ${JSON.stringify(tf.url)} is not a URL`);
  }
  if (tf.baseline !== undefined) {
    try {
      Baseline.parse(tf.baseline);
    } catch (e) {
      if (!(e instanceof BaselineError)) throw e;
      problems.push(`baseline: ${e.message}`);
    }
  }
  const seen = new Map<string, string>();
  const once = (id: string, where: string): void => {
    const key = id.replace(/-/g, '').toUpperCase();
    const before = seen.get(key);
    if (before) problems.push(`${where}: ${id} is listed twice (also at ${before})`);
    seen.set(key, where);
  };
  tf.fixtures?.commsHubs?.forEach((h, i) => {
    once(h.chf, `fixtures.commsHubs.${i}.chf`);
    once(h.gpf, `fixtures.commsHubs.${i}.gpf`);
  });
  tf.fixtures?.devices?.forEach((d, i) => once(d.id, `fixtures.devices.${i}.id`));
  const base = dirname(resolve(path));
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
  problems.push(...tlsProblems(tf, abs));
  if (problems.length) throw new TargetFileError(`target file ${path} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  return {
    ...tf,
    ...(tf.tls ? { tls: absoluteTls(tf.tls, abs) } : {}),
    ...(tf.receiver && tf.receiver.tls ? { receiver: { ...tf.receiver, tls: absoluteTls(tf.receiver.tls, abs) } } : {}),
    ...(tf.users ? { users: parseUsers(tf.users, `target file ${path}: users`).map((u) => ({ ...u, ...(u.certificate ? { certificate: abs(u.certificate) } : {}), ...(u.key ? { key: abs(u.key) } : {}) })) } : {}),
    ...(tf.signing ? { signing: resolveSigningPaths(tf.signing, base) } : {}),
    ...(tf.knownDeviations ? { knownDeviations: abs(tf.knownDeviations) } : {}),
  };
}

function absoluteTls<T extends TlsFileNames>(tls: T, abs: (p: string) => string): T {
  return { ...tls, ...(tls.ca ? { ca: abs(tls.ca) } : {}), ...(tls.cert ? { cert: abs(tls.cert) } : {}), ...(tls.key ? { key: abs(tls.key) } : {}) };
}

/**
 * TLS files that cannot be read (named by field, so the run stops before it starts), and TLS
 * settings that nothing would use: `tls` applies only to https:// URLs. What the files hold is
 * checked when the target is made (tls-files.ts).
 */
function tlsProblems(tf: TargetFile, abs: (p: string) => string): string[] {
  const problems: string[] = [];
  const files = (where: string, tls: TlsFileNames | undefined): void => {
    for (const field of ['ca', 'cert', 'key'] as const) {
      const file = tls?.[field];
      const why = file === undefined ? undefined : unreadable(abs(file));
      if (why) problems.push(`${where}.${field}: ${why}`);
    }
  };
  files('tls', tf.tls);
  if (tf.receiver) files('receiver.tls', tf.receiver.tls);
  const urls = [tf.url, tf.control?.url, ...Object.values(tf.paths ?? {})].filter((u): u is string => u !== undefined);
  if (tf.tls && !urls.some((u) => /^https:/i.test(u))) problems.push(`tls: applies to https:// URLs only, and url is ${tf.url}: use https:// or drop tls`);
  return problems;
}

/** What the external target adapter is given (world parameter target.options): JSON only. */
export interface ExternalTargetOptions {
  name?: string;
  paths?: Partial<Record<ServicePath, string>>;
  headers?: Record<string, string>;
  /** File paths; read when the target is created. */
  tls?: { ca?: string; cert?: string; key?: string; rejectUnauthorized?: boolean };
  timeoutMs?: number;
  connectTimeoutMs?: number;
  capabilities?: Capability[] | 'discover';
  controlUrl?: string;
  /** tls: file paths, read when the receiver starts. */
  receiver?: { host?: string; port?: number; path?: string; tls?: TlsFileNames };
  fixtures?: TargetFixtures;
}

/** The run settings a target file stands for (the CLI's own flags may then override some). */
export function runSettingsFromTargetFile(tf: TargetFile, file: string): Omit<RunSettings, 'reportsDir'> {
  const options: ExternalTargetOptions = {
    name: tf.name ?? `external (${tf.url})`,
    ...(tf.paths ? { paths: tf.paths } : {}),
    ...(tf.headers ? { headers: tf.headers } : {}),
    ...(tf.tls ? { tls: tf.tls } : {}),
    ...(tf.timeouts?.requestMs ? { timeoutMs: tf.timeouts.requestMs } : {}),
    ...(tf.timeouts?.connectMs ? { connectTimeoutMs: tf.timeouts.connectMs } : {}),
    capabilities: tf.capabilities ?? [],
    ...(tf.control ? { controlUrl: tf.control.url } : {}),
    // by default a receiver on an ephemeral port of 127.0.0.1: fine for an endpoint on this machine
    ...(tf.receiver !== false ? { receiver: tf.receiver ?? {} } : {}),
    ...(tf.fixtures ? { fixtures: tf.fixtures } : {}),
  };
  const target: TargetSpec = { kind: 'external', url: tf.url, options: options as Record<string, unknown>, file };
  const credentials = [...userCredentials(tf.users ?? []), ...(tf.signing?.credentials ?? [])];
  const signing: SigningSettings | undefined = tf.signing || credentials.length ? { ...tf.signing, ...(credentials.length ? { credentials } : {}) } : undefined;
  return {
    target,
    ...(tf.baseline ? { baseline: tf.baseline } : {}),
    ...(tf.knownDeviations ? { knownDeviations: tf.knownDeviations } : {}),
    ...(tf.users ? { users: tf.users } : {}),
    ...(signing ? { signing } : {}),
    ...(tf.timeouts?.deliveryMs ? { deliveryTimeoutMs: tf.timeouts.deliveryMs } : {}),
    ...(tf.timeouts?.settleMs ? { settleMs: tf.timeouts.settleMs } : {}),
    ...(tf.codes ? { codes: tf.codes } : {}),
  };
}
