// MP077's two readings of seed 004 as pure functions: what each says a Meter Point's DCC Service
// Flag becomes when one smart meter changes, including the device statuses no Service Request in
// this suite can reach (Suspended, Recovery, Recovered).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeviceStatus } from '../src/duis/responses.ts';
import { DEFAULT_ASSUMPTIONS } from '../reference-impl/dsp/assumptions.ts';
import { dspRules } from '../reference-impl/modifications/index.ts';
import { dspServiceStatus, legalTextServiceFlag } from '../reference-impl/modifications/mp077.ts';
import type { ServiceFlagQuestion } from '../reference-impl/modifications/rules.ts';
import type { ServiceFlag } from '../src/service-flags.ts';
import { Baseline } from '../src/baseline.ts';

const holding = DEFAULT_ASSUMPTIONS.serviceFlags.holdingStatuses;

/** The changed meter goes from `from` to `to` while associated with the Meter Point. */
function statusChange(current: ServiceFlag | null, from: DeviceStatus, to: DeviceStatus, others: DeviceStatus[] = []): ServiceFlagQuestion {
  return { current, before: { associated: true, status: from }, after: { associated: true, status: to }, others, holding };
}

/** The meter (in `status`) is unlinked from the Meter Point by 8.4. */
function unlink(current: ServiceFlag | null, status: DeviceStatus, others: DeviceStatus[] = []): ServiceFlagQuestion {
  return { current, before: { associated: true, status }, after: { associated: false, status }, others, holding };
}

/** The meter (in `status`) is linked to the Meter Point by 8.11 or 8.4. */
function link(current: ServiceFlag | null, status: DeviceStatus, others: DeviceStatus[] = []): ServiceFlagQuestion {
  return { current, before: { associated: false, status }, after: { associated: true, status }, others, holding };
}

describe('MP077 dsp-assessment reading (PIA 3.1.2)', () => {
  it('leaves a Meter Point null while its meter is only whitelisted or installed', () => {
    assert.equal(dspServiceStatus(link(null, 'Whitelisted')), null);
    assert.equal(dspServiceStatus(statusChange(null, 'Whitelisted', 'InstalledNotCommissioned')), null);
  });

  it('makes it A when an associated meter is commissioned, or a commissioned meter is linked to it', () => {
    assert.equal(dspServiceStatus(statusChange(null, 'InstalledNotCommissioned', 'Commissioned')), 'A');
    assert.equal(dspServiceStatus(link(null, 'Commissioned')), 'A');
    assert.equal(dspServiceStatus(link('N', 'Commissioned')), 'A');
  });

  it('makes it N on decommission or unlink of the only meter, from A only', () => {
    assert.equal(dspServiceStatus(statusChange('A', 'Commissioned', 'Decommissioned')), 'N');
    assert.equal(dspServiceStatus(unlink('A', 'Commissioned')), 'N');
    assert.equal(dspServiceStatus(statusChange(null, 'InstalledNotCommissioned', 'Decommissioned')), null, 'never Active: stays null');
  });

  it('keeps A while another smart meter still holds the Meter Point, in any status but Decommissioned', () => {
    assert.equal(dspServiceStatus(statusChange('A', 'Commissioned', 'Decommissioned', ['Commissioned'])), 'A');
    assert.equal(dspServiceStatus(statusChange('A', 'Commissioned', 'Decommissioned', ['InstalledNotCommissioned'])), 'A');
    assert.equal(dspServiceStatus(unlink('A', 'Commissioned', ['Recovery'])), 'A');
    assert.equal(dspServiceStatus(statusChange('A', 'Commissioned', 'Decommissioned', ['Decommissioned'])), 'N');
  });

  it('changes nothing on InstalledNotCommissioned, Recovery, Recovered or Suspended', () => {
    for (const to of ['InstalledNotCommissioned', 'Recovery', 'Recovered', 'Suspended'] as const) {
      assert.equal(dspServiceStatus(statusChange('A', 'Commissioned', to)), 'A', `Commissioned -> ${to}`);
    }
    assert.equal(dspServiceStatus(statusChange('N', 'Decommissioned', 'Recovered')), 'N');
  });

  it('never sets I', () => {
    const statuses: DeviceStatus[] = ['Pending', 'Whitelisted', 'InstalledNotCommissioned', 'Commissioned', 'Decommissioned', 'Suspended', 'Recovery', 'Recovered'];
    for (const from of statuses) for (const to of statuses) for (const current of [null, 'A', 'N'] as const) {
      assert.notEqual(dspServiceStatus(statusChange(current, from, to)), 'I');
    }
  });
});

describe('MP077 legal-text reading (modification report and legal text v0.1)', () => {
  it('gives I to a Meter Point whose smart meter is installed but not commissioned', () => {
    assert.equal(legalTextServiceFlag(statusChange(null, 'Whitelisted', 'InstalledNotCommissioned')), 'I');
  });

  it('gives A when any of its smart meters is commissioned, whatever the others', () => {
    assert.equal(legalTextServiceFlag(statusChange('I', 'InstalledNotCommissioned', 'Commissioned')), 'A');
    assert.equal(legalTextServiceFlag(statusChange('A', 'Commissioned', 'Decommissioned', ['Commissioned'])), 'A');
  });

  it('falls back to I when the commissioned meter goes and an installed one stays', () => {
    assert.equal(legalTextServiceFlag(statusChange('A', 'Commissioned', 'Decommissioned', ['InstalledNotCommissioned'])), 'I');
  });

  it('gives N when nothing is left operating at a Meter Point that had a flag', () => {
    assert.equal(legalTextServiceFlag(statusChange('A', 'Commissioned', 'Decommissioned')), 'N');
    assert.equal(legalTextServiceFlag(unlink('A', 'Commissioned')), 'N');
    assert.equal(legalTextServiceFlag(statusChange('I', 'InstalledNotCommissioned', 'Decommissioned')), 'N');
  });

  it('leaves the flag as it was for Suspended, Recovery and Recovered (left out of N by the solution)', () => {
    for (const to of ['Suspended', 'Recovery', 'Recovered'] as const) {
      assert.equal(legalTextServiceFlag(statusChange('A', 'Commissioned', to)), 'A', `Commissioned -> ${to}`);
    }
  });

  it('never flags a Meter Point whose meters were only pre-notified or whitelisted', () => {
    assert.equal(legalTextServiceFlag(link(null, 'Whitelisted')), null);
    assert.equal(legalTextServiceFlag(unlink(null, 'Whitelisted')), null);
  });
});

describe('MP077 switched by the baseline and the profile', () => {
  it('sends only A before MP077, whatever the profile', () => {
    const r = dspRules(Baseline.none(), {}, { flagProfile: 'legal-text' }).serviceFlags;
    assert.equal(r.switches, false);
    assert.deepEqual(r.exported(true), ['A']);
    assert.equal(r.next(statusChange(null, 'Whitelisted', 'InstalledNotCommissioned')), null, 'the DSP rules, not the legal text');
  });

  it('after MP077 sends A, N and I with the switch on and A only with it off', () => {
    for (const flagProfile of ['legal-text', 'dsp-assessment'] as const) {
      const r = dspRules(Baseline.all(), {}, { flagProfile }).serviceFlags;
      assert.equal(r.switches, true);
      assert.deepEqual([...r.exported(true)].sort(), ['A', 'I', 'N']);
      assert.deepEqual(r.exported(false), ['A']);
    }
  });

  it('derives by the profile named', () => {
    const q = statusChange(null, 'Whitelisted', 'InstalledNotCommissioned');
    assert.equal(dspRules(Baseline.all(), {}, { flagProfile: 'legal-text' }).serviceFlags.next(q), 'I');
    assert.equal(dspRules(Baseline.all(), {}, { flagProfile: 'dsp-assessment' }).serviceFlags.next(q), null);
  });
});
