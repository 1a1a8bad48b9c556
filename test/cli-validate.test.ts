// `sec-conformance validate` as users run it: a real process through bin/, checked on its
// exit status and output.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bundledSchemaDir } from '../schemas/bundled.ts';
import { SCHEMA_DIR_ENV } from '../schemas/locate.ts';
import { RTDS_DIR, tempDir } from './helpers.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'sec-conformance.js');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const TEMPLATES = readdirSync(RTDS_DIR).filter((n) => /\.xml$/i.test(n)).sort();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI; the caller's SEC_CONFORMANCE_SCHEMA_DIR is dropped unless `env` sets it. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base = { ...process.env };
  delete base[SCHEMA_DIR_ENV];
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...base, ...env }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** A temp folder with the first `n` RTDS templates and the named fixtures. */
function folderWith(n: number, fixtures: string[] = []): string {
  const dir = tempDir();
  for (const t of TEMPLATES.slice(0, n)) copyFileSync(join(RTDS_DIR, t), join(dir, t));
  for (const f of fixtures) copyFileSync(join(FIXTURES, f), join(dir, f));
  return dir;
}

function assertNoStack(r: Run): void {
  assert.doesNotMatch(r.stderr + r.stdout, /\n\s+at .+:\d+:\d+/, 'printed a stack trace');
}

describe('sec-conformance validate', () => {
  it('passes all 297 RTDS samples and exits 0', async () => {
    const r = await cli(['validate', RTDS_DIR]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('PASS ')).length, 297);
    assert.match(r.stdout, /^297 valid, 0 invalid, 0 unreadable$/m);
  });

  it('fails a folder holding one invalid document, naming the file and the line', async () => {
    const dir = folderWith(3, ['command-variant-99.xml']);
    const r = await cli(['validate', dir]);
    assert.equal(r.code, 1);
    const lines = r.stdout.split('\n');
    const at = lines.indexOf(`FAIL ${join(dir, 'command-variant-99.xml')}`);
    assert.ok(at >= 0, r.stdout);
    assert.match(lines[at + 1]!, /^ {2}line 6 \/sr:Request\/sr:Header\/sr:CommandVariant: .*'99'/);
    assert.match(r.stdout, /^3 valid, 1 invalid, 0 unreadable$/m);
  });

  it('reports a not-well-formed document with the line of the fault', async () => {
    const r = await cli(['validate', join(FIXTURES, 'not-well-formed.xml')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^FAIL .*not-well-formed\.xml\n {2}line 9: .*Heading/m);
  });

  it('the invalid fixture differs from a valid request only in its CommandVariant', async () => {
    const dir = tempDir();
    const fixed = readFileSync(join(FIXTURES, 'command-variant-99.xml'), 'utf8').replace('>99<', '>4<');
    writeFileSync(join(dir, 'fixed.xml'), fixed);
    const r = await cli(['validate', dir]);
    assert.equal(r.code, 0, r.stdout);
  });

  it('--json writes one parseable document with the schema, every file and the counts', async () => {
    const dir = folderWith(3, ['command-variant-99.xml']);
    const r = await cli(['validate', '--json', dir]);
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout);
    assert.match(doc.schema, /bundled DUIS V5\.1/);
    assert.deepEqual(doc.summary, { valid: 3, invalid: 1, unreadable: 0 });
    assert.equal(doc.files.length, 4);
    const bad = doc.files.find((f: { path: string }) => f.path.endsWith('command-variant-99.xml'));
    assert.equal(bad.valid, false);
    assert.equal(bad.errors[0].line, 6);
    assert.equal(bad.errors[0].kind, 'schema');
  });

  it('--json with no files found is still one valid document', async () => {
    const r = await cli(['validate', '--json', tempDir()]);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout).summary, { valid: 0, invalid: 0, unreadable: 0 });
  });

  it('a missing path is unreadable: exit 1, a clear message, no stack trace, other files still checked', async () => {
    const missing = join(tempDir(), 'no-such-file.xml');
    const r = await cli(['validate', missing, join(RTDS_DIR, TEMPLATES[0]!)]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`^UNREADABLE ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n {2}no such file or directory$`, 'm'));
    assert.match(r.stdout, /^1 valid, 0 invalid, 1 unreadable$/m);
    assertNoStack(r);
  });

  it('--json marks a missing path as unreadable', async () => {
    const r = await cli(['validate', '--json', '/nonexistent/sec-conformance']);
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.summary, { valid: 0, invalid: 0, unreadable: 1 });
    assert.equal(doc.files[0].unreadable, true);
  });

  it('--schema-dir without a DUIS schema exits 2 with a message naming the folder', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'other.xsd'), '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x"/>');
    const r = await cli(['validate', '--schema-dir', dir, RTDS_DIR]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(dir), r.stderr);
    assert.match(r.stderr, /no DUIS schema/);
    assert.equal(r.stdout, '');
    assertNoStack(r);
  });

  it('--schema-dir naming a folder that does not exist exits 2 naming it', async () => {
    const dir = join(tempDir(), 'absent');
    const r = await cli(['validate', '--schema-dir', dir, RTDS_DIR]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(dir), r.stderr);
    assertNoStack(r);
  });

  it(`${SCHEMA_DIR_ENV} is used when --schema-dir is absent, and --schema-dir wins over it`, async () => {
    const empty = tempDir();
    const fromEnv = await cli(['validate', RTDS_DIR], { [SCHEMA_DIR_ENV]: empty });
    assert.equal(fromEnv.code, 2);
    assert.ok(fromEnv.stderr.includes(empty), fromEnv.stderr);
    const overridden = await cli(['validate', '--schema-dir', await bundledSchemaDir(), join(RTDS_DIR, TEMPLATES[0]!)], { [SCHEMA_DIR_ENV]: empty });
    assert.equal(overridden.code, 0, overridden.stderr);
  });

  it('--schema-dir finds renamed schema files by targetNamespace and validates with them', async () => {
    const bundled = await bundledSchemaDir();
    const dir = tempDir();
    copyFileSync(join(bundled, 'DUIS Schema V5.1.xsd'), join(dir, 'a.xsd'));
    copyFileSync(join(bundled, 'MMC Schema V5.1.xsd'), join(dir, 'b.xsd'));
    copyFileSync(join(bundled, 'xmldsig-core-schema.xsd'), join(dir, 'c.xsd'));
    const docs = folderWith(5, ['command-variant-99.xml']);
    const r = await cli(['validate', '--json', '--schema-dir', dir, docs]);
    const out = JSON.parse(r.stdout);
    // the label proves these files were used, not the bundled set
    assert.equal(out.schema, dir);
    assert.deepEqual(out.summary, { valid: 5, invalid: 1, unreadable: 0 });
    assert.equal(r.code, 1);
  });

  it('walks folders recursively, taking *.xml in any case and nothing else', async () => {
    const dir = tempDir();
    const sample = join(RTDS_DIR, TEMPLATES[0]!);
    mkdirSync(join(dir, 'deep', 'er'), { recursive: true });
    copyFileSync(sample, join(dir, 'upper.XML'));
    copyFileSync(sample, join(dir, 'deep', 'lower.xml'));
    copyFileSync(sample, join(dir, 'deep', 'er', 'mixed.Xml'));
    writeFileSync(join(dir, 'notes.txt'), 'not xml');
    writeFileSync(join(dir, 'deep', 'schema.xsd'), 'not a DUIS document');
    const r = await cli(['validate', dir]);
    assert.equal(r.code, 0, r.stdout);
    const passed = r.stdout.split('\n').filter((l) => l.startsWith('PASS ')).map((l) => l.slice(5)).sort();
    assert.deepEqual(passed, [join(dir, 'deep', 'er', 'mixed.Xml'), join(dir, 'deep', 'lower.xml'), join(dir, 'upper.XML')]);
  });

  it('a file named explicitly is validated whatever its extension', async () => {
    const dir = tempDir();
    copyFileSync(join(FIXTURES, 'command-variant-99.xml'), join(dir, 'message.txt'));
    const r = await cli(['validate', join(dir, 'message.txt')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^FAIL .*message\.txt$/m);
  });

  it('--max-bytes refuses a larger document without parsing it', async () => {
    const r = await cli(['validate', '--max-bytes', '100', join(RTDS_DIR, TEMPLATES[0]!)]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /over the limit of 100/);
  });

  it('bad usage exits 2 without a stack trace: no paths, --max-bytes lots or 0, an unknown option or command', async () => {
    const runs = await Promise.all([
      cli(['validate']),
      cli(['validate', '--max-bytes', 'lots', RTDS_DIR]),
      cli(['validate', '--max-bytes', '0', RTDS_DIR]),
      cli(['validate', '--frobnicate', RTDS_DIR]),
      cli(['no-such-command']),
    ]);
    for (const r of runs) {
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /error/);
      assertNoStack(r);
    }
  });

  it('--version prints the package version and exits 0', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const r = await cli(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), pkg.version);
  });

  it('validates 3000 files in one process', async () => {
    // 30 folders of 100: copies of the RTDS samples, round-robin
    const dir = tempDir();
    for (let i = 0; i < 3000; i++) {
      const sub = join(dir, `batch-${String(Math.floor(i / 100)).padStart(2, '0')}`);
      if (i % 100 === 0) mkdirSync(sub);
      copyFileSync(join(RTDS_DIR, TEMPLATES[i % TEMPLATES.length]!), join(sub, `${i}.xml`));
    }
    const r = await cli(['validate', dir]);
    assert.equal(r.code, 0, r.stdout.slice(-2000));
    assert.match(r.stdout, /^3000 valid, 0 invalid, 0 unreadable$/m);
    assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('PASS ')).length, 3000);
  });
});
