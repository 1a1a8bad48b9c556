// Deliberately faulty reference variants: each breaks one requirement family, and the suite must
// fail on it and name that requirement. A new requirement family comes with a new variant here.

export interface FaultyVariant {
  /** Stable name, used on the command line and in reports. */
  id: string;
  /** What is wrong with this reference, in a sentence. */
  fault: string;
  /** Options merged into the in-process reference (createReferenceSmi): rules, defects, assumptions. */
  reference: Record<string, unknown>;
  /** The suite's run settings for this variant: baseline (default all), feature paths (default all). */
  baseline?: string;
  features?: string[];
  /** Requirement IDs the suite must report as failing; any one of them names the fault. */
  requirements: string[];
}

export const FAULTY_VARIANTS: readonly FaultyVariant[] = [
  {
    id: 'mp178-join-check-left-on',
    fault: 'with MP178 applied, the DSP still refuses an unjoin the SMI holds no join for (E080801)',
    reference: { rules: { unjoinRequiresSmiJoin: true } },
    features: ['features/MP178'],
    requirements: ['MP178-1', 'MP178-2'],
  },
  {
    id: 'mp178-join-check-dropped-early',
    fault: 'without MP178, the DSP already accepts an unjoin the SMI holds no join for',
    reference: { rules: { unjoinRequiresSmiJoin: false } },
    baseline: 'all,-MP178',
    features: ['features/MP178'],
    requirements: ['MP178-3'],
  },
  {
    id: 'role-check-relaxed',
    fault: 'the DSP accepts a Service Request from a User none of whose roles is eligible for it',
    reference: { defects: { skipRoleCheck: true } },
    features: ['features/MP178', 'features/install-and-commission'],
    requirements: ['MP178-5', 'IC-6'],
  },
  {
    id: 'mp125-status-list-wrong',
    fault: 'MP125 applied with the wrong status list: the ESME Variant correction is refused while InstalledNotCommissioned and allowed while Pending',
    reference: { defects: { esmeVariantStatusesWrong: true } },
    features: ['features/MP125'],
    requirements: ['MP125-1'],
  },
  {
    id: 'mp081-no-wan-install-not-promoted',
    fault: '8.14.2 without W081401 for a Pending hub: the CHF and its Pending GPF are not set InstalledNotCommissioned',
    reference: { rules: { chInstallNoWanPromotesPending: false } },
    features: ['features/MP081'],
    requirements: ['MP081-4'],
  },
  {
    id: 'mp081-local-responses-not-processed',
    fault: '8.13 accepts the response to a listed Service Request delivered locally, and processes nothing',
    reference: { defects: { localResponsesNotProcessed: true } },
    features: ['features/MP081/local-command-response.feature'],
    requirements: ['MP081-8', 'MP081-9'],
  },
  {
    id: 'wan-matrix-wrong-variant',
    fault: '12.1 answers with the WAN Variant of another coverage row, the unconfirmed " " included',
    reference: { defects: { wanVariantOfAnotherRow: true } },
    features: ['features/MP081'],
    requirements: ['MP081-1', 'MP081-2', 'MP081-3'],
  },
  {
    id: 'mp077-flag-ignores-other-meters',
    fault: 'a Meter Point is made Non-Active (N) while another smart meter still holds it',
    reference: { defects: { serviceFlagIgnoresOtherMeters: true } },
    features: ['features/MP077'],
    requirements: ['MP077-3'],
  },
  {
    id: 'mp077-flag-exported-twice',
    fault: 'a registration file marks nothing notified, so the next file sends the same flags again',
    reference: { defects: { registrationForgetsNotified: true } },
    features: ['features/MP077'],
    requirements: ['MP077-10'],
  },
  {
    id: 'mp077-dcc-status-flags-n',
    fault: 'a smart meter the DCC suspends or puts into Recovery or Recovered makes its Meter Point Non-Active (N), as a decommission would',
    reference: { defects: { serviceFlagCountsDccStatuses: true } },
    features: ['features/MP077'],
    requirements: ['MP077-15'],
  },
  {
    id: 'mp077-e46-notified-flag',
    fault: 'the E46 answer gives the flag last sent in a registration file, not the one the DCC holds',
    reference: { defects: { flagResponseGivesNotifiedFlag: true } },
    features: ['features/MP077'],
    requirements: ['MP077-14'],
  },
  {
    id: 'sat-payload-shown',
    fault: 'the Service Audit Trail keeps a Service Request\'s payload text, and the Self-Service Interface shows it',
    reference: { defects: { auditTrailKeepsPayload: true } },
    features: ['features/SAT'],
    requirements: ['SAT-3'],
  },
  {
    id: 'request-signature-not-checked',
    fault: 'the DSP takes a Service Request whatever its signature, one signed by another User included',
    reference: { rules: { checkRequestSignatures: false } },
    features: ['features/install-and-commission'],
    requirements: ['IC-7'],
  },
];
