// The DSP rules a SEC modification may change, as one typed object the handlers consult. The
// baseline picks which modifications shape it (index.ts); everything else (schema, roles,
// counters, responsibility for devices) is not a rule here and no modification can relax it.
// One switch is here although no modification touches it: checkRequestSignatures, so that the
// self-test's faulty variants are all one-line overrides of the same object.
import type { DccUser } from '../../src/users.ts';
import type { SmiDevice } from '../smi/inventory.ts';
import { mp081Processing, type Mp081Processing } from './mp081.ts';

/** Which part of the inventory an 8.4 Update Inventory changes. */
export type InventoryChange =
  | { kind: 'device-status'; to: string }
  | { kind: 'ch-status'; to: string }
  /** UpdateDeviceDetails: the names of the fields given (DeviceManufacturer, ESMEVariant, ...). */
  | { kind: 'details'; fields: string[] }
  | { kind: 'delete' }
  | { kind: 'mpxn'; field: 'ImportMPxN' | 'SecondaryImportMPAN' | 'ExportMPAN' };

/** Why an 8.4 is refused; the handler turns it into a response code (assumptions.ts). */
export type UpdateInventoryRefusal = 'not-prenotifier' | 'not-pending' | 'not-responsible-supplier';

export interface UpdateInventoryQuestion {
  user: DccUser;
  device: SmiDevice;
  change: InventoryChange;
}

export interface DspRules extends Mp081Processing {
  /** Modifications that shaped these rules, for reports and logs. */
  readonly applied: readonly string[];
  /**
   * 8.8.1 / 8.8.2: refuse the unjoin (E080801) when the SMI holds no join between the target and
   * the Other Device. True before MP178.
   */
  unjoinRequiresSmiJoin: boolean;
  /** 8.4: undefined when the User may make this change, else why not. */
  updateInventory(q: UpdateInventoryQuestion): UpdateInventoryRefusal | undefined;
  /**
   * Every request must carry a valid XMLDSig signature by its originator. Always true; false only
   * in a deliberately faulty DSP ("signature not checked") for the self-test.
   */
  checkRequestSignatures: boolean;
}

/**
 * The rules with no modification applied. 8.4: only the User that pre-notified the device (12.2),
 * only while it is Pending.
 */
export function baseRules(): DspRules {
  return {
    applied: [],
    // DSP processing MP081 wrote into the SEC; the same before it (see mp081.ts)
    ...mp081Processing(),
    unjoinRequiresSmiJoin: true,
    checkRequestSignatures: true,
    updateInventory: ({ user, device }) => {
      if (device.prenotifiedBy === undefined || device.prenotifiedBy.toUpperCase() !== user.id.toUpperCase()) return 'not-prenotifier';
      if (device.status !== 'Pending') return 'not-pending';
      return undefined;
    },
  };
}
