// MP081 'Alignment of DUIS and CHISM to reflect current DCC Processing' (seed 003). The
// modification report says the DCC Systems are not affected (section 4, "DCC System"): the SEC
// text was brought into line with what the DSP already did. So the processing MP081 describes is
// the reference's on BOTH sides of the baseline; it is kept here, in one place, as the values
// baseRules() starts from, and applying MP081 changes no rule. A deliberately faulty DSP that
// follows the pre-MP081 text literally is an override of these values (createReferenceSmi
// `rules`), which is how the suite's own tests show its MP081 scenarios can fail.
import type { Modification } from './modification.ts';

/**
 * Service Requests whose responses to locally delivered commands a User returns with 8.13
 * (seed 003, Annex A, DUIS section 3.8.112.2 as amended; 6.15.1 and 6.21 are MP081's additions).
 */
export const LOCAL_COMMAND_RESPONSE_SRVS: readonly string[] = [
  '3.2', '6.8', '6.15.1', '6.15.2', '6.21', '6.23', '8.7.1', '8.7.2', '8.8.1', '8.8.2', '8.11', '8.12.1', '8.12.2', '11.3',
];

/** The DSP processing MP081 writes down; rules.ts starts from these values. */
export interface Mp081Processing {
  /** 8.13: SRVs whose locally delivered responses the DSP takes back and processes. */
  localCommandResponseSrvs: ReadonlySet<string>;
  /** 8.14.2: whether the general device status check (E5) applies. MP081: it does not (DUIS 3.8.106.3). */
  chInstallNoWanStatusCheck: boolean;
  /** 8.14.2: a CHF (and its GPF) still Pending is set InstalledNotCommissioned, with W081401 (DUIS 3.8.114.4). */
  chInstallNoWanPromotesPending: boolean;
  /** 6.24.2: on a successful response the DSP updates Inventory and SMKI Repository when the device's certificates differ (DUIS 3.8.77.4). */
  retrievedCredentialsUpdateRecords: boolean;
}

export function mp081Processing(): Mp081Processing {
  return {
    localCommandResponseSrvs: new Set(LOCAL_COMMAND_RESPONSE_SRVS),
    chInstallNoWanStatusCheck: false,
    chInstallNoWanPromotesPending: true,
    retrievedCredentialsUpdateRecords: true,
  };
}

export const MP081: Modification = {
  id: 'MP081',
  title: 'Alignment of DUIS and CHISM to reflect current DCC Processing',
  source: '003_713bd418f11cbae1.txt, section 3 "Solution", section 4 "DCC System" and Annex A',
  // no DSP rule changes: the processing above is the reference's with or without MP081
  apply: (rules) => ({ ...rules }),
};
