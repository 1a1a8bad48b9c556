// Who signs with which key: DUIS identities (User IDs, the DCC's access control broker) and their
// XML signing certificates, with the private key where we hold it. Looked up by User ID to sign,
// and by the X509IssuerSerial a signature names to verify.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** One identity's signing material. */
export interface Credential {
  /** The DUIS identity (EUI-64, upper case, dashed) the certificate speaks for. */
  id: string;
  certificate: X509Certificate;
  /** Absent for identities we only verify (a DSP's response-signing certificate, say). */
  privateKey?: KeyObject;
  /** Where it came from, for messages ("dcc-boxed:xml-sign-90B3D51F30010000-ds", a file path). */
  source: string;
}

export class KeyStoreError extends Error {}

const EUI64 = /^[0-9A-F]{2}(-[0-9A-F]{2}){7}$/;

/** "90b3d51f30010000" and "90-B3-D5-1F-30-01-00-00" alike -> "90-B3-D5-1F-30-01-00-00". */
export function normaliseEui(id: string): string {
  const hex = id.trim().replace(/[-:\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]{16}$/.test(hex)) throw new KeyStoreError(`"${id}" is not an EUI-64 (want e.g. 90-B3-D5-1F-30-01-00-00)`);
  return hex.match(/../g)!.join('-');
}

/**
 * The EUI-64 an SMKI certificate names in its subject's x500UniqueIdentifier (OID 2.5.4.45, a
 * BIT STRING holding the 8 bytes); undefined when the subject has none. Read from the DER: node
 * prints that attribute as raw bytes.
 */
export function certificateEui(cert: X509Certificate): string | undefined {
  const der = cert.raw;
  // OID 2.5.4.45, then BIT STRING of 9 bytes: 0 unused bits + 8 bytes of EUI-64
  const marker = Buffer.from([0x06, 0x03, 0x55, 0x04, 0x2d, 0x03, 0x09, 0x00]);
  const at = der.indexOf(marker);
  if (at < 0 || at + marker.length + 8 > der.length) return undefined;
  return normaliseEui(der.subarray(at + marker.length, at + marker.length + 8).toString('hex'));
}

/** The certificate's serial number in decimal, as X509SerialNumber writes it. */
export function serialDecimal(cert: X509Certificate): string {
  return BigInt(`0x${cert.serialNumber}`).toString(10);
}

/** The issuer as an RFC 4514 string (last RDN first), as X509IssuerName writes it: "CN=Z1,OU=07". */
export function issuerName(cert: X509Certificate): string {
  return cert.issuer
    .split('\n')
    .reverse()
    .map((rdn) => rdn.replace(/([,+"\\<>;])/g, '\\$1'))
    .join(',');
}

/** A distinguished name reduced for comparison: attribute order, case and spacing ignored. */
export function dnKey(dn: string): string {
  return dn
    .split(/(?<!\\)[,\n]/)
    .map((p) => p.trim().replace(/\s*=\s*/, '=').toLowerCase())
    .filter(Boolean)
    .sort()
    .join(',');
}

/** Read a certificate: PEM or DER. */
export function readCertificate(path: string): X509Certificate {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new KeyStoreError(`cannot read certificate ${path}: ${(e as Error).message}`);
  }
  try {
    return new X509Certificate(bytes);
  } catch (e) {
    throw new KeyStoreError(`${path} is not an X.509 certificate (PEM or DER): ${(e as Error).message}`);
  }
}

/** Read a private key: PKCS#8 DER (as DCC Boxed's *.key files are), or PEM (PKCS#8 or SEC1). */
export function readPrivateKey(path: string): KeyObject {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new KeyStoreError(`cannot read private key ${path}: ${(e as Error).message}`);
  }
  const pem = bytes.subarray(0, 64).toString('latin1').includes('-----BEGIN');
  try {
    return pem ? createPrivateKey(bytes) : createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' });
  } catch (e) {
    throw new KeyStoreError(`${path} is not a private key (PKCS#8 DER, or PEM): ${(e as Error).message}`);
  }
}

export interface CredentialFiles {
  /** Default: the certificate's x500UniqueIdentifier. */
  id?: string;
  certificate: string;
  key?: string;
}

/** A credential from files; the key must belong to the certificate. */
export function loadCredential(files: CredentialFiles): Credential {
  const certificate = readCertificate(files.certificate);
  const named = certificateEui(certificate);
  const id = files.id !== undefined ? normaliseEui(files.id) : named;
  if (id === undefined) {
    throw new KeyStoreError(`certificate ${files.certificate} names no EUI-64 (x500UniqueIdentifier): give the identity it signs for ("id")`);
  }
  const cred: Credential = { id, certificate, source: files.certificate };
  if (files.key !== undefined) {
    const privateKey = readPrivateKey(files.key);
    if (!certificate.checkPrivateKey(privateKey)) throw new KeyStoreError(`private key ${files.key} does not belong to certificate ${files.certificate}`);
    cred.privateKey = privateKey;
  }
  return cred;
}

/**
 * Signing material by identity. An identity may have several certificates (a renewed one, say):
 * the first added with a private key signs; any of them verifies.
 */
export class KeyStore {
  private readonly byId = new Map<string, Credential[]>();
  private readonly byIssuerSerial = new Map<string, Credential>();

  constructor(credentials: Iterable<Credential> = []) {
    for (const c of credentials) this.add(c);
  }

  /** Add a credential; one already present for the same certificate is replaced. */
  add(c: Credential): this {
    if (!EUI64.test(c.id)) throw new KeyStoreError(`credential ${c.source}: "${c.id}" is not an upper-case dashed EUI-64`);
    const key = this.issuerSerialKey(issuerName(c.certificate), serialDecimal(c.certificate));
    const old = this.byIssuerSerial.get(key);
    if (old) this.byId.set(old.id, (this.byId.get(old.id) ?? []).filter((x) => x !== old));
    this.byIssuerSerial.set(key, c);
    this.byId.set(c.id, [...(this.byId.get(c.id) ?? []), c]);
    return this;
  }

  /** Everything in `other` that this store does not already have (by certificate). */
  merge(other: KeyStore): this {
    for (const c of other.all()) {
      if (!this.byIssuerSerial.has(this.issuerSerialKey(issuerName(c.certificate), serialDecimal(c.certificate)))) this.add(c);
    }
    return this;
  }

  /** The credential that signs for `id`: its first with a private key. */
  signerFor(id: string): Credential | undefined {
    return this.byId.get(normaliseEui(id))?.find((c) => c.privateKey !== undefined);
  }

  /** Every credential of an identity. */
  credentialsOf(id: string): Credential[] {
    return [...(this.byId.get(normaliseEui(id)) ?? [])];
  }

  /** The certificate a signature names by X509IssuerSerial. */
  byIssuerAndSerial(issuer: string, serial: string): Credential | undefined {
    let decimal: string;
    try {
      decimal = BigInt(serial.trim()).toString(10);
    } catch {
      return undefined;
    }
    return this.byIssuerSerial.get(this.issuerSerialKey(issuer, decimal));
  }

  ids(): string[] {
    return [...this.byId.keys()].filter((id) => this.byId.get(id)!.length > 0);
  }

  all(): Credential[] {
    return [...this.byIssuerSerial.values()];
  }

  private issuerSerialKey(issuer: string, serialDec: string): string {
    return `${dnKey(issuer)}#${serialDec}`;
  }
}
