// The reference's DCC Service Flags end to end: DUIS in, registration files out, each file checked
// against our record schema. Both readings, both fuels, the feature switches, the catch-up and
// the notified state.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRegistrationFile, exportLayout } from '../schemas/registration-files.ts';
import * as rq from '../src/duis/requests/index.ts';
import type { FlagProfile, Fuel } from '../src/service-flags.ts';
import { addToHanLog, commission, ESME, GSME, installCh, MPAN, MPRN, prenotify, Scenario, SUPPLIER_A, SUPPLIER_B, type Premises } from './reference-fixture.ts';

const ESME_2 = '00-DB-5E-00-00-00-00-11';
const OTHER_MPAN = '1900000000022';

function scenario(baseline = 'all', flagProfile: FlagProfile = 'legal-text', flagSwitches?: Partial<Record<Fuel, boolean>>): Scenario {
  return new Scenario(baseline, { flagProfile, ...(flagSwitches ? { flagSwitches } : {}) });
}

/** The fuel's file, checked against the side's record schema; Meter Point -> flag. */
async function file(s: Scenario, fuel: Fuel): Promise<Map<string, string>> {
  const text = await s.reference.control.registrationFile(fuel);
  const side = s.reference.rules.serviceFlags.switches ? 'MP077' : 'before-MP077';
  const checked = checkRegistrationFile(text, exportLayout(fuel, side));
  assert.deepEqual(checked.issues, [], `the ${fuel} file does not meet our schema:\n${text}`);
  const [, mp, flag] = exportLayout(fuel).records[0]!.fields.map((f) => f.name);
  return new Map(checked.records.map((r) => [r.fields[mp!]!, r.fields[flag!]!]));
}

async function premises(s: Scenario): Promise<Premises> {
  const ch = await s.reference.control.provisionCommsHub();
  await s.arrange(SUPPLIER_A, installCh(s, SUPPLIER_A, ch.chf));
  return ch;
}

/** Pre-notify and add to the CH device log at `mpxn` (InstalledNotCommissioned: the device is powered). */
async function install(s: Scenario, hub: string, id: string, type: 'ESME' | 'GSME', mpxn: string): Promise<void> {
  await s.arrange(SUPPLIER_A, prenotify(s, SUPPLIER_A, id, type));
  await s.arrange(SUPPLIER_A, addToHanLog(s, SUPPLIER_A, hub, id, mpxn));
}

async function decommission(s: Scenario, id: string): Promise<void> {
  await s.arrange(SUPPLIER_A, rq.decommissionDevice(s.ctx(SUPPLIER_A), { deviceId: id }));
}

describe('reference: DCC Service Flags (MP077)', () => {
  it('sends A once for a commissioned meter, in the fuel file with our record layout, and nothing on a second export', async () => {
    const s = scenario();
    const ch = await premises(s);
    await install(s, ch.chf, ESME, 'ESME', MPAN);
    await s.arrange(SUPPLIER_A, commission(s, SUPPLIER_A, ESME));
    const text = await s.reference.control.registrationFile('electricity');
    assert.equal(text, `ESF,${MPAN},A,20240627\n`);
    assert.equal(await s.reference.control.registrationFile('electricity'), '', 'a second export writes nothing');
    assert.equal(await s.reference.control.registrationFile('gas'), '', 'nothing for gas');
    assert.equal(s.reference.inspect.meterPoint('electricity', MPAN)?.notifiedFlag, 'A');
    await s.close();
  });

  it('writes gas as E45 records of the DCC Status File', async () => {
    const s = scenario();
    const ch = await premises(s);
    await install(s, ch.gpf, GSME, 'GSME', MPRN);
    await s.arrange(SUPPLIER_A, commission(s, SUPPLIER_A, GSME));
    assert.equal(await s.reference.control.registrationFile('gas'), `E45,${MPRN},A,20240627\n`);
    await s.close();
  });

  for (const profile of ['legal-text', 'dsp-assessment'] as const) {
    it(`${profile}: N after the only meter is decommissioned, sent once`, async () => {
      const s = scenario('all', profile);
      const ch = await premises(s);
      await install(s, ch.chf, ESME, 'ESME', MPAN);
      await s.arrange(SUPPLIER_A, commission(s, SUPPLIER_A, ESME));
      await file(s, 'electricity');
      await decommission(s, ESME);
      assert.deepEqual(await file(s, 'electricity'), new Map([[MPAN, 'N']]));
      assert.deepEqual(await file(s, 'electricity'), new Map());
      await s.close();
    });
  }

  it('legal-text sends I for an installed meter; dsp-assessment sends nothing until it is commissioned', async () => {
    const got: Record<string, Map<string, string>> = {};
    for (const profile of ['legal-text', 'dsp-assessment'] as const) {
      const s = scenario('all', profile);
      const ch = await premises(s);
      await install(s, ch.chf, ESME, 'ESME', MPAN);
      got[profile] = await file(s, 'electricity');
      await s.close();
    }
    assert.deepEqual(got['legal-text'], new Map([[MPAN, 'I']]));
    assert.deepEqual(got['dsp-assessment'], new Map());
  });

  it('two meters on one Meter Point: decommissioning one keeps A while the other is commissioned', async () => {
    for (const profile of ['legal-text', 'dsp-assessment'] as const) {
      const s = scenario('all', profile);
      const ch = await premises(s);
      await install(s, ch.chf, ESME, 'ESME', MPAN);
      await install(s, ch.chf, ESME_2, 'ESME', MPAN);
      await s.arrange(SUPPLIER_A, commission(s, SUPPLIER_A, ESME));
      await s.arrange(SUPPLIER_A, commission(s, SUPPLIER_A, ESME_2));
      assert.deepEqual(await file(s, 'electricity'), new Map([[MPAN, 'A']]));
      await decommission(s, ESME);
      assert.deepEqual(await file(s, 'electricity'), new Map(), profile);
      await decommission(s, ESME_2);
      assert.deepEqual(await file(s, 'electricity'), new Map([[MPAN, 'N']]), profile);
      await s.close();
    }
  });

  it('8.4 moving a commissioned meter to another Meter Point: the old one N, the new one A', async () => {
    const s = scenario();
    const ch = await premises(s);
    await install(s, ch.chf, ESME, 'ESME', MPAN);
    await s.arrange(SUPPLIER_A, commission(s, SUPPLIER_A, ESME));
    await file(s, 'electricity');
    await s.arrange(SUPPLIER_A, rq.updateInventory(s.ctx(SUPPLIER_A), { deviceId: ESME, update: { mpxn: { importMPxN: OTHER_MPAN } } }));
    assert.deepEqual(await file(s, 'electricity'), new Map([[MPAN, 'N'], [OTHER_MPAN, 'A']]));
    await s.close();
  });

  it('a refused 8.4 changes no flag', async () => {
    const s = scenario();
    const ch = await premises(s);
    await install(s, ch.chf, ESME, 'ESME', MPAN);
    await s.arrange(SUPPLIER_A, commission(s, SUPPLIER_A, ESME));
    await file(s, 'electricity');
    const before = s.reference.inspect.snapshot();
    const r = await s.send(rq.updateInventory(s.ctx(SUPPLIER_B), { deviceId: ESME, update: { mpxn: { importMPxN: OTHER_MPAN } } }));
    assert.notEqual(r.code, 'I99');
    assert.deepEqual(s.reference.inspect.snapshot()['smi_meter_points'], before['smi_meter_points']);
    await s.close();
  });

  it('with the switch off keeps N pending and sends only A; turned on, the next file catches up', async () => {
    const s = scenario('all', 'legal-text', { electricity: false });
    const ch = await premises(s);
    await install(s, ch.chf, ESME, 'ESME', MPAN);
    await install(s, ch.chf, ESME_2, 'ESME', OTHER_MPAN);
    await s.arrange(SUPPLIER_A, commission(s, SUPPLIER_A, ESME));
    assert.deepEqual(await file(s, 'electricity'), new Map([[MPAN, 'A']]), 'I is not sent with the switch off');
    await decommission(s, ESME);
    assert.deepEqual(await file(s, 'electricity'), new Map(), 'N is not sent with the switch off');
    assert.equal(s.reference.inspect.meterPoint('electricity', MPAN)?.flag, 'N', 'but it is kept');
    await s.reference.control.setFeatureSwitch('electricity', true);
    assert.deepEqual(await file(s, 'electricity'), new Map([[MPAN, 'N'], [OTHER_MPAN, 'I']]));
    assert.deepEqual(await file(s, 'electricity'), new Map());
    await s.close();
  });

  it('the switches are per fuel', async () => {
    const s = scenario('all', 'legal-text', { gas: false });
    const ch = await premises(s);
    await install(s, ch.chf, ESME, 'ESME', MPAN);
    await install(s, ch.gpf, GSME, 'GSME', MPRN);
    assert.deepEqual(await file(s, 'electricity'), new Map([[MPAN, 'I']]));
    assert.deepEqual(await file(s, 'gas'), new Map());
    await s.close();
  });

  it('before MP077 only A is ever sent, switch or no switch', async () => {
    const s = scenario('none');
    const ch = await premises(s);
    await install(s, ch.chf, ESME, 'ESME', MPAN);
    assert.deepEqual(await file(s, 'electricity'), new Map());
    await s.arrange(SUPPLIER_A, commission(s, SUPPLIER_A, ESME));
    assert.deepEqual(await file(s, 'electricity'), new Map([[MPAN, 'A']]));
    await decommission(s, ESME);
    assert.deepEqual(await file(s, 'electricity'), new Map());
    assert.equal(s.reference.inspect.meterPoint('electricity', MPAN)?.flag, 'N', 'the DSP keeps N internally');
    await s.reference.control.setFeatureSwitch('electricity', true);
    assert.deepEqual(await file(s, 'electricity'), new Map(), 'a switch changes nothing without MP077');
    await s.close();
  });
});
