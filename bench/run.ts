// What a conformance run costs, and where the reference's time per request goes, all measured in
// this one run. Run: node --import tsx bench/run.ts
//
// 1. The whole suite as a user runs it (`node bin/sec-conformance.js run`), against the
//    in-process reference (--target ref, the baseline) and over HTTP (--target ref-http):
//    wall time per run (process start, schema compile and report writing included), median of
//    CLI_RUNS runs each, alternating the two so drift hits both alike; the HTTP / in-process
//    ratio; scenarios and DUIS messages, counted from each run's conformance.json (every
//    scenario's recorded exchanges: requests, synchronous replies, asynchronous deliveries).
// 2. The reference's cost per DUIS request against the bare cost of XSD-validating the same
//    messages, in this process: the install and commission flow built with the request
//    builders and driven through createInProcessTarget, FLOWS_PER_PASS flows per pass, a fresh
//    reference per pass, PASSES passes after a warm-up pass; after each pass, as the baseline,
//    DuisValidator alone on the request, reply and delivery XML that pass produced. handle()
//    (post -> synchronous reply) is timed apart from the wait for the asynchronous delivery,
//    and the reference's own validate() calls are timed in place. Each cost is given two ways:
//    median of pass totals, and per-call medians (robust to GC and to other load on a shared
//    machine).
// Nothing here asserts on timings. The flows do check their response codes: a refusal would
// make the reference look cheaper than the work the suite asks of it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ASSUMPTIONS } from '../reference-impl/index.ts';
import { Baseline } from '../src/baseline.ts';
import { RequestIdCounter } from '../src/duis/header.ts';
import {
  chfInstallSuccess,
  commissionDevice,
  devicePrenotification,
  joinServiceNonCritical,
  readInventory,
  signedPreCommand,
  unjoinServiceNonCritical,
  updateHanDeviceLog,
  type DuisRequest,
  type RequestContext,
} from '../src/duis/requests/index.ts';
import { parseResponse, type DuisResponse } from '../src/duis/responses.ts';
import { srvTableFor } from '../src/duis/srv-table.ts';
import type { ConformanceReport } from '../src/report/model.ts';
import { dccBoxedKeyStore } from '../src/sign/dcc-boxed-keys.ts';
import { DuisSigning } from '../src/sign/duis-signing.ts';
import { createInProcessTarget } from '../src/targets/in-process.ts';
import { servicePathFor } from '../src/targets/target.ts';
import { UserDirectory } from '../src/users.ts';
import { DuisValidator } from '../src/validation/validator.ts';

const CLI_RUNS = 3;
const FLOWS_PER_PASS = 60;
const PASSES = 5;
const BARE_ROUNDS = 2;
const TIMER_SAMPLES = 500;
const DELIVERY_TIMEOUT_MS = 5_000;

const root = fileURLToPath(new URL('../', import.meta.url));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (ms: number, digits = 4): string => ms.toFixed(digits);
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;

// =============================================================================================
// 1. The full conformance run, in-process and over HTTP

interface CliRun {
  ms: number;
  status: number | null;
  lastLine: string;
  scenarios: number;
  scenarioMs: number;
  messages: { request: number; reply: number; delivery: number; raw: number };
}

function cliRun(target: 'ref' | 'ref-http'): CliRun {
  const reports = mkdtempSync(join(tmpdir(), 'sec-conformance-bench-run-'));
  try {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['bin/sec-conformance.js', 'run', '--target', target, '--reports', reports], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const ms = performance.now() - t;
    const lastLine = r.stdout.trimEnd().split('\n').pop() ?? '';
    if (r.status !== 0) {
      throw new Error(`sec-conformance run --target ${target} exited ${r.status}: ${lastLine}\n${r.stderr.slice(-2000)}`);
    }
    const report = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
    const messages = { request: 0, reply: 0, delivery: 0, raw: 0 };
    let scenarios = 0;
    let scenarioMs = 0;
    for (const m of report.modifications) {
      for (const q of m.requirements) {
        for (const s of q.scenarios) {
          scenarios++;
          scenarioMs += s.durationMs ?? 0;
          for (const e of s.exchanges) {
            messages[e.direction]++;
            if (e.raw) messages.raw++;
          }
        }
      }
    }
    return { ms, status: r.status, lastLine, scenarios, scenarioMs, messages };
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
}

console.log(`1. full conformance run: node bin/sec-conformance.js run --target ref | ref-http (${CLI_RUNS} runs each, alternating, after one untimed warm-up of each)`);
cliRun('ref');
cliRun('ref-http');
const cli: Record<'ref' | 'ref-http', CliRun[]> = { ref: [], 'ref-http': [] };
for (let i = 0; i < CLI_RUNS; i++) {
  cli.ref.push(cliRun('ref'));
  cli['ref-http'].push(cliRun('ref-http'));
}
{
  const width = 32;
  console.log('');
  console.log(`${'target'.padEnd(width)}  ${'wall ms'.padStart(8)}  ${'in scenarios ms'.padStart(15)}  ${'vs ref'.padStart(7)}  runs (wall ms)`);
  console.log(`${'-'.repeat(width)}  ${'-'.repeat(8)}  ${'-'.repeat(15)}  ${'-'.repeat(7)}  ${'-'.repeat(14)}`);
  const base = median(cli.ref.map((r) => r.ms));
  const baseIn = median(cli.ref.map((r) => r.scenarioMs));
  for (const [name, runs] of [['ref (in-process, baseline)', cli.ref], ['ref-http (reference over HTTP)', cli['ref-http']]] as const) {
    const wall = median(runs.map((r) => r.ms));
    const inside = median(runs.map((r) => r.scenarioMs));
    console.log(
      `${name.padEnd(width)}  ${wall.toFixed(0).padStart(8)}  ${inside.toFixed(0).padStart(15)}  ${ratio(wall, base).padStart(7)}  ${runs.map((r) => r.ms.toFixed(0)).join(', ')}`,
    );
    if (name.startsWith('ref-http')) console.log(`${''.padEnd(width)}  HTTP / in-process: wall ${ratio(wall, base)}, time inside scenarios ${ratio(inside, baseIn)}`);
  }
  console.log('');
  for (const name of ['ref', 'ref-http'] as const) {
    const r = cli[name][0]!;
    const m = r.messages;
    const total = m.request + m.reply + m.delivery;
    const same = cli[name].every((x) => x.scenarios === r.scenarios && x.messages.request === m.request && x.messages.delivery === m.delivery);
    console.log(
      `${name}: ${r.scenarios} scenarios, ${total} DUIS messages = ${m.request} requests (${m.raw} raw) + ${m.reply} synchronous replies + ${m.delivery} asynchronous deliveries` +
        `${same ? '' : ' (varied between runs)'}; "${r.lastLine}"`,
    );
  }
  console.log('messages counted from each run\'s conformance.json: the exchanges every scenario recorded (what the World sent and got, as messages.ndjson attaches them).');
  console.log('"in scenarios" = sum of scenario durations in conformance.json; the rest of the wall time is process start, tsx, schema compile, cucumber and report writing.');
}

// =============================================================================================
// 2. The reference's cost per request against bare XSD validation of the same messages

const validator = await DuisValidator.load();
const table = srvTableFor(validator.schemaSet);
const users = new UserDirectory();
const supplier = users.named('Supplier A');

// The reference gets a validator that times its own calls: the share of handle() spent
// validating. Only handle() validates (the pipeline's first check), synchronously, so the time
// accumulated during one post() is that request's.
let validateMsSinceReset = 0;
const timingValidator = Object.create(validator) as DuisValidator;
Object.defineProperty(timingValidator, 'validate', {
  value: (input: string | Uint8Array) => {
    const t = performance.now();
    try {
      return validator.validate(input);
    } finally {
      validateMsSinceReset += performance.now() - t;
    }
  },
});

// No artificial device delay (the default already, passed explicitly so the output can say so).
const timings = { deviceResponseMs: 0, noResponseTimeoutMs: DEFAULT_ASSUMPTIONS.timings.noResponseTimeoutMs };

/** One DUIS request of a flow and what it cost. */
interface Sent {
  /** Position in the flow: the same slot is the same kind of request in every flow. */
  slot: number;
  label: string;
  request: string;
  reply: string;
  delivery?: string;
  /** post() until the synchronous reply is in hand: handle(). */
  syncMs: number;
  /** Of syncMs, inside the reference's own validator.validate(). */
  refValidateMs: number;
  /** Device requests: from the reply being in hand until the delivery is (the reference's async work plus idle timer wait). */
  asyncMs?: number;
  /** Process CPU (process.cpuUsage, all threads) during asyncMs. */
  asyncCpuMs?: number;
  /** Bare validation of this request's request, reply and delivery, one sample per round. */
  bare: { request: number[]; reply: number[]; delivery: number[] };
}

interface Pass {
  sent: Sent[];
  controlMs: number[];
}

let serial = 0;
const nextSerial = (): number => ++serial;
/** A device EUI of our own prefix, unique in this process. */
const deviceId = (n: number): string => ['00', 'DB', '5E', ...n.toString(16).toUpperCase().padStart(10, '0').match(/../g)!].join('-');
const mpxn = (n: number): string => `1${String(n).padStart(12, '0')}`;
const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

// requests are signed before the clock starts: handle() then includes the reference's signature
// check and the signing of its reply, as a real DSP's would
const signing = new DuisSigning(await dccBoxedKeyStore());

async function runPass(flows: number): Promise<Pass> {
  const target = createInProcessTarget({ baseline: Baseline.all(), validator: timingValidator, users, signing, assumptions: { timings } });
  const ctx: RequestContext = { table, counter: new RequestIdCounter(), originator: supplier.id };
  const sent: Sent[] = [];
  const controlMs: number[] = [];
  let slot = 0;

  /** Post and check for success; for a device request's I99, wait for its delivery and check it is I0. */
  const send = async (req: DuisRequest): Promise<DuisResponse> => {
    const signed = signing.signRequest(req.xml);
    validateMsSinceReset = 0;
    const t0 = performance.now();
    const reply = await target.post(servicePathFor(req.commandVariant), signed);
    const syncMs = performance.now() - t0;
    const refValidateMs = validateMsSinceReset;
    const response = parseResponse(reply.body);
    const code = response.header.responseCode;
    if (code !== 'I0' && code !== 'I99') throw new Error(`bench flow: ${req.srv} CV ${req.commandVariant} answered ${code}`);
    const label = `${req.srv}${req.commandVariant === 4 || req.commandVariant === 5 ? ` CV${req.commandVariant}` : ''}`;
    const s: Sent = { slot: slot++, label, request: req.xml, reply: reply.body, syncMs, refValidateMs, bare: { request: [], reply: [], delivery: [] } };
    if (code === 'I99' && !table.isNonDevice(req.srv)) {
      const c1 = process.cpuUsage();
      const t1 = performance.now();
      const d = await target.awaitDelivery(req.requestId, DELIVERY_TIMEOUT_MS);
      s.asyncMs = performance.now() - t1;
      s.asyncCpuMs = cpuMs(process.cpuUsage(c1));
      s.delivery = d.body;
      const outcome = parseResponse(d.body).header.responseCode;
      if (outcome !== 'I0') throw new Error(`bench flow: ${req.srv} delivery answered ${outcome}`);
    }
    sent.push(s);
    return response;
  };

  try {
    for (let f = 0; f < flows; f++) {
      slot = 0;
      const t = performance.now();
      const hub = await target.control.provisionCommsHub!();
      controlMs.push(performance.now() - t);
      const esme = deviceId(nextSerial());
      const ihd = deviceId(nextSerial());
      const esmeMpxn = mpxn(nextSerial());
      const now = new Date();
      const installCode = '00112233445566778899AABBCCDDEEFF';
      const details = { manufacturer: 'AB01', model: '010A030B', smetsChtsVersion: 'SMETS V1.58', firmwareVersion: '0002012F' };

      await send(chfInstallSuccess(ctx, { chfId: hub.chf, mpxn: mpxn(nextSerial()), aerialInstall: false, location: 'Indoors on external wall', installDateTime: now }));
      await send(devicePrenotification(ctx, { deviceId: esme, deviceType: 'ESME', ...details, esmeVariant: 'A' }));
      await send(devicePrenotification(ctx, { deviceId: ihd, deviceType: 'IHD', ...details }));
      await send(updateHanDeviceLog(ctx, { target: hub.chf, deviceId: esme, action: 'Add', whitelist: { joinTimePeriod: 3600, installCode, importMPxN: esmeMpxn } }));
      await send(updateHanDeviceLog(ctx, { target: hub.chf, deviceId: ihd, action: 'Add', whitelist: { joinTimePeriod: 3600, installCode } }));
      const commission = commissionDevice(ctx, { target: esme, currentDateTime: now, tolerancePeriod: 30 });
      const cv4 = await send(commission);
      const content = cv4.body.type === 'ResponseMessage' ? cv4.body.content : undefined;
      if (content?.kind !== 'PreCommand') throw new Error('bench flow: 8.1.1 CV 4 answered without a PreCommand');
      await send(signedPreCommand(ctx, { transform: commission, gbcsPayload: content.gbcsPayload }));
      await send(joinServiceNonCritical(ctx, { target: esme, otherDeviceId: ihd }));
      await send(unjoinServiceNonCritical(ctx, { target: esme, otherDeviceId: ihd }));
      await send(readInventory(ctx, { deviceId: esme }));
      await send(readInventory(ctx, { deviceId: ihd }));
      await send(readInventory(ctx, { mpxn: esmeMpxn }));
    }
    await target.reference.whenIdle();
    if (target.reference.asyncErrors.length) throw new Error(`bench flow: reference async errors: ${target.reference.asyncErrors.map((e) => e.message).join('; ')}`);
  } finally {
    await target.close();
  }
  return { sent, controlMs };
}

/** The baseline: DuisValidator alone on every message of a pass, in the order they crossed, each call timed. */
let bareInvalid = 0;
let bareDocs = 0;
function bareValidate(p: Pass): void {
  const one = (doc: string): number => {
    const t = performance.now();
    const valid = validator.validate(doc).valid;
    const ms = performance.now() - t;
    bareDocs++;
    if (!valid) bareInvalid++;
    return ms;
  };
  for (const s of p.sent) {
    s.bare.request.push(one(s.request));
    s.bare.reply.push(one(s.reply));
    if (s.delivery !== undefined) s.bare.delivery.push(one(s.delivery));
  }
}

/** Latency of a bare `await setTimeout(0)` in this process: the floor under a deviceResponseMs: 0 delivery. */
async function timerFloor(samples: number): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await new Promise<void>((r) => setTimeout(r, 0));
    xs.push(performance.now() - t);
  }
  return median(xs);
}

const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log('');
console.log(`2. reference cost per DUIS request vs bare XSD validation of the same messages, in this process`);
console.log(`   ${PASSES} passes of ${FLOWS_PER_PASS} install-and-commission flows through createInProcessTarget (a fresh reference per pass, after an untimed warm-up pass);`);
console.log(`   after each pass, DuisValidator alone on that pass's requests, replies and deliveries, ${BARE_ROUNDS} rounds`);
const loadBefore = load();
bareValidate(await runPass(FLOWS_PER_PASS)); // warm-up: JIT, SQLite, libxml2-wasm heap
const passes: Pass[] = [];
for (let i = 0; i < PASSES; i++) {
  const p = await runPass(FLOWS_PER_PASS);
  for (let r = 0; r < BARE_ROUNDS; r++) bareValidate(p);
  passes.push(p);
}
const floorMs = await timerFloor(TIMER_SAMPLES);
const loadAfter = load();

{
  const first = passes[0]!;
  const n = first.sent.length;
  const slots = n / FLOWS_PER_PASS;
  const nDevice = first.sent.filter((s) => s.asyncMs !== undefined).length;
  const all = passes.flatMap((p) => p.sent);
  const sum = (xs: number[]): number => xs.reduce((a, x) => a + x, 0);

  // Two estimates of each cost, in ms per DUIS request of the mix:
  //  totals:  median over passes (or bare rounds) of the pass's total / requests; GC and any
  //           other process on this shared machine stay in
  //  typical: for each slot of the flow, the median single call over every flow and pass, summed
  //           over the slots / requests per flow; robust to a preempted or GC-hit call
  type Metric = (s: Sent) => number[];
  const totals = (m: Metric): number => {
    const rounds = Math.max(...all.map((s) => m(s).length));
    const samples: number[] = [];
    for (const p of passes) for (let r = 0; r < rounds; r++) samples.push(sum(p.sent.map((s) => m(s)[r] ?? 0)) / n);
    return median(samples);
  };
  const typical = (m: Metric): number => {
    let total = 0;
    for (let k = 0; k < slots; k++) {
      const xs = all.filter((s) => s.slot === k).flatMap(m);
      if (xs.length) total += median(xs);
    }
    return total / slots;
  };
  const one = (f: (s: Sent) => number | undefined): Metric => (s) => {
    const v = f(s);
    return v === undefined ? [] : [v];
  };
  const bareAll: Metric = (s) => s.bare.request.map((x, r) => x + s.bare.reply[r]! + (s.bare.delivery[r] ?? 0));
  const handle = one((s) => s.syncMs);
  const refValidate = one((s) => s.refValidateMs);
  const handleRest = one((s) => s.syncMs - s.refValidateMs);
  const wait = one((s) => s.asyncMs);
  const waitCpu = one((s) => s.asyncCpuMs);
  const waitIdle = one((s) => (s.asyncMs === undefined ? undefined : Math.max(0, s.asyncMs - s.asyncCpuMs!)));
  const busy = one((s) => s.syncMs + (s.asyncCpuMs ?? 0));
  const endToEnd = one((s) => s.syncMs + (s.asyncMs ?? 0));

  const mix = new Map<string, number>();
  for (const s of first.sent) mix.set(s.label, (mix.get(s.label) ?? 0) + 1);
  const meanBytes = (k: 'request' | 'reply' | 'delivery'): number => {
    const docs = first.sent.flatMap((s) => (s[k] !== undefined ? [Buffer.byteLength(s[k]!)] : []));
    return sum(docs) / docs.length;
  };

  console.log('');
  console.log('flow (as Supplier A): provisionCommsHub (control), 8.14.1, 12.2 ESME, 12.2 IHD, 8.11 Add ESME, 8.11 Add IHD, 8.1.1 CV4 + CV5 ESME, 8.7.2 join IHD, 8.8.2 unjoin IHD, 8.2 by ESME, IHD and MPxN');
  console.log(`per pass: ${n} DUIS requests (${[...mix].map(([k, v]) => `${k} x${v}`).join(', ')}), ${nDevice} with an asynchronous delivery; ${n * PASSES} requests timed in all`);
  console.log(`mean size: request ${meanBytes('request').toFixed(0)} B, reply ${meanBytes('reply').toFixed(0)} B, delivery ${meanBytes('delivery').toFixed(0)} B; bare validation: ${bareInvalid} of ${bareDocs} documents invalid`);
  console.log(
    `reference timings: assumptions { timings: { deviceResponseMs: ${timings.deviceResponseMs}, noResponseTimeoutMs: ${timings.noResponseTimeoutMs} } } passed ` +
      `(defaults ${DEFAULT_ASSUMPTIONS.timings.deviceResponseMs} and ${DEFAULT_ASSUMPTIONS.timings.noResponseTimeoutMs}): no artificial device delay; ` +
      `the no-response time-out never fires here (no faults)`,
  );
  console.log(`a delivery still waits for a setTimeout(0), which Node fires no sooner than 1 ms later: a bare await setTimeout(0) here takes ${fmt(floorMs)} ms (median of ${TIMER_SAMPLES})`);
  console.log(`load average (1, 5, 15 min) before part 2: ${loadBefore}; after: ${loadAfter} (${cpus().length} CPUs)`);
  console.log('');

  const bareT = totals(bareAll);
  const bareY = typical(bareAll);
  const rows: { method: string; m: Metric; note?: string }[] = [
    { method: 'bare validation: request + reply + delivery (baseline)', m: bareAll },
    { method: '  request', m: (s) => s.bare.request },
    { method: '  synchronous reply', m: (s) => s.bare.reply },
    { method: `  delivery (${nDevice} of ${n} requests have one)`, m: (s) => s.bare.delivery },
    { method: 'reference: handle() (post -> synchronous reply)', m: handle },
    { method: '  its own XSD validation of the request', m: refValidate },
    { method: '  everything else (reading, checks, SQLite, reply)', m: handleRest },
    { method: 'reference: reply -> delivery in hand', m: wait },
    { method: '  process CPU meanwhile (device, SMI update, delivery)', m: waitCpu },
    { method: '  idle (timer wait)', m: waitIdle },
    { method: 'reference busy: handle() + CPU while delivering', m: busy },
    { method: 'reference end to end: handle() + delivery wait', m: endToEnd },
  ];
  const width = Math.max(...rows.map((r) => r.method.length));
  console.log(`${'ms per DUIS request of the mix'.padEnd(width)}  ${'totals'.padStart(8)}  ${'vs bare'.padStart(7)}  ${'typical'.padStart(8)}  ${'vs bare'.padStart(7)}`);
  console.log(`${'-'.repeat(width)}  ${'-'.repeat(8)}  ${'-'.repeat(7)}  ${'-'.repeat(8)}  ${'-'.repeat(7)}`);
  const results = new Map<Metric, { t: number; y: number }>();
  for (const r of rows) {
    const t = totals(r.m);
    const y = typical(r.m);
    results.set(r.m, { t, y });
    console.log(`${r.method.padEnd(width)}  ${fmt(t).padStart(8)}  ${ratio(t, bareT).padStart(7)}  ${fmt(y).padStart(8)}  ${ratio(y, bareY).padStart(7)}`);
  }
  console.log('totals: median over passes of (pass total / requests), GC and other load on the machine included;');
  console.log('typical: per slot of the flow, the median single call over all flows and passes, summed / requests per flow.');
  console.log('');

  const get = (m: Metric) => results.get(m)!;
  const h = get(handle);
  const v = get(refValidate);
  const b = get(busy);
  const e = get(endToEnd);
  const share = (x: number, of: number): string => `${((x / of) * 100).toFixed(0)}%`;
  console.log(`reference / bare validation (totals; typical): handle() ${ratio(h.t, bareT)}; ${ratio(h.y, bareY)}, busy ${ratio(b.t, bareT)}; ${ratio(b.y, bareY)}, end to end ${ratio(e.t, bareT)}; ${ratio(e.y, bareY)}`);
  console.log(
    `validation inside the reference (one validate() per request, of the request only): ${share(v.t, h.t)}; ${share(v.y, h.y)} of handle(), ` +
      `${share(v.t, b.t)}; ${share(v.y, b.y)} of its busy time, ${share(v.t, e.t)}; ${share(v.y, e.y)} end to end`,
  );
  console.log(
    `the same requests validated bare vs inside handle() (typical): ${fmt(typical((s) => s.bare.request))} vs ${fmt(v.y)} ms ` +
      '(in place, between SQLite and XML reading, the same call runs slower than in a tight loop)',
  );
  console.log('');
  console.log('by request kind (typical, ms per call): handle() | its validate() | bare request+reply+delivery | handle() / bare');
  const labels = [...new Set(first.sent.map((s) => s.label))];
  const lw = Math.max(...labels.map((l) => l.length));
  for (const label of labels) {
    const of = all.filter((s) => s.label === label);
    const hh = median(of.map((s) => s.syncMs));
    const vv = median(of.map((s) => s.refValidateMs));
    const bb = median(of.flatMap(bareAll));
    const dd = of[0]!.asyncMs !== undefined ? `; delivery wait ${fmt(median(of.map((s) => s.asyncMs!)))}` : '';
    console.log(`  ${label.padEnd(lw)}  ${fmt(hh)} | ${fmt(vv)} | ${fmt(bb)} | ${ratio(hh, bb).padStart(6)}${dd}`);
  }
  console.log(`provisionCommsHub (control, not a DUIS request, in no row above): median ${fmt(median(passes.flatMap((p) => p.controlMs)))} ms per call`);
  console.log(`handle() per pass, ms/request: ${passes.map((p) => fmt(sum(p.sent.map((s) => s.syncMs)) / n)).join(', ')}`);
}
