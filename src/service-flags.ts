// MP077 vocabulary shared by the suite and the reference: fuels, DCC Service Flag values and the
// two readings ("flag profiles") of seed 004 that the suite runs side by side.

/** The registration systems a DCC Service Flag goes to: MPAS for electricity, the Gas RDP (UK Link) for gas. */
export type Fuel = 'electricity' | 'gas';
export const FUELS: readonly Fuel[] = ['electricity', 'gas'];

/**
 * DCC Service Flag values. After MP077: A Active, N Non-Active, I InstalledNotCommissioned.
 * Before MP077 the registration files allowed A, S Suspended and W Withdrawn (seed 004, legal text
 * v0.1, Appendix X 3.28(b)(i) and 3.29(a), redlined from A/S/W to A/N/I).
 */
export type ServiceFlag = 'A' | 'N' | 'I';
export type LegacyServiceFlag = 'A' | 'S' | 'W';

/**
 * legal-text: the modification report's solution and legal text v0.1 (A, N, I; an installed but
 * uncommissioned meter gives I). dsp-assessment: the DCC's Preliminary Impact Assessment, section
 * 3.1.2 (null until first Active; A and N by the DSP's existing rules; I never set).
 */
export type FlagProfile = 'legal-text' | 'dsp-assessment';
export const FLAG_PROFILES: readonly FlagProfile[] = ['legal-text', 'dsp-assessment'];

/**
 * The profile a run uses unless told otherwise: the legal text, as the SEC is what the suite
 * checks conformance against; the report always names the profile a run used.
 */
export const DEFAULT_FLAG_PROFILE: FlagProfile = 'legal-text';

export class ServiceFlagOptionError extends Error {}

export function parseFlagProfile(value: string | undefined, what = 'flag profile'): FlagProfile {
  const v = (value ?? DEFAULT_FLAG_PROFILE).trim().toLowerCase();
  if ((FLAG_PROFILES as readonly string[]).includes(v)) return v as FlagProfile;
  throw new ServiceFlagOptionError(`${what} must be one of ${FLAG_PROFILES.join(', ')}; got ${JSON.stringify(value)}`);
}

export function parseFuel(value: string | undefined): Fuel {
  const v = (value ?? '').trim().toLowerCase();
  if ((FUELS as readonly string[]).includes(v)) return v as Fuel;
  throw new ServiceFlagOptionError(`fuel must be one of ${FUELS.join(', ')}; got ${JSON.stringify(value)}`);
}

/** The tag that marks a scenario whose expectation holds under one profile only. */
export function profileTag(p: FlagProfile): string {
  return `@profile:${p}`;
}
