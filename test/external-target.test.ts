// The external-target path end to end, as someone certifying an endpoint would use it: the
// reference started as a separate process (`sec-conformance serve --control`), known to the suite
// ONLY through a target file, run with `sec-conformance run --target-file`. Same verdicts as the
// in-process run; known deviations excuse listed failures and nothing else; a port where nothing
// listens gives ERROR verdicts and a readable report within the time-outs.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import type { ScenarioResult } from '../src/report/model.ts';
import { tempDir } from './helpers.ts';
import { freePort, ROOT, run, scenarios, serve, targetFile, verdicts, type Run, type Served } from './suite-process.ts';

const DSP = '90-B3-D5-1F-30-00-00-02';

describe('an endpoint in another process, configured only through a target file', () => {
  const dir = tempDir('sec-conformance-external-');
  let served: Served;
  let external: Run;
  let inProcess: Run;

  before(async () => {
    const receiverPort = await freePort();
    served = await serve(['--control', '--deliver-to', `http://127.0.0.1:${receiverPort}/smartdcc/duis`], dir);
    const file = targetFile(dir, 'reference.yaml', {
      name: 'reference in another process',
      url: served.url,
      receiver: { port: receiverPort },
      capabilities: 'discover',
      timeouts: { requestMs: 10_000, connectMs: 2_000, deliveryMs: 10_000 },
      baseline: 'all',
    });
    external = await run(['--target-file', file], join(dir, 'external'));
    inProcess = await run([], join(dir, 'in-process'));
  });

  after(async () => {
    await served?.stop();
  });

  it('gets the same verdict for every scenario as the in-process run', () => {
    assert.equal(inProcess.code, 0, inProcess.stdout);
    assert.ok(scenarios(inProcess.report).length >= 30, 'the whole suite ran in process');
    assert.deepEqual(verdicts(external.report), verdicts(inProcess.report), external.stdout);
    assert.equal(external.code, 0);
    assert.equal(external.lastLine, inProcess.lastLine);
    assert.match(external.report.run.target ?? '', /^external DUIS endpoint http:\/\/127\.0\.0\.1:\d+ \(target file .*reference\.yaml\)$/);
  });

  it('used the capabilities the endpoint offers: fault injection and inspection scenarios ran', () => {
    const ran = scenarios(external.report).filter((s) => s.tags.includes('@needs:fault-injection'));
    assert.ok(ran.length > 0);
    for (const s of ran) assert.equal(s.verdict, 'PASS', s.name);
  });

  it('signed every request, and every reply and delivery it got was signed by the DSP and verified', () => {
    const all = scenarios(external.report).flatMap((s) => s.exchanges);
    const requests = all.filter((x) => x.direction === 'request');
    const answers = all.filter((x) => x.direction !== 'request');
    assert.ok(requests.length > 100 && answers.some((x) => x.direction === 'delivery'));
    for (const x of requests) assert.match(x.body, /<ds:SignatureValue>/, `request ${x.requestId} went unsigned`);
    for (const x of answers) assert.deepEqual(x.signature, { valid: true, signed: true, signer: DSP }, `${x.direction} for ${x.requestId}`);
  });
});

describe('known deviations of an external endpoint, end to end', () => {
  const dir = tempDir('sec-conformance-deviations-');
  let served: Served;
  let receiverPort: number;
  const mp178 = join(ROOT, 'features', 'MP178');

  before(async () => {
    receiverPort = await freePort();
    // an endpoint without MP178, certified against a baseline that says it has it
    served = await serve(['--control', '--baseline', 'none', '--deliver-to', `http://127.0.0.1:${receiverPort}/smartdcc/duis`], dir);
  });

  after(async () => {
    await served?.stop();
  });

  const fileWith = (name: string, deviations: object[]): string => {
    const list = join(dir, `${name}-deviations.yaml`);
    writeFileSync(list, stringify({ deviations }));
    return targetFile(dir, `${name}.yaml`, {
      url: served.url,
      receiver: { port: receiverPort },
      capabilities: 'discover',
      baseline: 'all',
      knownDeviations: list,
    });
  };
  const reason = (req: string) => ({ requirement: req, reason: `${req}: this DSP predates MP178`, link: 'https://example.org/dsp/42' });

  it('reports listed failures EXPECTED FAIL with their reason and passes the run', async () => {
    const r = await run(['--target-file', fileWith('listed', [reason('MP178-1'), reason('MP178-2'), reason('MP178-4')]), mp178], join(dir, 'listed'));
    const byReq = (id: string) => scenarios(r.report).filter((s) => s.requirement === id);
    for (const id of ['MP178-1', 'MP178-2', 'MP178-4']) {
      for (const s of byReq(id)) {
        assert.equal(s.verdict, 'EXPECTED FAIL', `${s.name}: ${s.message}`);
        assert.equal(s.deviation?.link, 'https://example.org/dsp/42');
      }
    }
    assert.deepEqual(r.report.counts, { PASS: 4, FAIL: 0, ERROR: 0, 'EXPECTED FAIL': 7, 'NOT APPLICABLE': 0 });
    assert.equal(r.lastLine, '11 passed, 0 failed');
    assert.equal(r.code, 0);
    assert.match(readFileSync(join(r.reports, 'conformance.html'), 'utf8'), /MP178-1: this DSP predates MP178/);
  });

  it('fails the run for a listed deviation that passes and for a failure nobody listed', async () => {
    const r = await run(['--target-file', fileWith('stale', [reason('MP178-1'), reason('MP178-2'), reason('MP178-5')]), mp178], join(dir, 'stale'));
    const byReq = (id: string) => scenarios(r.report).filter((s) => s.requirement === id);
    for (const s of byReq('MP178-5')) {
      assert.equal(s.verdict, 'FAIL');
      assert.match(s.message ?? '', /deviation no longer present: remove it from the list \(requirement MP178-5 now passes/);
    }
    for (const s of byReq('MP178-4')) assert.equal(s.verdict, 'FAIL', 'an unlisted failure stays a FAIL');
    assert.equal(r.code, 1);
    // passed: MP178-1 and -2 excused (5), MP178-6 (2); failed: MP178-4 unlisted (2), MP178-5 stale (2)
    assert.equal(r.lastLine, '7 passed, 4 failed');
  });
});

describe('a port where nothing listens', () => {
  const dir = tempDir('sec-conformance-nothing-');

  it('gives ERROR (or NOT APPLICABLE) to every scenario, excuses none of them, and writes readable reports within the time-outs', async () => {
    const port = await freePort();
    const deviations = join(dir, 'deviations.yaml');
    writeFileSync(deviations, stringify([{ requirement: 'IC-1', reason: 'listed to show that an ERROR is never excused' }]));
    const file = targetFile(dir, 'nothing.yaml', {
      name: 'nothing there',
      url: `http://127.0.0.1:${port}`,
      capabilities: [],
      timeouts: { requestMs: 3_000, connectMs: 1_000, deliveryMs: 2_000, settleMs: 500 },
      fixtures: { commsHubs: [{ chf: '00-DB-C0-00-00-00-01-01', gpf: '00-DB-C0-00-00-00-01-02' }] },
      knownDeviations: deviations,
    });
    const r = await run(['--target-file', file], join(dir, 'reports'));
    assert.ok(r.ms < 120_000, `the run took ${r.ms} ms`);
    assert.equal(r.code, 1);
    const all = scenarios(r.report);
    assert.ok(all.length >= 30);
    // a check of the suite itself (MP081's BlockThreshold unit) never talks to the target and may
    // pass; anything that does talk to it cannot
    const offline = (s: ScenarioResult) => s.exchanges.length === 0;
    for (const s of all) assert.ok(s.verdict === 'ERROR' || s.verdict === 'NOT APPLICABLE' || (s.verdict === 'PASS' && offline(s)), `${s.name}: ${s.verdict}`);
    const passed = all.filter((s) => s.verdict === 'PASS').length;
    const refused = all.filter((s) => /connection refused by 127\.0\.0\.1:\d+; is the target running there\?/.test(s.message ?? ''));
    assert.ok(refused.length >= 5, 'scenarios that reached the wire say the connection was refused');
    // the one hub fixture went to the first scenario that needed one; later ones say they ran out
    assert.ok(all.some((s) => /no more Communications Hub fixtures with status Pending in .*nothing\.yaml \(1 used in this run\)/.test(s.message ?? '')));
    for (const s of all.filter((x) => x.requirement === 'IC-1')) assert.equal(s.verdict, 'ERROR', 'a listed ERROR is still an ERROR');
    const na = all.filter((s) => s.verdict === 'NOT APPLICABLE');
    assert.ok(na.length > 0);
    for (const s of na) assert.match(s.message ?? '', /target "nothing there" does not offer: [a-z-]+(, [a-z-]+)*$/);
    // every report says so
    const html = readFileSync(join(r.reports, 'conformance.html'), 'utf8');
    assert.match(html, /connection refused by 127\.0\.0\.1:\d+/);
    assert.match(html, /Not applicable because the target does not offer: <b>[a-z-]+<\/b>/);
    const junit = readFileSync(join(r.reports, 'junit.xml'), 'utf8');
    assert.match(junit, /<error type="ERROR" message="[^"]*connection refused/);
    assert.match(junit, /<skipped message="NOT APPLICABLE: target &quot;nothing there&quot; does not offer: fault-injection/);
    assert.match(r.stdout, /^\d+ not applicable .*target lacks: [a-z-]+/m);
    assert.match(r.lastLine, new RegExp(`^${passed} passed, \\d+ failed$`));
  });
});
