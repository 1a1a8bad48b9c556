// The DSP rules a SEC modification may change, as one typed object the handlers consult. The
// baseline picks which modifications shape it (index.ts); everything else (schema, roles,
// counters, responsibility for devices) is not a rule here and no modification can relax it.
// One switch is here although no modification touches it: checkRequestSignatures, so that the
// self-test's signature fault is a one-line JSON override of this object (faults that live in
// code rather than settings are switches in dsp/defects.ts).
import type { DeviceStatus } from '../../src/duis/responses.ts';
import type { ServiceFlag } from '../../src/service-flags.ts';
import type { DccUser } from '../../src/users.ts';
import type { SmiDevice } from '../smi/inventory.ts';
import { mp081Processing, type Mp081Processing } from './mp081.ts';
import { LEGACY_SERVICE_FLAGS } from './mp077.ts';

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

/** A smart meter as it relates to one Meter Point: associated with it or not, and its status. */
export interface MeterAtPoint {
  associated: boolean;
  status: DeviceStatus;
}

/** One smart meter changed (status, Meter Points, added or deleted): what is the Meter Point's flag now? */
export interface ServiceFlagQuestion {
  /** The Meter Point's DCC Service Flag before the change; null: never set. */
  current: ServiceFlag | null;
  /** The changed meter before and after; undefined when it was not (is no longer) in the SMI. */
  before?: MeterAtPoint;
  after?: MeterAtPoint;
  /** Statuses of the other smart meters of the same fuel associated with the Meter Point, after the change. */
  others: readonly DeviceStatus[];
  /** Statuses in which another smart meter still holds the Meter Point (assumptions.serviceFlags.holdingStatuses). */
  holding: readonly DeviceStatus[];
}

/** How Meter Points get their DCC Service Flag and which values reach the registration files (MP077). */
export interface ServiceFlagRules {
  /** The reading that derives the flags, for reports and logs. */
  readonly reading: 'dsp-rules' | 'legal-text';
  /** Whether there are per-fuel feature switches (after MP077). */
  readonly switches: boolean;
  next(q: ServiceFlagQuestion): ServiceFlag | null;
  /** The flag values a registration file may carry for a fuel whose switch is on (or off). */
  exported(switchOn: boolean): readonly ServiceFlag[];
}

/** Whose entries of a device's Service Audit Trail a User sees: every User's, or its own only. */
export type AuditTrailScope = 'device' | 'own';

export interface AuditTrailQuestion {
  user: DccUser;
  device: SmiDevice;
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
  /** DCC Service Flags per Meter Point (MP077; before it, the DSP's existing A-only behaviour). */
  serviceFlags: ServiceFlagRules;
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
    // DSP processing MP081 wrote into the SEC; the same before it (see mp081.ts)
    ...mp081Processing(),
    unjoinRequiresSmiJoin: true,
    checkRequestSignatures: true,
    updateInventory: ({ user, device, change }) => {
      if (change.kind === 'mpxn' && device.status !== 'Pending') return meterPointCorrection(user, device);
      if (device.prenotifiedBy === undefined || device.prenotifiedBy.toUpperCase() !== user.id.toUpperCase()) return 'not-prenotifier';
      if (device.status !== 'Pending') return 'not-pending';
      return undefined;
    },
    serviceFlags: LEGACY_SERVICE_FLAGS,
    // SEC H8.16(b) before the Service Audit Trail modification: a User's own record only
    auditTrailScope: () => 'own',
  };
}

/** Installed devices whose Meter Point (8.4 UpdateMPxN) may be corrected. */
const MPXN_CORRECTABLE: ReadonlySet<string> = new Set(['Whitelisted', 'InstalledNotCommissioned', 'Commissioned']);

/**
 * 8.4 UpdateMPxN of an installed device: its Responsible Supplier may correct the Meter Point [I].
 * Seed 004 (PIA 3.1.2) describes the DSP linking and unlinking Meter Points of Commissioned smart
 * meters with 8.4, so the pre-notifier-while-Pending rule cannot be the whole story for MPxNs.
 */
function meterPointCorrection(user: DccUser, device: SmiDevice): UpdateInventoryRefusal | undefined {
  if (!MPXN_CORRECTABLE.has(device.status)) return 'not-pending';
  if (device.responsibleSupplier === undefined || device.responsibleSupplier.toUpperCase() !== user.id.toUpperCase()) return 'not-responsible-supplier';
  return undefined;
}
