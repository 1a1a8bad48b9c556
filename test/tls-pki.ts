// A throwaway PKI made at test time with the openssl command (nothing committed): a CA, a server
// certificate for 127.0.0.1 and localhost signed by it, a client certificate signed by it, and a
// second, unrelated CA to stand for "the wrong CA". Keys are EC P-256, valid for a day.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  /** CA certificate that signed server and client. */
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** Subject CN of the client certificate. */
  clientName: string;
  /** A CA that signed nothing here. */
  otherCa: string;
}

/** Fails (never skips) when openssl is missing, saying so. */
export function requireOpenssl(): void {
  const r = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`these tests make their TLS certificates with the openssl command, which is not on this machine (${r.error?.message ?? r.stderr}); install it (apt-get install -y openssl)`);
  }
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function selfSignedCa(dir: string, name: string, cn: string): void {
  openssl(dir, [
    'req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '1', '-subj', `/CN=${cn}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

function signedBy(dir: string, ca: string, name: string, cn: string, extensions: string): void {
  openssl(dir, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`]);
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-days', '1', '-out', `${name}.pem`, '-extfile', `${name}.ext`]);
}

export function makeTestPki(dir: string): TestPki {
  requireOpenssl();
  const clientName = 'sec-conformance test client';
  selfSignedCa(dir, 'ca', 'sec-conformance test CA');
  selfSignedCa(dir, 'other-ca', 'some other CA');
  signedBy(dir, 'ca', 'server', 'localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n');
  signedBy(dir, 'ca', 'client', clientName, 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n');
  const at = (f: string): string => join(dir, f);
  return {
    dir,
    ca: at('ca.pem'),
    serverCert: at('server.pem'),
    serverKey: at('server.key'),
    clientCert: at('client.pem'),
    clientKey: at('client.key'),
    clientName,
    otherCa: at('other-ca.pem'),
  };
}
