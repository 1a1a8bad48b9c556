// The one place a baseline becomes DSP behaviour. Add a modification by writing its module and
// listing it here (MP125, MP081 and MP077 belong here when they arrive);
// a deliberately faulty variant for the self-test is an override of the result:
//   createReferenceSmi({ ..., rules: { unjoinRequiresSmiJoin: true } })
import type { Baseline, ModificationId } from '../../src/baseline.ts';
import type { Modification } from './modification.ts';
import { MP178 } from './mp178.ts';
import { SAT } from './sat.ts';
import { baseRules, type DspRules } from './rules.ts';

export type { AuditTrailQuestion, AuditTrailScope, DspRules, InventoryChange, UpdateInventoryQuestion, UpdateInventoryRefusal } from './rules.ts';
export type { Modification } from './modification.ts';

/** Modifications with DSP behaviour, in the order they apply. */
export const MODIFICATION_MODULES: readonly Modification[] = [MP178, SAT];

/** Baseline modifications the reference has no behaviour for yet (they change nothing here). */
export function unimplementedModifications(baseline: Baseline): ModificationId[] {
  const known = new Set(MODIFICATION_MODULES.map((m) => m.id));
  return baseline.ids.filter((id) => !known.has(id));
}

export function dspRules(baseline: Baseline, overrides: Partial<Omit<DspRules, 'applied'>> = {}): DspRules {
  let rules = baseRules();
  for (const m of MODIFICATION_MODULES) {
    if (baseline.has(m.id)) rules = { ...m.apply(rules), applied: [...rules.applied, m.id] };
  }
  return { ...rules, ...overrides };
}
