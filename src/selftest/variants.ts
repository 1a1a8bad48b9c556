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
    requirements: ['MP178-5', 'IC-6'],
  },
];
