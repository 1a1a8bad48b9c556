// Shared test fixtures: the RTDS sample folder and a temp-dir helper.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** DCC's RTDS request samples, from @smartdcc/duis-templates. */
export const RTDS_DIR = join(dirname(require.resolve('@smartdcc/duis-templates/package.json')), 'templates');

export function rtdsSample(name: string): string {
  return readFileSync(join(RTDS_DIR, name), 'utf8');
}

export function tempDir(prefix = 'sec-conformance-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
