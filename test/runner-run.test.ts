// The conformance run end to end: `sec-conformance run` over the fixture features against a
// fake in-memory target, checking verdicts, reports, the last line and the exit status.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ConformanceReport, ScenarioResult } from '../src/report/model.ts';
import { tempDir } from './helpers.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const FIXTURE_TARGET = 'module:test/fixtures/features/support/fake-target.ts';

const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  lastLine: string;
  report: ConformanceReport;
  html: string;
  reports: string;
}

function run(args: string[], features = ['test/fixtures/features/FIX']): RunResult {
  const reports = tempDir('sec-conformance-run-');
  made.push(reports);
  const r = spawnSync(
    process.execPath,
    [
      'bin/sec-conformance.js', 'run',
      '--target', FIXTURE_TARGET,
      '--import', 'steps/support/**/*.ts',
      '--import', 'test/fixtures/features/support/**/*.ts',
      '--reports', reports,
      ...args,
      ...features,
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  );
  const lines = r.stdout.trimEnd().split('\n');
  let report: ConformanceReport;
  try {
    report = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
  } catch (e) {
    throw new Error(`no conformance.json (exit ${r.status}): ${(e as Error).message}\n${r.stdout}\n${r.stderr}`);
  }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lastLine: lines[lines.length - 1] ?? '', report, html: readFileSync(join(reports, 'conformance.html'), 'utf8'), reports };
}

function scenario(report: ConformanceReport, name: string | RegExp): ScenarioResult {
  const all = report.modifications.flatMap((m) => m.requirements.flatMap((q) => q.scenarios));
  const s = all.find((x) => (typeof name === 'string' ? x.name === name : name.test(x.name)));
  assert.ok(s, `no scenario ${name} in the report; have: ${all.map((x) => x.name).join(' | ')}`);
  return s;
}

describe('sec-conformance run over the fixture features', () => {
  const r = run([]);

  it('gives PASS to a scenario whose assertions hold', () => {
    assert.equal(scenario(r.report, 'A valid request gets a valid reply').verdict, 'PASS');
  });

  it('gives FAIL to an assertion failure, naming the failing step and the message', () => {
    const s = scenario(r.report, 'The response code is not the one expected');
    assert.equal(s.verdict, 'FAIL');
    assert.equal(s.failingStep?.text, 'the reply is a DUIS response with code E5');
    assert.match(s.message ?? '', /expected response code E5, got I0/);
  });

  it('gives ERROR to an unexpected exception and to an undefined step', () => {
    const thrown = scenario(r.report, 'A step raises something unexpected');
    assert.equal(thrown.verdict, 'ERROR');
    assert.equal(thrown.errorType, 'TypeError');
    assert.equal(thrown.failingStep?.text, 'a step raises a TypeError');
    const undefinedStep = scenario(r.report, 'A step nobody has written');
    assert.equal(undefinedStep.verdict, 'ERROR');
    assert.match(undefinedStep.message ?? '', /no step definition matches/);
  });

  it('gives NOT APPLICABLE to @needs:ssi on a target without ssi, names the capability, and does not count it as failed', () => {
    const s = scenario(r.report, 'The SSI shows the device');
    assert.equal(s.verdict, 'NOT APPLICABLE');
    assert.deepEqual(s.notApplicable, { missing: ['ssi'], target: 'fake' });
    assert.deepEqual(r.report.notApplicableByCapability, { ssi: 1 });
    const req = r.report.modifications[0]!.requirements.find((q) => q.id === 'FIX-3');
    assert.equal(req?.verdict, 'NOT APPLICABLE');
    assert.match(r.html, /does not offer: <b>ssi<\/b>/);
    assert.match(r.html, /target &quot;fake&quot; does not offer: ssi/);
    assert.match(r.stdout, /1 not applicable .*target lacks: ssi \(1\)/);
  });

  it('fails a step whose request fails XSD validation, with the validator\'s message, and does not send it', () => {
    const s = scenario(r.report, 'A request that fails XSD validation is not sent');
    assert.equal(s.verdict, 'FAIL');
    assert.match(s.message ?? '', /fails XSD validation and was not sent/);
    assert.match(s.message ?? '', /Element '\{http:\/\/www\.dccinterface\.co\.uk\/ServiceUserGateway\}DeviceID': This element is not expected/);
    assert.equal(s.exchanges.length, 1);
    assert.equal(s.exchanges[0]!.notSent, true);
    assert.equal(s.exchanges[0]!.validation?.valid, false);
  });

  it('fails a scenario whose reply fails XSD validation, with the validator\'s message', () => {
    const s = scenario(r.report, 'A reply that fails XSD validation fails the scenario');
    assert.equal(s.verdict, 'FAIL');
    assert.match(s.message ?? '', /reply to SRV 8\.2 .* fails XSD validation:\n.*Missing child element/);
    assert.deepEqual(s.exchanges.map((x) => [x.direction, x.validation?.valid]), [['request', true], ['reply', false]]);
  });

  it('records both directions of every exchange with path, time and validation', () => {
    const s = scenario(r.report, 'A valid request gets a valid reply');
    assert.deepEqual(s.exchanges.map((x) => [x.seq, x.direction, x.path, x.validation?.valid]), [[1, 'request', 'serviceD', true], [2, 'reply', 'serviceD', true]]);
    assert.ok(!Number.isNaN(Date.parse(s.exchanges[0]!.at)));
    assert.match(s.exchanges[1]!.body, /<sr:ResponseCode>I0<\/sr:ResponseCode>/);
  });

  it('groups scenarios by modification and requirement with the requirement text and source', () => {
    const m = r.report.modifications[0]!;
    assert.equal(m.id, 'FIX');
    assert.deepEqual(m.requirements.map((q) => [q.id, q.verdict]), [
      ['FIX-1', 'FAIL'],
      ['FIX-2', 'ERROR'],
      ['FIX-3', 'NOT APPLICABLE'],
      ['FIX-4', 'FAIL'],
      ['FIX-5', 'PASS'],
    ]);
    const q1 = m.requirements[0]!;
    assert.equal(q1.title, 'A target answers a valid Read Inventory request with a valid DUIS response.');
    assert.equal(q1.text, 'The reply must validate against the DUIS XSD and carry the expected response code.');
    assert.equal(q1.source, 'runner fixture, section 1.');
  });

  it('ends stdout with "N passed, N failed" (NOT APPLICABLE in neither) and exits 1', () => {
    assert.deepEqual(r.report.counts, { PASS: 2, FAIL: 3, ERROR: 2, 'EXPECTED FAIL': 0, 'NOT APPLICABLE': 1 });
    assert.equal(r.lastLine, '2 passed, 5 failed');
    assert.equal(r.code, 1);
  });

  it('escapes a hostile scenario name, rule and source in the HTML', () => {
    assert.doesNotMatch(r.html, /<script/i);
    assert.doesNotMatch(r.html, /<img/i);
    assert.doesNotMatch(r.html, /<b>section 5<\/b>/);
    assert.match(r.html, /&lt;img src=x onerror=alert\(1\)&gt; &quot;double&quot; &amp; &#39;single&#39; &lt;script&gt;alert\(2\)&lt;\/script&gt;/);
    assert.match(r.html, /&lt;b&gt;section 5&lt;\/b&gt; &amp; &quot;quotes&quot;/);
  });

  it('says NOT APPLICABLE and the missing capability in the JUnit and in cucumber\'s HTML too', () => {
    const junit = readFileSync(join(r.reports, 'junit.xml'), 'utf8');
    assert.match(junit, /<testcase classname="FIX\.FIX-3" name="The SSI shows the device" time="[\d.]+">\s*<skipped message="NOT APPLICABLE: target &quot;fake&quot; does not offer: ssi"\/>/);
    assert.match(junit, /<testsuites name="sec-conformance" tests="8" failures="3" errors="2" skipped="1"/);
    assert.match(junit, /name="The response code is not the one expected"[^>]*>\s*<failure type="FAIL" message="expected response code E5, got I0/);
    assert.match(junit, /name="A step nobody has written"[^>]*>\s*<error type="ERROR"/);
    const cucumberHtml = readFileSync(join(r.reports, 'cucumber.html'), 'utf8');
    assert.match(cucumberHtml, /NOT APPLICABLE: target \\?"fake\\?" does not offer ssi/);
  });

  it('writes cucumber\'s own reports beside ours', () => {
    for (const f of ['cucumber.html', 'junit.xml', 'messages.ndjson']) {
      assert.ok(readFileSync(join(r.reports, f), 'utf8').length > 0, `${f} is empty`);
    }
  });
});

describe('known deviations', () => {
  it('reports a listed failure as EXPECTED FAIL and counts it as passed; an ERROR stays an ERROR', () => {
    const r = run(['--tags', '@pass or @fail', '--known-deviations', 'test/fixtures/known-deviations/expected.yaml']);
    const s = scenario(r.report, 'The response code is not the one expected');
    assert.equal(s.verdict, 'EXPECTED FAIL');
    assert.equal(s.deviation?.reason, 'the fake target answers I0 where the fixture expects E5');
    // JUnit: a passing testcase that says why
    assert.match(readFileSync(join(r.reports, 'junit.xml'), 'utf8'), /name="The response code is not the one expected"[^>]*>\s*<system-out>EXPECTED FAIL \(known deviation\): the fake target answers I0 where the fixture expects E5 https:\/\/example\.org\/issues\/1/);
    assert.equal(r.lastLine, '2 passed, 0 failed');
    assert.equal(r.code, 0);
    const withError = run(['--tags', '@error', '--known-deviations', 'test/fixtures/known-deviations/expected.yaml']);
    assert.equal(scenario(withError.report, 'A step raises something unexpected').verdict, 'ERROR');
    assert.equal(withError.code, 1);
  });

  it('fails the run when a listed deviation passes, by scenario or by requirement, and names unmatched entries', () => {
    const r = run(['--tags', '@pass or @hostile', '--known-deviations', 'test/fixtures/known-deviations/stale.json']);
    const byName = scenario(r.report, 'A valid request gets a valid reply');
    assert.equal(byName.verdict, 'FAIL');
    assert.match(byName.message ?? '', /deviation no longer present: remove it from the list/);
    const byRequirement = scenario(r.report, /^<img/);
    assert.equal(byRequirement.verdict, 'FAIL');
    assert.equal(byRequirement.deviation?.stale, true);
    assert.deepEqual(r.report.unmatchedDeviations.map((d) => d.scenario), ['No such scenario anywhere']);
    assert.equal(r.lastLine, '0 passed, 2 failed');
    assert.equal(r.code, 1);
  });
});

describe('baseline selection', () => {
  const sides = ['test/fixtures/features/MP178'];
  const ran = (r: RunResult): string[] => r.report.modifications.flatMap((m) => m.requirements.map((q) => `${q.id} ${q.verdict}`));

  it('runs the @MP178 side when the baseline applies MP178', () => {
    const r = run(['--baseline', 'all'], sides);
    assert.deepEqual(ran(r), ['FIXMP-1 PASS']);
    assert.equal(r.code, 0);
    assert.equal(r.lastLine, '1 passed, 0 failed');
  });

  it('runs the @before:MP178 side when it does not', () => {
    const r = run(['--baseline', 'none'], sides);
    assert.deepEqual(ran(r), ['FIXMP-2 PASS']);
    assert.equal(r.code, 0);
  });

  it('tells the two behaviours apart: a reference without MP178 fails the MP178 scenarios', () => {
    const r = run(['--baseline', 'MP178', '--reference-baseline', 'none'], sides);
    assert.deepEqual(ran(r), ['FIXMP-1 FAIL']);
    assert.equal(r.code, 1);
  });
});

describe('usage errors', () => {
  it('refuses an unknown modification in the baseline before running anything', () => {
    const r = spawnSync(process.execPath, ['bin/sec-conformance.js', 'run', '--baseline', 'MP999'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--baseline: unknown modification "MP999"/);
  });

  it('refuses a known-deviations entry without a reason', () => {
    const dir = tempDir();
    made.push(dir);
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, '- scenario: x\n');
    const r = spawnSync(process.execPath, ['bin/sec-conformance.js', 'run', '--known-deviations', file], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /has no reason/);
  });
});
