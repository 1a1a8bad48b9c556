// MP077 'DCC Service Flagging' (seed 004_8450724e417126b9.txt): the DCC Service Flag of each
// Meter Point (MPAN, MPRN), derived from the smart meters associated with it, and which values
// reach the registration files. The seed holds two readings; the run picks one (flag profile):
//
//   dsp-assessment  the DCC's Preliminary Impact Assessment, 3.1.2 and 3.2: the DSP's existing
//                   rules. Null until a smart meter at the Meter Point is first Commissioned; A
//                   when one associated with it is Commissioned, or 8.4 links it to a Commissioned
//                   one; N (from A) when one is decommissioned (8.3) or unlinked (8.4) unless
//                   another smart meter still holds the Meter Point. InstalledNotCommissioned,
//                   Recovery and Recovered change nothing. After MP077 the N values are exported.
//   legal-text      the modification report's solution (sections 3 and 7) and legal text v0.1:
//                   A Active when any smart meter at the Meter Point is Commissioned, else I when
//                   one is InstalledNotCommissioned, else N once the Meter Point has had a flag
//                   and its meters are gone (decommissioned, unlinked). Suspended, Recovery and
//                   Recovered were left out of N by the solution, so they leave the flag as it was.
//
// Before MP077 (the status quo, PIA 3.1.1): the DSP keeps A and N by the rules above, but only A
// may be sent to the registration systems ("the DCC will never inform the RDPs of a change in
// DCC Service Status after changing it to Active"); Withdrawn is not a valid state any more and
// Suspended is never used, so W and S are never sent either. After MP077 each fuel has a feature
// switch (PIA 3.2): off, the new values are kept but not exported, exactly the old behaviour.
import type { ServiceFlag, FlagProfile } from '../../src/service-flags.ts';
import type { Modification } from './modification.ts';
import type { ServiceFlagQuestion, ServiceFlagRules } from './rules.ts';

const ONLY_A: readonly ServiceFlag[] = ['A'];
const ALL_VALUES: readonly ServiceFlag[] = ['A', 'N', 'I'];

/** PIA 3.1.2: the DSP's existing rules for the DCC Service Status. */
export function dspServiceStatus(q: ServiceFlagQuestion): ServiceFlag | null {
  const wasCommissionedHere = q.before?.associated === true && q.before.status === 'Commissioned';
  const isCommissionedHere = q.after?.associated === true && q.after.status === 'Commissioned';
  // rule 2: commissioned while associated (8.11 then 8.1.1), or linked to a commissioned meter (8.4)
  if (isCommissionedHere && !wasCommissionedHere) return 'A';
  // rule 3: decommissioned while associated (8.3), or a commissioned meter unlinked (8.4)
  const decommissioned = q.before?.associated === true && q.after?.associated === true && q.before.status !== 'Decommissioned' && q.after.status === 'Decommissioned';
  const unlinked = wasCommissionedHere && q.after?.associated !== true;
  if ((decommissioned || unlinked) && q.current === 'A' && !q.others.some((s) => q.holding.includes(s))) return 'N';
  return q.current;
}

/** Statuses the modification report's solution keeps out of the flag: they leave it as it was. */
const NEUTRAL = new Set(['Suspended', 'Recovery', 'Recovered']);

/** The modification report's solution and legal text v0.1: A, I or N from the meters at the Meter Point. */
export function legalTextServiceFlag(q: ServiceFlagQuestion): ServiceFlag | null {
  const statuses = [...q.others, ...(q.after?.associated ? [q.after.status] : [])];
  if (statuses.includes('Commissioned')) return 'A';
  if (statuses.includes('InstalledNotCommissioned')) return 'I';
  if (statuses.some((s) => NEUTRAL.has(s))) return q.current;
  // nothing operating at a Meter Point that had a flag: the smart metering system is gone
  return q.current === null ? null : 'N';
}

/** Before MP077: the DSP's rules, A the only value ever sent. */
export const LEGACY_SERVICE_FLAGS: ServiceFlagRules = {
  reading: 'dsp-rules',
  switches: false,
  next: dspServiceStatus,
  exported: () => ONLY_A,
};

/** After MP077, per profile; a fuel whose switch is off still sends A only. */
export function mp077ServiceFlags(profile: FlagProfile): ServiceFlagRules {
  return {
    reading: profile === 'legal-text' ? 'legal-text' : 'dsp-rules',
    switches: true,
    next: profile === 'legal-text' ? legalTextServiceFlag : dspServiceStatus,
    exported: (switchOn) => (switchOn ? ALL_VALUES : ONLY_A),
  };
}

export const MP077: Modification = {
  id: 'MP077',
  title: 'DCC Service Flagging',
  source: '004_8450724e417126b9.txt: modification report sections 3 and 7, legal text v0.1, PIA 3.1.2, 3.2 and 5.1',
  apply: (rules, settings) => ({ ...rules, serviceFlags: mp077ServiceFlags(settings.flagProfile) }),
};
