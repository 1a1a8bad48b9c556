// Which keys sign and verify, as run settings carry them (JSON, file paths absolute): DCC Boxed's
// test keys by default, plus (and ahead of them) credentials from files. A keys file has the same
// shape, with paths relative to the file:
//
//   credentials:                        # signing material of your own
//     - id: 90-B3-D5-1F-30-01-00-00     # optional: read from the certificate's x500UniqueIdentifier
//       certificate: supplier-a.pem     # PEM or DER
//       key: supplier-a.key             # PKCS#8 DER or PEM; leave out to verify only
//   dccBoxedKeys: true                  # also DCC Boxed's test set (default true)
//   dccSigners: [90-B3-D5-1F-30-00-00-02]   # who may sign Responses and alerts
//   requireSignedResponses: true        # an unsigned Response is a FAIL (default true)
import { dirname, isAbsolute, resolve } from 'node:path';
import { checkAgainstSchema, EUI64_SCHEMA, readConfigFile } from '../config/json-schema.ts';
import { dccBoxedKeyStore } from './dcc-boxed-keys.ts';
import { DuisSigning } from './duis-signing.ts';
import { KeyStore, loadCredential, type CredentialFiles } from './key-store.ts';

export interface SigningSettings {
  credentials?: CredentialFiles[];
  /** Add DCC Boxed's test keys after the credentials (default true). */
  dccBoxedKeys?: boolean;
  dccSigners?: string[];
  requireSignedResponses?: boolean;
}

export const CREDENTIAL_SCHEMA = {
  type: 'object',
  properties: {
    id: EUI64_SCHEMA,
    certificate: { type: 'string', minLength: 1 },
    key: { type: 'string', minLength: 1 },
  },
  required: ['certificate'],
  additionalProperties: false,
} as const;

export const SIGNING_SCHEMA = {
  type: 'object',
  properties: {
    credentials: { type: 'array', items: CREDENTIAL_SCHEMA },
    dccBoxedKeys: { type: 'boolean' },
    dccSigners: { type: 'array', items: EUI64_SCHEMA, minItems: 1 },
    requireSignedResponses: { type: 'boolean' },
  },
  additionalProperties: false,
} as const;

/** File paths in the settings made absolute against `base`. */
export function resolveSigningPaths(s: SigningSettings, base: string): SigningSettings {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
  return {
    ...s,
    ...(s.credentials ? { credentials: s.credentials.map((c) => ({ ...c, certificate: abs(c.certificate), ...(c.key ? { key: abs(c.key) } : {}) })) } : {}),
  };
}

/** Read and check a keys file; paths in it are relative to the file. */
export function loadKeysFile(path: string): SigningSettings {
  const data = checkAgainstSchema<SigningSettings>(readConfigFile(path, 'keys file') ?? {}, SIGNING_SCHEMA, `keys file ${path}`);
  return resolveSigningPaths(data, dirname(resolve(path)));
}

/** The key store the settings describe; reads every file (a bad one throws, naming it). */
export async function buildKeyStore(s: SigningSettings = {}): Promise<KeyStore> {
  const store = new KeyStore((s.credentials ?? []).map(loadCredential));
  if (s.dccBoxedKeys !== false) store.merge(await dccBoxedKeyStore());
  return store;
}

export async function buildSigning(s: SigningSettings = {}): Promise<DuisSigning> {
  return new DuisSigning(await buildKeyStore(s), {
    ...(s.dccSigners ? { dccSigners: s.dccSigners } : {}),
    ...(s.requireSignedResponses !== undefined ? { requireSignedResponses: s.requireSignedResponses } : {}),
  });
}
