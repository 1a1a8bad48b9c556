// MP125 'Correcting Device Information for the ESME Variant' (seed 002, DCC Preliminary Impact
// Assessment, sections 3.4 and 4.1): the Responsible Supplier may send 8.4 Update Inventory to
// correct the ESME Variant of a SMETS2+ ESME whose status is Whitelisted, InstalledNotCommissioned
// or Commissioned. Nothing else moves: any other device detail, any other status (Pending
// included) and any other device keep the rule before it (only the pre-notifying User, only while
// Pending), which is whatever rules MP125 is applied to.
import { sameUser } from '../dsp/authority.ts';
import type { SmiDevice } from '../smi/inventory.ts';
import type { Modification } from './modification.ts';
import type { UpdateInventoryQuestion } from './rules.ts';

/** Statuses in which the Responsible Supplier may correct the ESME Variant (section 3.4). */
export const ESME_VARIANT_CORRECTION_STATUSES: ReadonlySet<string> = new Set(['Whitelisted', 'InstalledNotCommissioned', 'Commissioned']);

/** Self-test defect esmeVariantStatusesWrong: Pending in, InstalledNotCommissioned out. */
const WRONG_STATUSES: ReadonlySet<string> = new Set(['Pending', 'Whitelisted', 'Commissioned']);

/**
 * SMETS2 and later (section 3.4 "SMETS 2+ Devices only"). [I] The SMI tells a SMETS1 device by
 * its SMETS1 Service Provider (DUIS's S1SP), which only SMETS1 devices have.
 */
export function isSmets2Plus(device: SmiDevice): boolean {
  return device.s1sp === undefined && device.cspRegion !== 'SMETS1';
}

/** An 8.4 UpdateDeviceDetails that carries the ESME Variant and nothing else, for a SMETS2+ ESME. */
export function isEsmeVariantCorrection(q: UpdateInventoryQuestion): boolean {
  const c = q.change;
  return c.kind === 'details' && c.fields.length === 1 && c.fields[0] === 'ESMEVariant' && q.device.deviceType === 'ESME' && isSmets2Plus(q.device);
}

export const MP125: Modification = {
  id: 'MP125',
  title: 'Correcting Device Information for the ESME Variant',
  source: '002_c1c8b5473b20a22a.txt, sections 3.4 "Solution Intention" and 4.1 "DSP Solution"',
  apply: (rules, settings) => {
    const before = rules.updateInventory;
    const statuses = settings.defects?.esmeVariantStatusesWrong ? WRONG_STATUSES : ESME_VARIANT_CORRECTION_STATUSES;
    return {
      ...rules,
      updateInventory: (q) => {
        if (!isEsmeVariantCorrection(q) || !statuses.has(q.device.status)) return before(q);
        return sameUser(q.device.responsibleSupplier, q.user.id) ? undefined : 'not-responsible-supplier';
      },
    };
  },
};
