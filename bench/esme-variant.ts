// MP125 at scale: DCC estimated some 719,000 ESMEs carry a wrong ESME Variant (seed 002, section
// 3.2). How many 8.4 corrections per second does the in-process reference take, against the bare
// cost of building and XSD-validating the same requests, both measured in this one run?
//
//   node --import tsx bench/esme-variant.ts [--devices N]      (default 100000)
//
// The SMI is populated with SmiInventory.addMany (ReferenceSmi.seedInventory): N Commissioned
// SMETS2 ESMEs with Supplier A responsible, written in one transaction through one prepared
// statement. Running N full DUIS install flows (12.2, 8.11, 8.1.1 over CV 4/5) would time the
// install, not the correction. No assertion on time: the figures are printed as ratios.
import { performance } from 'node:perf_hooks';
import { Baseline } from '../src/baseline.ts';
import { RequestIdCounter } from '../src/duis/header.ts';
import { updateInventory, type EsmeVariant, type RequestContext } from '../src/duis/requests/index.ts';
import { srvTableFor } from '../src/duis/srv-table.ts';
import { dccBoxedKeyStore } from '../src/sign/dcc-boxed-keys.ts';
import { DuisSigning } from '../src/sign/duis-signing.ts';
import { DEFAULT_USERS } from '../src/users.ts';
import { DuisValidator } from '../src/validation/validator.ts';
import { createReferenceSmi, type SmiDevice } from '../reference-impl/index.ts';

const arg = process.argv.indexOf('--devices');
const N = arg > 0 ? Number(process.argv[arg + 1]) : 100_000;
if (!Number.isSafeInteger(N) || N < 1) throw new Error('--devices takes a whole number above 0');
const ESTIMATED_WRONG = 719_000;

const supplier = DEFAULT_USERS.find((u) => u.name === 'Supplier A')!;
const validator = await DuisValidator.load();
const table = srvTableFor(validator.schemaSet);

/** EUI-64 number i under a prefix of our own. */
const eui = (i: number): string => ['00', 'DB', '5E', ...i.toString(16).toUpperCase().padStart(10, '0').match(/../g)!].join('-');
const ids = Array.from({ length: N }, (_, i) => eui(i + 1));
const VARIANTS: EsmeVariant[] = ['B', 'C', 'AD', 'BD', 'CDE'];

// a fresh counter per phase: the reference wants each User's counters strictly rising
const ctx = (): RequestContext => ({ table, counter: new RequestIdCounter({ floor: 1 }), originator: supplier.id });
const correction = (c: RequestContext, i: number) =>
  updateInventory(c, { deviceId: ids[i]!, update: { deviceDetails: { esmeVariant: VARIANTS[i % VARIANTS.length]! } } });

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

// The reference signs every reply (DSP key), which is part of its cost; request signature checks are
// switched off so the ratio speaks of the correction itself, against build + validate.
const signing = new DuisSigning(await dccBoxedKeyStore());
const smi = createReferenceSmi({ baseline: Baseline.all(), validator, signing, rules: { checkRequestSignatures: false }, clock: () => new Date('2024-06-27T09:00:00Z') });
try {
  // --- populate the SMI ------------------------------------------------------------------------
  const devices = ids.map(
    (deviceId): SmiDevice => ({
      deviceId,
      deviceType: 'ESME',
      status: 'Commissioned',
      manufacturer: 'AB01',
      model: '010A030B',
      smetsChtsVersion: 'SMETS V4.0',
      esmeVariant: 'A',
      responsibleSupplier: supplier.id,
      prenotifiedBy: supplier.id,
      dateCommissioned: '2021-08-31',
    }),
  );
  let t = performance.now();
  smi.seedInventory(devices);
  const seedMs = performance.now() - t;

  // --- warm-up: JIT, statement caches, the validator's first documents -------------------------
  const warm = ctx();
  for (let i = 0; i < Math.min(200, N); i++) validator.validate(correction(warm, i).xml);

  // --- bare: build and validate the same requests ------------------------------------------------
  const bareCtx = ctx();
  t = performance.now();
  let invalid = 0;
  for (let i = 0; i < N; i++) if (!validator.validate(correction(bareCtx, i).xml).valid) invalid++;
  const bareMs = performance.now() - t;
  if (invalid) throw new Error(`${invalid} of the built corrections are not valid DUIS`);

  // --- through the reference: build, then the whole pipeline (validate, read, checks, MP125 rule, SMI write)
  const refCtx = ctx();
  t = performance.now();
  const codes = new Map<string, number>();
  for (let i = 0; i < N; i++) {
    const reply = await smi.handle('serviceD', correction(refCtx, i).xml);
    const code = /<sr:ResponseCode>([^<]+)</.exec(reply.body)?.[1] ?? '?';
    codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  const refMs = performance.now() - t;
  if (codes.get('I99') !== N) throw new Error(`not every correction was accepted: ${JSON.stringify(Object.fromEntries(codes))}`);
  const last = smi.inspect.device(ids[N - 1]!)!;
  if (last.esmeVariant !== VARIANTS[(N - 1) % VARIANTS.length]) throw new Error('the last correction did not reach the SMI');

  const bareRate = (N / bareMs) * 1000;
  const refRate = (N / refMs) * 1000;
  const row = (label: string, value: string) => console.log(`  ${label.padEnd(52)}${value}`);
  const us = (ms: number) => `${((ms * 1000) / N).toFixed(1)} us each`;
  console.log(`MP125 ESME Variant corrections, ${N.toLocaleString('en-GB')} Commissioned ESMEs in an in-memory SMI`);
  row('seed SMI (SmiInventory.addMany, one transaction)', `${seconds(seedMs)}  ${((N / seedMs) * 1000).toFixed(0)} devices/s`);
  row('bare: build + XSD-validate 8.4', `${seconds(bareMs)}  ${bareRate.toFixed(0)} requests/s  ${us(bareMs)}`);
  row('reference: build + handle (accepted, SMI updated)', `${seconds(refMs)}  ${refRate.toFixed(0)} corrections/s  ${us(refMs)}`);
  row('ratio reference / bare', `${(refMs / bareMs).toFixed(2)}x`);
  row('beyond validation (reading, checks, rule, write)', `${(((refMs - bareMs) * 1000) / N).toFixed(1)} us per correction`);
  row(`${ESTIMATED_WRONG.toLocaleString('en-GB')} corrections (DCC's estimate) at this rate`, seconds((ESTIMATED_WRONG / refRate) * 1000));
} finally {
  await smi.close();
}
