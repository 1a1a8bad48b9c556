// DCC Boxed's test keys and certificates, shipped in @smartdcc/duis-sign-wrap's tool.jar and
// extracted on first use (never committed).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFromToolJar } from '../../schemas/bundled.ts';

export function dccBoxedKeyDir(): Promise<string> {
  return extractFromToolJar('dcc-boxed-keys', (name) => /\.(pem|key)$/i.test(name));
}

/** A DCC Boxed certificate by file name, as PEM text. */
export async function dccBoxedCertificate(name: string): Promise<string> {
  return readFileSync(join(await dccBoxedKeyDir(), name), 'utf8');
}
