// The DSP rules a SEC modification may change, as one typed object the handlers consult. The
// baseline picks which modifications shape it (index.ts); everything else (schema, roles,
// counters, responsibility for devices) is not a rule here and no modification can relax it.
import type { DccUser } from '../../src/users.ts';
import type { SmiDevice } from '../smi/inventory.ts';

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

/** Whose entries of a device's Service Audit Trail a User sees: every User's, or its own only. */
export type AuditTrailScope = 'device' | 'own';

export interface AuditTrailQuestion {
  user: DccUser;
  device: SmiDevice;
}

export interface DspRules {
  /** Modifications that shaped these rules, for reports and logs. */
  readonly applied: readonly string[];
  /**
   * 8.8.1 / 8.8.2: refuse the unjoin (E080801) when the SMI holds no join between the target and
   * the Other Device. True before MP178.
   */
  unjoinRequiresSmiJoin: boolean;
  /** 8.4: undefined when the User may make this change, else why not. */
  updateInventory(q: UpdateInventoryQuestion): UpdateInventoryRefusal | undefined;
  /** Self-Service Interface: which of the device's audit trail entries the User sees. */
  auditTrailScope(q: AuditTrailQuestion): AuditTrailScope;
}

/**
 * The rules with no modification applied. 8.4: only the User that pre-notified the device (12.2),
 * only while it is Pending. Service Audit Trail: each User sees its own requests and responses.
 */
export function baseRules(): DspRules {
  return {
    applied: [],
    unjoinRequiresSmiJoin: true,
    updateInventory: ({ user, device }) => {
      if (device.prenotifiedBy === undefined || device.prenotifiedBy.toUpperCase() !== user.id.toUpperCase()) return 'not-prenotifier';
      if (device.status !== 'Pending') return 'not-pending';
      return undefined;
    },
    // SEC H8.16(b) before the Service Audit Trail modification: a User's own record only
    auditTrailScope: () => 'own',
  };
}
