// How the suite and the reference name an X.509 certificate when comparing what was sent with
// what a target records: SHA-256 of its DER, upper-case hex.
import { createHash } from 'node:crypto';
import { base64 } from './duis/requests/values.ts';

/** SHA-256 of a certificate's DER, given as base64 (DUIS's sr:Certificate), PEM or bytes. */
export function certificateFingerprint(cert: string | Uint8Array): string {
  const der = typeof cert === 'string' ? Buffer.from(base64(cert), 'base64') : cert;
  return createHash('sha256').update(der).digest('hex').toUpperCase();
}
