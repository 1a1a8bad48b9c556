// MP077 beyond the registration files: the DCC's E46 answers to the gas Registration Data
// Provider (each checked against the legal text's E46 table), and the statuses the DCC sets
// itself (Suspended, Recovery, Recovered), in process and over HTTP.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRegistrationFile, layout, type FlagSide } from '../schemas/registration-files.ts';
import { FlagRequestError, formatFlagAnswers, parseFlagRequestFile } from '../reference-impl/registration/respond.ts';
import { Baseline } from '../src/baseline.ts';
import * as rq from '../src/duis/requests/index.ts';
import type { FlagProfile, Fuel } from '../src/service-flags.ts';
import { referenceOverHttp } from '../src/targets/http-target.ts';
import { addToHanLog, commission, ESME, GSME, installCh, MPAN, MPRN, prenotify, Scenario, SUPPLIER_A, T0, validator, withScenario } from './reference-fixture.ts';

const UNKNOWN_MPRN = '7399999990';
const T0_DAY = '20240627';

function scenario(baseline = 'all', flagProfile: FlagProfile = 'legal-text', flagSwitches?: Partial<Record<Fuel, boolean>>): Scenario {
  return new Scenario(baseline, { flagProfile, ...(flagSwitches ? { flagSwitches } : {}) });
}

/** The reference's answer, which must meet the E46 table with the values of its side. */
async function answer(s: Scenario, meterPoints: string[]): Promise<string> {
  const text = await s.reference.control.answerFlagRequest(meterPoints);
  const side: FlagSide = s.reference.rules.serviceFlags.switches ? 'MP077' : 'before-MP077';
  assert.deepEqual(checkRegistrationFile(text, layout('gas-response', side)).issues, [], `not valid E46 records:\n${text}`);
  return text;
}

/** A CH installed, a meter pre-notified and added to its log at `mpxn`; commissioned when asked. */
async function meterAt(s: Scenario, type: 'ESME' | 'GSME', mpxn: string, commissioned: boolean): Promise<void> {
  const ch = await s.reference.control.provisionCommsHub();
  await s.arrange(SUPPLIER_A, installCh(s, SUPPLIER_A, ch.chf));
  const id = type === 'ESME' ? ESME : GSME;
  await s.arrange(SUPPLIER_A, prenotify(s, SUPPLIER_A, id, type));
  await s.arrange(SUPPLIER_A, addToHanLog(s, SUPPLIER_A, type === 'ESME' ? ch.chf : ch.gpf, id, mpxn));
  if (commissioned) await s.arrange(SUPPLIER_A, commission(s, SUPPLIER_A, id));
}

describe('reference: E46 answers to the gas Registration Data Provider (MP077)', () => {
  it('accepts a commissioned meter\'s MPRN with A and the date it took effect, and rejects one it holds no flag for, in the order asked', async () => {
    const s = scenario();
    await meterAt(s, 'GSME', MPRN, true);
    await s.reference.control.setClock(new Date('2024-07-03T09:00:00Z'));
    assert.equal(await answer(s, [UNKNOWN_MPRN, MPRN]), `E46,RJ,${UNKNOWN_MPRN},N,20240703\nE46,AC,${MPRN},A,${T0_DAY}\n`);
    await s.close();
  });

  it('answers the flag held now, not the one last sent: N after the decommission, before any file carries it', async () => {
    const s = scenario();
    await meterAt(s, 'GSME', MPRN, true);
    await s.reference.control.registrationFile('gas');
    await s.arrange(SUPPLIER_A, rq.decommissionDevice(s.ctx(SUPPLIER_A), { deviceId: GSME }));
    assert.equal(await answer(s, [MPRN]), `E46,AC,${MPRN},N,${T0_DAY}\n`);
    await s.close();
  });

  it('legal-text accepts an installed meter\'s MPRN with I; dsp-assessment rejects it, the flag being null', async () => {
    for (const [profile, expected] of [['legal-text', `E46,AC,${MPRN},I,${T0_DAY}\n`], ['dsp-assessment', `E46,RJ,${MPRN},N,${T0_DAY}\n`]] as const) {
      const s = scenario('all', profile);
      await meterAt(s, 'GSME', MPRN, false);
      assert.equal(await answer(s, [MPRN]), expected, profile);
      await s.close();
    }
  });

  it('rejects a value the gas file may not carry yet: N with the switch off, accepted once it is on', async () => {
    const s = scenario('all', 'legal-text', { gas: false });
    await meterAt(s, 'GSME', MPRN, true);
    assert.match(await answer(s, [MPRN]), /^E46,AC,\d+,A,/);
    await s.arrange(SUPPLIER_A, rq.decommissionDevice(s.ctx(SUPPLIER_A), { deviceId: GSME }));
    assert.match(await answer(s, [MPRN]), /^E46,RJ,/);
    await s.reference.control.setFeatureSwitch('gas', true);
    assert.match(await answer(s, [MPRN]), /^E46,AC,\d+,N,/);
    await s.close();
  });

  it('before MP077 answers A only, and an RJ carries S, a value of the record before the redline', async () => {
    const s = scenario('none');
    await meterAt(s, 'GSME', MPRN, true);
    assert.equal(await answer(s, [MPRN]), `E46,AC,${MPRN},A,${T0_DAY}\n`);
    await s.arrange(SUPPLIER_A, rq.decommissionDevice(s.ctx(SUPPLIER_A), { deviceId: GSME }));
    assert.equal(await answer(s, [MPRN]), `E46,RJ,${MPRN},S,${T0_DAY}\n`);
    await s.close();
  });

  it('an answer notifies nothing: the next DCC Status File still carries the change', async () => {
    const s = scenario();
    await meterAt(s, 'GSME', MPRN, true);
    const before = s.reference.inspect.snapshot();
    await answer(s, [MPRN]);
    assert.deepEqual(s.reference.inspect.snapshot(), before);
    assert.equal(await s.reference.control.registrationFile('gas'), `E45,${MPRN},A,${T0_DAY}\n`);
    await s.close();
  });

  it('answers only for gas Meter Points: an MPAN with a flag is unknown to the gas registration system', async () => {
    const s = scenario();
    await meterAt(s, 'ESME', '1900000014', true);
    assert.match(await answer(s, ['1900000014']), /^E46,RJ,/);
    await s.close();
  });

  it('refuses a request that names no Meter Point or something that is not an MPRN, changing nothing', async () => {
    await withScenario('all', async (s) => {
      const before = s.reference.inspect.snapshot();
      for (const bad of [[], ['73000A0008'], ['73000000080'], [''], [7300000008 as unknown as string]]) {
        await assert.rejects(s.reference.control.answerFlagRequest(bad), FlagRequestError, JSON.stringify(bad));
      }
      assert.deepEqual(s.reference.inspect.snapshot(), before);
    });
  });

  it('writes each field where the E46 table puts it: a record with two fields swapped fails the checker', () => {
    const text = formatFlagAnswers([{ mprn: MPRN, outcome: 'AC', flag: 'A', effectiveFrom: T0_DAY }]);
    const checked = checkRegistrationFile(text, layout('gas-response'));
    assert.deepEqual(checked.records[0]!.fields, { 'Transaction Type': 'E46', 'Outcome Code': 'AC', 'Meter Point Reference': MPRN, 'DCC Service Flag': 'A', 'DCC Service Effective From Date': T0_DAY });
    const swapped = text.replace(`AC,${MPRN}`, `${MPRN},AC`);
    assert.deepEqual([...new Set(checkRegistrationFile(swapped, layout('gas-response')).issues.map((i) => i.field))], ['Outcome Code', 'Meter Point Reference']);
  });

  it('reads a request file of one MPRN per line, CRLF and blank lines allowed, and names a bad line', () => {
    assert.deepEqual(parseFlagRequestFile(`${MPRN}\r\n\r\n  ${UNKNOWN_MPRN}  \n`), [MPRN, UNKNOWN_MPRN]);
    assert.throws(() => parseFlagRequestFile(`${MPRN}\nMPRN-2\n`), /line 2: "MPRN-2" is not a Meter Point Reference/);
    assert.throws(() => parseFlagRequestFile('\n\n'), /names no Meter Point Reference/);
  });
});

describe('reference: statuses the DCC sets itself (MP077 flags unchanged)', () => {
  for (const profile of ['legal-text', 'dsp-assessment'] as const) {
    it(`${profile}: a commissioned meter moved to Suspended, Recovery, then Recovered keeps its Meter Point A with nothing new to send`, async () => {
      const s = scenario('all', profile);
      await meterAt(s, 'ESME', MPAN, true);
      await s.reference.control.registrationFile('electricity');
      for (const status of ['Suspended', 'Recovery', 'Recovered']) {
        await s.reference.control.setDeviceStatusByDcc(ESME, status);
        assert.equal(s.reference.inspect.device(ESME)?.status, status);
        assert.equal(s.reference.inspect.meterPoint('electricity', MPAN)?.flag, 'A', `${profile}: ${status}`);
      }
      assert.equal(await s.reference.control.registrationFile('electricity'), '');
      await s.close();
    });
  }

  it('goes through the SMI, so the flag tracker hears it: a DSP counting it as a decommission makes the Meter Point N', async () => {
    const s = new Scenario('all', { defects: { serviceFlagCountsDccStatuses: true } });
    await meterAt(s, 'ESME', MPAN, true);
    await s.reference.control.setDeviceStatusByDcc(ESME, 'Suspended');
    assert.equal(s.reference.inspect.meterPoint('electricity', MPAN)?.flag, 'N');
    await s.close();
  });

  it('a suspended meter can still be decommissioned, and then its Meter Point is N', async () => {
    const s = scenario('all', 'dsp-assessment');
    await meterAt(s, 'GSME', MPRN, true);
    await s.reference.control.setDeviceStatusByDcc(GSME, 'Suspended');
    await s.arrange(SUPPLIER_A, rq.decommissionDevice(s.ctx(SUPPLIER_A), { deviceId: GSME }));
    assert.equal(s.reference.inspect.meterPoint('gas', MPRN)?.flag, 'N');
    await s.close();
  });

  it('refuses a status the DCC does not set, or a device not in the SMI, changing nothing', async () => {
    await withScenario('all', async (s) => {
      await meterAt(s, 'ESME', MPAN, true);
      const before = s.reference.inspect.snapshot();
      await assert.rejects(s.reference.control.setDeviceStatusByDcc(ESME, 'Decommissioned'), /the DCC sets only Suspended, Recovery, Recovered/);
      await assert.rejects(s.reference.control.setDeviceStatusByDcc(ESME, 'suspended'), /the DCC sets only/);
      await assert.rejects(s.reference.control.setDeviceStatusByDcc('00-DB-5E-00-00-00-0F-FF', 'Suspended'), /not in the SMI/);
      assert.deepEqual(s.reference.inspect.snapshot(), before);
    }, { clock: () => T0 });
  });
});

describe('reference over HTTP: E46 answers and DCC statuses', () => {
  it('offers both controls, gives the in-process answers, and refuses bad arguments with 4xx', async () => {
    const target = await referenceOverHttp({ baseline: Baseline.all(), validator, log: () => {} });
    try {
      assert.ok(target.capabilities.has('registration-requests'));
      assert.ok(target.capabilities.has('dcc-operations'));
      const today = new Date().toISOString().slice(0, 10).replace(/-/g, '');
      assert.equal(await target.control.answerFlagRequest!([UNKNOWN_MPRN]), `E46,RJ,${UNKNOWN_MPRN},N,${today}\n`);
      const ch = await target.control.provisionCommsHub!();
      await target.control.setDeviceStatusByDcc!(ch.chf, 'Suspended');
      await assert.rejects(target.control.setDeviceStatusByDcc!(ch.chf, 'Commissioned'), /answered 500: setDeviceStatusByDcc: the DCC sets only/);
      const base = target.url.replace(/\/$/, '');
      const json = (method: string, body: string) => ({ method, headers: { 'Content-Type': 'application/json' }, body });
      const ask = (body: string, fuel = 'gas') => fetch(`${base}/control/registration-requests/${fuel}`, json('POST', body));
      assert.equal((await ask('{}')).status, 400);
      assert.equal((await ask('{"meterPoints":[]}')).status, 400);
      assert.match(await (await ask('{"meterPoints":["7300000008","73-00"]}')).text(), /Meter Point 2 \\"73-00\\" is not a Meter Point Reference/);
      assert.equal((await ask('{"meterPoints":["7300000008"]}', 'electricity')).status, 404);
      assert.equal((await fetch(`${base}/control/registration-requests/gas`)).status, 405);
      const status = (body: string) => fetch(`${base}/control/devices/${ch.chf}/status`, json('PUT', body));
      assert.equal((await status('{}')).status, 400);
      assert.equal((await status('{"status":"Recovery"}')).status, 204);
    } finally {
      await target.close();
    }
  });
});
