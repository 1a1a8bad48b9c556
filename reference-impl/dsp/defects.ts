// Deliberate defects, for the suite's self-test only: each switches off one check that no SEC
// modification may change, so `sec-conformance self-test` can prove the suite notices.
// Defects a modification could cause are overrides of the rules object instead (rules.ts).

export interface DspDefects {
  /** Accept a Service Request whatever the sender's User Role. */
  skipRoleCheck: boolean;
}

export const NO_DEFECTS: Readonly<DspDefects> = { skipRoleCheck: false };
