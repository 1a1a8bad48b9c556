// DCC Boxed's test keys and certificates, shipped in @smartdcc/duis-sign-wrap's tool.jar and
// extracted on first use (never committed), and which DUIS identity each one signs for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFromToolJar } from '../../schemas/bundled.ts';
import { KeyStore, loadCredential, type Credential } from './key-store.ts';

export function dccBoxedKeyDir(): Promise<string> {
  return extractFromToolJar('dcc-boxed-keys', (name) => /\.(pem|key)$/i.test(name));
}

/** A DCC Boxed certificate by file name, as PEM text. */
export async function dccBoxedCertificate(name: string): Promise<string> {
  return readFileSync(join(await dccBoxedKeyDir(), name), 'utf8');
}

export interface DccBoxedSigner {
  /** The DUIS identity; also the x500UniqueIdentifier of the certificate (a test checks it). */
  id: string;
  /** File name in the jar without extension: `<name>.pem` certificate, `<name>.key` PKCS#8 DER key. */
  name: string;
  /** What the identity is in DCC Boxed. */
  party: string;
}

/**
 * The XML signing identities DCC Boxed's own signer knows, in the order its certificate library
 * lists them (the first file for an identity is the one that signs). Users with an OU=87 "xml-sign"
 * certificate sign with it; Supplier B, recovery, transitional CoS and the WAN provider have only
 * their Z1 digital signing pair in the jar, and DCC's tool signs with that, so we do too.
 */
export const DCC_BOXED_SIGNERS: readonly DccBoxedSigner[] = [
  { id: '90-B3-D5-1F-30-00-00-02', name: 'dsp-xml-sign-90B3D51F30000002-ds', party: 'DSP / access control broker' },
  { id: '90-B3-D5-1F-30-00-00-02', name: 'dsp-xml-sign-90B3D51F30000002-ds-pre-1.4.1', party: 'DSP, certificate before DCC Boxed 1.4.1' },
  { id: '90-B3-D5-1F-30-02-00-00', name: 'xml-sign-90B3D51F30020000-ds', party: 'Network Operator' },
  { id: '90-B3-D5-1F-30-00-00-01', name: 'Z1-recovery-ds', party: 'recovery' },
  { id: '90-B3-D5-1F-30-01-00-00', name: 'xml-sign-90B3D51F30010000-ds', party: 'Supplier A' },
  { id: '90-B3-D5-1F-30-03-00-00', name: 'Z1-supplier2-ds', party: 'Supplier B' },
  { id: '90-B3-D5-1F-30-00-00-04', name: 'Z1-transitionalCoS-ds', party: 'transitional Change of Supplier' },
  { id: '90-B3-D5-1F-30-00-00-07', name: 'Z1-wanProvider-ds', party: 'WAN provider' },
  { id: '00-DB-12-34-56-78-00-04', name: 'xml-sign-00DB123456780004-ds', party: 'DCC Boxed test User' },
];

/** DCC Boxed's signing credentials, keys included. */
export async function dccBoxedCredentials(): Promise<Credential[]> {
  const dir = await dccBoxedKeyDir();
  return DCC_BOXED_SIGNERS.map((s) => ({
    ...loadCredential({ id: s.id, certificate: join(dir, `${s.name}.pem`), key: join(dir, `${s.name}.key`) }),
    source: `dcc-boxed:${s.name}`,
  }));
}

let shared: Promise<KeyStore> | undefined;

/** A key store of DCC Boxed's identities, loaded once per process (callers get their own copy). */
export async function dccBoxedKeyStore(): Promise<KeyStore> {
  shared ??= dccBoxedCredentials().then((c) => new KeyStore(c));
  shared.catch(() => (shared = undefined));
  return new KeyStore((await shared).all());
}
