// Deliberate defects, for the suite's self-test only: each switches off (or bends) one behaviour
// the suite checks, so `sec-conformance self-test` can prove the suite notices. All false by
// default; never set in a real run. A fault that a JSON override of the rules object can express
// is such an override instead (rules.ts); these are the faults that live in code, not settings.

export interface DspDefects {
  /** Accept a Service Request whatever the sender's User Role. */
  skipRoleCheck: boolean;
  /** MP125: ESME Variant correction allowed while Pending, refused while InstalledNotCommissioned (mp125.ts). */
  esmeVariantStatusesWrong: boolean;
  /** 12.1: the WAN Variant of the next coverage row answered instead of the matching row's (wan-matrix.ts). */
  wanVariantOfAnotherRow: boolean;
  /** MP077: other meters at the Meter Point ignored when its flag is derived (service-status.ts). */
  serviceFlagIgnoresOtherMeters: boolean;
  /** MP077: a registration file marks nothing notified, so every flag is sent again (registration/export.ts). */
  registrationForgetsNotified: boolean;
  /** MP077: the DCC's own statuses (Suspended, Recovery, Recovered) count as a decommission for the flag (service-status.ts). */
  serviceFlagCountsDccStatuses: boolean;
  /** MP077: an E46 answer gives the flag last sent in a registration file, not the one the DCC holds (registration/respond.ts). */
  flagResponseGivesNotifiedFlag: boolean;
  /** Service Audit Trail: a Service Request's payload text kept in the trail the SSI shows (audit-recorder.ts). */
  auditTrailKeepsPayload: boolean;
  /** MP081: 8.13 accepts a listed response and then does nothing with it (local-command-response.ts). */
  localResponsesNotProcessed: boolean;
}

export const NO_DEFECTS: Readonly<DspDefects> = {
  skipRoleCheck: false,
  esmeVariantStatusesWrong: false,
  wanVariantOfAnotherRow: false,
  serviceFlagIgnoresOtherMeters: false,
  registrationForgetsNotified: false,
  auditTrailKeepsPayload: false,
  localResponsesNotProcessed: false,
  serviceFlagCountsDccStatuses: false,
  flagResponseGivesNotifiedFlag: false,
};
