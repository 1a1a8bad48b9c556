// Which scenarios a run may execute, checked per scenario from its tags: the side of each
// modification (against the baseline) and the capabilities it needs (@needs:<capability>).
import { isModification, type Baseline } from '../baseline.ts';
import { FLAG_PROFILES, type FlagProfile } from '../service-flags.ts';
import { ALL_CAPABILITIES, type Capability } from '../targets/target.ts';

/** Capabilities named by @needs:<capability> tags; an unknown name is a bug in the feature file. */
export function neededCapabilities(tags: readonly string[]): Capability[] {
  const needs: Capability[] = [];
  for (const t of tags) {
    if (!t.startsWith('@needs:')) continue;
    const cap = t.slice('@needs:'.length);
    if (!(ALL_CAPABILITIES as readonly string[]).includes(cap)) {
      throw new Error(`unknown capability in tag ${t}; known: ${ALL_CAPABILITIES.join(', ')}`);
    }
    if (!needs.includes(cap as Capability)) needs.push(cap as Capability);
  }
  return needs;
}

/**
 * The run's tag selection should have dropped the other side of every modification; a scenario
 * that got through anyway (a --tags or --world-parameters that disagrees with the baseline)
 * would be judged against the wrong rule, so it is an error, not a verdict.
 */
export function checkSide(tags: readonly string[], baseline: Baseline): void {
  for (const t of tags) {
    const before = /^@before:(.+)$/.exec(t);
    const id = before ? before[1]! : t.slice(1);
    if (!isModification(id)) continue;
    if (before && baseline.has(id)) {
      throw new Error(`scenario is tagged ${t} (behaviour before ${id}) but the baseline "${baseline}" applies ${id}: the tag selection and the baseline disagree`);
    }
    if (!before && !baseline.has(id)) {
      throw new Error(`scenario is tagged ${t} (behaviour after ${id}) but the baseline "${baseline}" does not apply ${id}: the tag selection and the baseline disagree`);
    }
  }
}

/**
 * Likewise for MP077's readings: a scenario tagged @profile:<name> holds under that reading only,
 * and must not run under another one.
 */
export function checkProfile(tags: readonly string[], flagProfile: FlagProfile): void {
  for (const t of tags) {
    const m = /^@profile:(.+)$/.exec(t);
    if (!m) continue;
    if (!(FLAG_PROFILES as readonly string[]).includes(m[1]!)) throw new Error(`unknown flag profile in tag ${t}; known: ${FLAG_PROFILES.join(', ')}`);
    if (m[1] !== flagProfile) {
      throw new Error(`scenario is tagged ${t} but the run's flag profile is ${flagProfile}: the tag selection and the flag profile disagree`);
    }
  }
}
