// The one place a baseline becomes DSP behaviour. Add a modification by writing its module and
// listing it here;
// a deliberately faulty variant for the self-test is an override of the result:
//   createReferenceSmi({ ..., rules: { unjoinRequiresSmiJoin: true } })
import type { Baseline, ModificationId } from '../../src/baseline.ts';
import { DEFAULT_FLAG_PROFILE } from '../../src/service-flags.ts';
import type { Modification, RuleSettings } from './modification.ts';
import { MP077 } from './mp077.ts';
import { MP081 } from './mp081.ts';
import { MP125 } from './mp125.ts';
import { MP178 } from './mp178.ts';
import { SAT } from './sat.ts';
import { baseRules, type DspRules } from './rules.ts';

export type { AuditTrailQuestion, AuditTrailScope, DspRules, InventoryChange, UpdateInventoryQuestion, UpdateInventoryRefusal, ServiceFlagRules, ServiceFlagQuestion, MeterAtPoint } from './rules.ts';
export type { Modification, RuleSettings } from './modification.ts';

/** Modifications with DSP behaviour, in the order they apply. */
export const MODIFICATION_MODULES: readonly Modification[] = [MP178, MP125, MP081, MP077, SAT];

/** Baseline modifications the reference has no behaviour for yet (they change nothing here). */
export function unimplementedModifications(baseline: Baseline): ModificationId[] {
  const known = new Set(MODIFICATION_MODULES.map((m) => m.id));
  return baseline.ids.filter((id) => !known.has(id));
}

export function dspRules(
  baseline: Baseline,
  overrides: Partial<Omit<DspRules, 'applied'>> = {},
  settings: RuleSettings = { flagProfile: DEFAULT_FLAG_PROFILE },
): DspRules {
  let rules = baseRules();
  for (const m of MODIFICATION_MODULES) {
    if (baseline.has(m.id)) rules = { ...m.apply(rules, settings), applied: [...rules.applied, m.id] };
  }
  // overrides may come from JSON (run --target-options '{"rules": ...}'): a list stands for a set
  const o: Record<string, unknown> = { ...overrides };
  if (Array.isArray(o['localCommandResponseSrvs'])) o['localCommandResponseSrvs'] = new Set(o['localCommandResponseSrvs'] as string[]);
  return { ...rules, ...(o as Partial<DspRules>) };
}
