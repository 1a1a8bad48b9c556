// The PEM files behind a TLS setting (a target file's `tls` and `receiver.tls`, serve's --tls-*),
// read and checked before any connection: node itself ignores a CA file that holds no
// certificate and only fails at the handshake on a bad key, with a message that names no file.
// Each problem names the setting and the file.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { accessSync, constants, readFileSync } from 'node:fs';

export type TlsFileField = 'ca' | 'cert' | 'key';

/** File paths, as a target file or the command line gives them. */
export interface TlsFileNames {
  ca?: string;
  cert?: string;
  key?: string;
}

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

export class TlsFilesError extends Error {}

/** Why `file` cannot be read, or undefined when it can (for listing problems without reading). */
export function unreadable(file: string): string | undefined {
  try {
    accessSync(file, constants.R_OK);
    return undefined;
  } catch (e) {
    return why(e, file);
  }
}

function why(e: unknown, file: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? `no such file ${file}` : `cannot read ${file} (${code ?? (e as Error).message})`;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Read the files and check each holds what its setting says: `ca` one or more PEM certificates,
 * `cert` a PEM certificate, `key` an unencrypted PEM private key that belongs to `cert`.
 * `setting(field)` names the setting in messages (`tls.ca`, `--tls-ca`, ...).
 */
export function readTlsFiles(files: TlsFileNames, setting: (field: TlsFileField) => string): TlsMaterial {
  const read = (field: TlsFileField, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (e) {
      throw new TlsFilesError(`${setting(field)}: ${why(e, file)}`);
    }
  };
  const out: TlsMaterial = {};
  let certificate: X509Certificate | undefined;
  if (files.ca !== undefined) {
    out.ca = read('ca', files.ca);
    const blocks = out.ca.toString('latin1').match(PEM_CERTIFICATE) ?? [];
    if (!blocks.length) throw new TlsFilesError(`${setting('ca')}: ${files.ca} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
    blocks.forEach((b, i) => parseCertificate(b, `${setting('ca')}: certificate ${i + 1} in ${files.ca}`));
  }
  if (files.cert !== undefined) {
    out.cert = read('cert', files.cert);
    certificate = parseCertificate(out.cert, `${setting('cert')}: ${files.cert}`);
  }
  if (files.key !== undefined) {
    out.key = read('key', files.key);
    let key;
    try {
      key = createPrivateKey(out.key);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = err.code === 'ERR_MISSING_PASSPHRASE' ? 'is encrypted; give an unencrypted key' : `is not a PEM private key (${err.message})`;
      throw new TlsFilesError(`${setting('key')}: ${files.key} ${why}`);
    }
    if (certificate && !certificate.checkPrivateKey(key)) {
      throw new TlsFilesError(`${setting('key')}: ${files.key} is not the key of the certificate in ${setting('cert')} (${files.cert})`);
    }
  }
  return out;
}

function parseCertificate(pem: string | Buffer, where: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (e) {
    throw new TlsFilesError(`${where} is not a PEM certificate (${(e as Error).message})`);
  }
}
