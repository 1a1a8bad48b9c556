// What a modification module provides: the rules it changes, as a function of the rules before it.
import type { ModificationId } from '../../src/baseline.ts';
import type { FlagProfile } from '../../src/service-flags.ts';
import type { DspDefects } from '../dsp/defects.ts';
import type { DspRules } from './rules.ts';

/** Run settings a modification's behaviour may depend on besides the baseline. */
export interface RuleSettings {
  /** Which of seed 004's readings MP077 follows. */
  flagProfile: FlagProfile;
  /** Self-test defects a modification's behaviour bends (dsp/defects.ts); absent in a real run. */
  defects?: Readonly<DspDefects>;
}

export interface Modification {
  id: ModificationId;
  title: string;
  /** Seed file and section the behaviour comes from. */
  source: string;
  /** The rules with this modification applied (return a new object; never relax role checks). */
  apply(rules: DspRules, settings: RuleSettings): DspRules;
}
