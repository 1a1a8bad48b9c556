// MP077 from the outside: the reference over HTTP with a database file (as serve --db runs it),
// its /control registration-file and feature-switch endpoints, and `sec-conformance flags
// export / switch / check` as real processes on that same database file, while the server runs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Baseline } from '../src/baseline.ts';
import * as rq from '../src/duis/requests/index.ts';
import { parseResponse } from '../src/duis/responses.ts';
import { referenceOverHttp, type HttpTarget } from '../src/targets/http-target.ts';
import { servicePathFor } from '../src/targets/target.ts';
import { tempDir } from './helpers.ts';
import { addToHanLog, commission, DELIVERY_TIMEOUT_MS, ESME, GSME, installCh, MPAN, MPRN, prenotify, sign, signing, SUPPLIER_A, table, users, validator, type Scenario } from './reference-fixture.ts';
import { RequestIdCounter } from '../src/duis/header.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'sec-conformance.js');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Just enough of the fixture's Scenario to build requests (ctx) for the HTTP target. */
const counter = new RequestIdCounter();
const builder = { ctx: (name: string) => ({ table, counter, originator: users.named(name).id }) } as unknown as Scenario;

async function arrange(target: HttpTarget, req: rq.DuisRequest): Promise<void> {
  // the reference refuses unsigned requests (E3), so each goes signed as its originator
  let reply = await target.post(servicePathFor(req.commandVariant), sign(req.xml));
  let r = parseResponse(reply.body);
  if (req.commandVariant === 4) {
    assert.equal(r.header.responseCode, 'I0');
    assert.ok(r.body.type === 'ResponseMessage' && r.body.content.kind === 'PreCommand');
    const cv5 = rq.signedPreCommand(builder.ctx(SUPPLIER_A), { transform: req, gbcsPayload: r.body.content.gbcsPayload });
    reply = await target.post('serviceS', sign(cv5.xml));
    r = parseResponse(reply.body);
  }
  assert.ok(['I0', 'I99'].includes(r.header.responseCode), `${req.srv}: ${r.header.responseCode}`);
  if (r.header.responseCode === 'I99' && !table.isNonDevice(req.srv)) {
    const d = await target.awaitDelivery(req.requestId, DELIVERY_TIMEOUT_MS);
    assert.equal(parseResponse(d.body).header.responseCode, 'I0');
  }
}

describe('MP077 registration files from a served database', () => {
  const dir = tempDir();
  const db = join(dir, 'ref.db');
  let target: HttpTarget;

  before(async () => {
    target = await referenceOverHttp({ baseline: Baseline.all(), validator, dbFile: db, flagProfile: 'dsp-assessment', signing, log: () => {} });
    const ch = await target.control.provisionCommsHub!();
    await arrange(target, installCh(builder, SUPPLIER_A, ch.chf));
    for (const [id, type, hub, mpxn] of [[ESME, 'ESME', ch.chf, MPAN], [GSME, 'GSME', ch.gpf, MPRN]] as const) {
      await arrange(target, prenotify(builder, SUPPLIER_A, id, type));
      await arrange(target, addToHanLog(builder, SUPPLIER_A, hub, id, mpxn));
      await arrange(target, commission(builder, SUPPLIER_A, id));
    }
  });
  after(() => target.close());

  it('offers registration files and feature switches over /control', () => {
    assert.ok(target.capabilities.has('registration-files'));
    assert.ok(target.capabilities.has('feature-switches'));
  });

  it('flags export writes the changes not yet notified from the database the server is using, and a second run writes nothing', async () => {
    const out = join(dir, 'gas.dxi');
    const first = await cli(['flags', 'export', '--db', db, '--fuel', 'gas', '--out', out]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^1 gas record\(s\) written to .*gas\.dxi \(values sent: A, N, I; baseline all, flag profile dsp-assessment, feature switch on\)$/m);
    assert.match(readFileSync(out, 'utf8'), new RegExp(`^E45,${MPRN},A,\\d{8}\\n$`));
    // the server sees them as notified too: one notified state, in the database
    assert.equal(await target.control.registrationFile!('gas'), '');
    const second = await cli(['flags', 'export', '--db', db, '--fuel', 'gas', '--out', out]);
    assert.match(second.stdout, /^0 gas record\(s\)/);
    assert.equal(readFileSync(out, 'utf8'), '');
  });

  it('flags check passes the export and names what is wrong in a bad file', async () => {
    const out = join(dir, 'electricity.esf');
    assert.equal((await cli(['flags', 'export', '--db', db, '--fuel', 'electricity', '--out', out])).code, 0);
    const good = await cli(['flags', 'check', out, '--fuel', 'electricity']);
    assert.equal(good.code, 0, good.stdout);
    assert.match(good.stdout, /^PASS .*: 1 record\(s\)/);
    const bad = join(dir, 'bad.dxi');
    writeFileSync(bad, `E45,${MPRN},W,20240627\nE45,12345678901,A,20241301\n`);
    const r = await cli(['flags', 'check', bad, '--fuel', 'gas']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /line 1 DCC Service Flag: must be one of A/);
    assert.match(r.stdout, /line 2 Meter Point Reference: is at most 10 digits/);
    assert.match(r.stdout, /line 2 DCC Service Effective From Date: must be a date/);
    assert.equal((await cli(['flags', 'check', bad, '--fuel', 'gas', '--before-mp077'])).code, 1, 'line 2 is wrong on either side');
  });

  it('switches over /control and from the CLI: off keeps N, on catches up', async () => {
    await target.control.setFeatureSwitch!('electricity', false);
    await arrange(target, rq.decommissionDevice(builder.ctx(SUPPLIER_A), { deviceId: ESME }));
    assert.equal(await target.control.registrationFile!('electricity'), '');
    const on = await cli(['flags', 'switch', '--db', db, '--fuel', 'electricity', '--on']);
    assert.equal(on.code, 0, on.stderr);
    const out = join(dir, 'catch-up.esf');
    assert.equal((await cli(['flags', 'export', '--db', db, '--fuel', 'electricity', '--out', out])).code, 0);
    assert.match(readFileSync(out, 'utf8'), new RegExp(`^ESF,${MPAN},N,\\d{8}\\n$`));
  });

  it('/control refuses an unknown fuel (404), a switch without "on" (400) and the wrong method (405)', async () => {
    const base = target.url.replace(/\/$/, '');
    assert.equal((await fetch(`${base}/control/registration-files/water`, { method: 'POST' })).status, 404);
    assert.equal((await fetch(`${base}/control/registration-files/gas`, { method: 'GET' })).status, 405);
    const put = (body: string) => fetch(`${base}/control/feature-switches/gas`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body });
    assert.equal((await put('{}')).status, 400);
    assert.equal((await put('{"on":"yes"}')).status, 400);
    assert.equal((await put('{"on":true}')).status, 204);
  });

  it('flags respond answers a gas RDP\'s request from the database: AC with the flag held, RJ for an MPRN it holds none for; it notifies nothing', async () => {
    await arrange(target, rq.decommissionDevice(builder.ctx(SUPPLIER_A), { deviceId: GSME }));
    const request = join(dir, 'request.txt');
    writeFileSync(request, `${MPRN}\r\n\r\n`);
    const out = join(dir, 'answer.e46');
    const r = await cli(['flags', 'respond', '--db', db, '--request', request, '7399999990', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^2 E46 record\(s\) written to .*answer\.e46: 1 accepted \(AC\), 1 rejected \(RJ\) \(baseline all, flag profile dsp-assessment, feature switch on\)$/m);
    assert.match(readFileSync(out, 'utf8'), new RegExp(`^E46,AC,${MPRN},N,\\d{8}\\nE46,RJ,7399999990,N,\\d{8}\\n$`));
    const checked = await cli(['flags', 'check', out, '--layout', 'gas-response']);
    assert.equal(checked.code, 0, checked.stdout);
    // the answer notified nothing: the N is still pending for the next DCC Status File
    const after = join(dir, 'after-answer.dxi');
    assert.equal((await cli(['flags', 'export', '--db', db, '--fuel', 'gas', '--out', after])).code, 0);
    assert.match(readFileSync(after, 'utf8'), new RegExp(`^E45,${MPRN},N,\\d{8}\\n$`));
  });

  it('flags respond refuses bad input with exit 2 and a clear message', async () => {
    const out = join(dir, 'bad.e46');
    const cases: [string[], RegExp][] = [
      [['flags', 'respond', '--db', db, '--out', out], /say which Meter Points/],
      [['flags', 'respond', '--db', db, '--out', out, '73-00'], /Meter Point 1 "73-00" is not a Meter Point Reference/],
      [['flags', 'respond', '--db', db, '--out', out, '--fuel', 'electricity', MPAN], /only gas has a response record \(E46\)/],
      [['flags', 'respond', '--db', join(dir, 'nope.db'), '--out', out, MPRN], /no reference database/],
      [['flags', 'respond', '--db', db, '--out', out, '--request', join(dir, 'no-such-request.txt')], /no such request file/],
    ];
    const badRequest = join(dir, 'bad-request.txt');
    writeFileSync(badRequest, `${MPRN}\n12345678901\n`);
    cases.push([['flags', 'respond', '--db', db, '--out', out, '--request', badRequest], /bad-request\.txt, line 2: "12345678901" is not a Meter Point Reference/]);
    for (const [args, message] of cases) {
      const r = await cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
    }
  });

  it('refuses bad usage with exit 2 and creates no database for a mistyped path', async () => {
    const r = await cli(['flags', 'export', '--db', join(dir, 'nope.db'), '--fuel', 'gas', '--out', join(dir, 'x')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no reference database/);
    assert.equal((await cli(['flags', 'export', '--db', db, '--fuel', 'water', '--out', join(dir, 'x')])).code, 2);
    assert.equal((await cli(['flags', 'switch', '--db', db, '--fuel', 'gas'])).code, 2);
  });
});
