// check-spec's outputs and exit status: HTML that escapes everything, well-formed JUnit XML with
// requirement IDs as properties, Markdown tables that hold their shape, and 0/1/2 exits.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { XmlDocument, XmlElement } from 'libxml2-wasm';
import { checkSpec, type SpecCheckResult } from '../src/spec/check-spec.ts';
import { renderSpecHtml } from '../src/spec/render-html.ts';
import { renderSpecJunit } from '../src/spec/render-junit.ts';
import { renderSpecMarkdown } from '../src/spec/render-markdown.ts';
import { SPEC_OUTPUTS } from '../src/spec/spec-writers.ts';
import { tempDir } from './helpers.ts';

const FIX = join(import.meta.dirname, 'fixtures', 'spec');
const SEEDS = join(FIX, 'seeds');

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/sec-conformance.js', 'check-spec', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('check-spec outputs', () => {
  let hostile: SpecCheckResult;
  before(async () => {
    hostile = await checkSpec({ features: [join(FIX, 'hostile', 'hostile.feature')], sources: SEEDS });
  });

  it('escapes every piece of feature text in the HTML page', () => {
    const html = renderSpecHtml(hostile);
    for (const raw of ['<script', '<img', '<i>1', '<b>bold']) assert.ok(!html.includes(raw), `${raw} reached the page unescaped`);
    assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
    assert.ok(html.includes('FIX-&lt;i&gt;1&lt;/i&gt;'));
  });

  it('writes JUnit XML that parses, with each requirement ID as a property and a schema failure where a code is missing', () => {
    const xml = renderSpecJunit(hostile);
    const doc = XmlDocument.fromString(xml);
    try {
      const props = doc.find('//testsuite[@name="traceability"]/testcase/properties/property[@name="requirement"]').map((p) => (p as XmlElement).attr('value')?.value);
      assert.deepEqual(props, ['FIX-<i>1</i>']);
      const failures = doc.find('//testsuite[starts-with(@name,"schema")]/testcase[failure]/properties/property[@name="requirement"]').map((p) => (p as XmlElement).attr('value')?.value);
      assert.deepEqual(failures, ['FIX-<i>1</i>']);
      assert.equal((doc.get('/testsuites') as XmlElement).attr('failures')?.value, '1');
    } finally {
      doc.dispose();
    }
  });

  it('keeps a Markdown table\'s columns whatever the feature text holds', () => {
    const md = renderSpecMarkdown(hostile);
    const row = md.split('\n').find((l) => l.includes('FIX-'))!;
    const header = md.split('\n').find((l) => l.startsWith('| ID |'))!;
    const cells = (l: string): number => l.split(/(?<!\\)\|/).length;
    assert.equal(cells(row), cells(header));
    assert.ok(!md.includes('<script'));
  });
});

describe('check-spec command', () => {
  it('exits 0 on the clean fixture and writes JSON, HTML, Markdown and JUnit into --out', () => {
    const out = tempDir();
    const r = cli([join(FIX, 'features', 'clean.feature'), '--sources', SEEDS, '--out', out]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const f of Object.values(SPEC_OUTPUTS)) assert.ok(existsSync(join(out, f)), `${f} not written`);
    const json = JSON.parse(readFileSync(join(out, SPEC_OUTPUTS.json), 'utf8'));
    assert.equal(json.format, 'sec-conformance-spec-check/1');
    assert.equal(json.lint.sourcesChecked, true);
    assert.match(r.stdout, /check-spec: 0 traceability defects, 0 schema defects/);
  });

  it('exits 1 on a traceability defect and on a schema defect', () => {
    const out = tempDir();
    assert.equal(cli([join(FIX, 'defects', 'missing-seed.feature'), '--sources', SEEDS, '--out', out]).code, 1);
    const schema = cli([join(FIX, 'defects', 'unknown-code.feature'), '--out', out]);
    assert.equal(schema.code, 1);
    assert.match(schema.stdout, /missing: response code E999999 \(FIX-50\)/);
  });

  it('says, in every output, that citations were not looked up when no --sources is given', () => {
    const out = tempDir();
    const r = cli([join(FIX, 'defects', 'missing-seed.feature'), '--out', out]);
    assert.equal(r.code, 0, 'a citation nobody looked up is not a defect');
    assert.match(r.stdout, /citations NOT looked up \(no --sources\)/);
    assert.equal(JSON.parse(readFileSync(join(out, SPEC_OUTPUTS.json), 'utf8')).lint.sourcesChecked, false);
    assert.match(readFileSync(join(out, SPEC_OUTPUTS.html), 'utf8'), /NOT CHECKED: no source folder was given/);
    assert.match(readFileSync(join(out, SPEC_OUTPUTS.markdown), 'utf8'), /\*\*not\*\* looked up/);
    assert.match(readFileSync(join(out, SPEC_OUTPUTS.junit), 'utf8'), /<property name="citations" value="not looked up: no --sources"\/>/);
  });

  it('exits 2 on bad usage: a missing feature path or seed folder, a file that is not a run report, a bad deviations list', () => {
    const out = tempDir();
    const clean = join(FIX, 'features', 'clean.feature');
    const notReport = join(out, 'x.json');
    writeFileSync(notReport, '{"modifications": []}');
    const badList = join(out, 'dev.yaml');
    writeFileSync(badList, '- requirement: FIX-1\n');
    for (const args of [
      [join(FIX, 'no-such.feature')],
      [clean, '--sources', join(FIX, 'no-such-dir')],
      [clean, '--runs', notReport],
      [clean, '--known-deviations', badList],
      [clean, '--schema-dir', SEEDS],
    ]) {
      const r = cli([...args, '--out', out]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /sec-conformance: /);
    }
  });

  it('checks a known-deviations list given with --known-deviations', () => {
    const r = cli([join(FIX, 'features', 'clean.feature'), '--known-deviations', join(FIX, 'deviations', 'stale.yaml'), '--out', tempDir()]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /stale-deviation: .*FIX-99/);
  });
});
