// DCC's DUIS V5.1 XSDs ship inside @smartdcc/duis-sign-wrap's tool.jar. We extract them
// into a cache folder on first use instead of committing DCC's files.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';

const require = createRequire(import.meta.url);
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The jar in the installed npm package. */
export function toolJarPath(): string {
  return join(dirname(require.resolve('@smartdcc/duis-sign-wrap')), 'tool.jar');
}

/** Where extracted artefacts go: SEC_CONFORMANCE_CACHE, else node_modules/.cache in the project. */
export function cacheRoot(): string {
  return process.env.SEC_CONFORMANCE_CACHE ?? join(projectRoot, 'node_modules', '.cache', 'sec-conformance');
}

/** Names in the jar that are the schema set (and the DTDs XMLSchema imports mention). */
const SCHEMA_ENTRY = /\.xsd$/i;

/**
 * Extract the jar's entries that match `keep` into a folder named for the jar's hash,
 * so a new package version never reuses stale files. Returns that folder.
 */
export async function extractFromToolJar(kind: string, keep: (name: string) => boolean): Promise<string> {
  const jar = toolJarPath();
  const hash = createHash('sha256').update(readFileSync(jar)).digest('hex').slice(0, 12);
  const dir = join(cacheRoot(), `${kind}-${hash}`);
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return dir;
  mkdirSync(dir, { recursive: true });
  const entries = await readJarEntries(jar, keep);
  for (const [name, bytes] of entries) {
    // write-then-rename: a concurrent process never reads half a file
    const tmp = join(dir, `.${process.pid}.${name.replace(/[^\w.-]/g, '_')}`);
    writeFileSync(tmp, bytes);
    renameSync(tmp, join(dir, name));
  }
  writeFileSync(marker, `${jar}\n`);
  return dir;
}

function readJarEntries(jar: string, keep: (name: string) => boolean): Promise<Map<string, Buffer>> {
  return new Promise((done, fail) => {
    yauzl.open(jar, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return fail(err ?? new Error(`cannot open ${jar}`));
      const out = new Map<string, Buffer>();
      zip.on('error', fail);
      zip.on('end', () => done(out));
      zip.on('entry', (entry: yauzl.Entry) => {
        // only flat names: a crafted entry like ../x never leaves the cache folder
        if (entry.fileName.includes('/') || !keep(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (e2, stream) => {
          if (e2 || !stream) return fail(e2 ?? new Error(`cannot read ${entry.fileName}`));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', fail);
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** The folder holding the bundled DUIS V5.1 schemas, extracted if needed. */
export function bundledSchemaDir(): Promise<string> {
  return extractFromToolJar('duis-v5.1-schemas', (n) => SCHEMA_ENTRY.test(n));
}
