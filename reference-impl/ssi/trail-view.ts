// What the Self-Service Interface shows a signed-in User: the devices it may look at, and a
// device's Service Audit Trail as far as the rules let it see (modifications/: rules.auditTrailScope).
// Both the HTML pages and the JSON API answer from here, so they cannot disagree.
//
// A User may open a device it is the Responsible Supplier or the Network Operator of, or one its
// own traffic concerned (the losing Supplier after a Change of Supplier, say); any other device
// in the SMI is refused (403), a device the SMI does not hold is unknown (404).
import { eui64, isEui64 } from '../../src/duis/header.ts';
import { isSupplier, type DccUser } from '../../src/users.ts';
import { sameUser } from '../dsp/authority.ts';
import type { AuditTrailScope, DspRules } from '../modifications/index.ts';
import type { AuditEntry, AuditKind, AuditTrail } from '../smi/audit-trail.ts';
import type { SmiDevice, SmiInventory } from '../smi/inventory.ts';

/** One row of the trail as a User sees it: the trail's columns and nothing else. */
export interface SsiTrailEntry {
  at: string;
  kind: AuditKind;
  srv: string;
  title: string;
  requestId: string | null;
  /** The User that sent the request or received the response. */
  user: string;
  devices: string[];
  responseCode: string | null;
}

/** Why the viewer may open a device. */
export type DeviceRelation = 'Responsible Supplier' | 'Network Operator' | 'own traffic';

export interface SsiDevice {
  deviceId: string;
  deviceType: string;
  relation: DeviceRelation;
}

export type TrailAnswer =
  | { status: 'unknown-device'; asked: string }
  | { status: 'not-yours'; deviceId: string }
  | { status: 'ok'; device: SsiDevice; scope: AuditTrailScope; entries: SsiTrailEntry[]; truncated: boolean };

export interface SsiTrailViewDeps {
  smi: SmiInventory;
  trail: AuditTrail;
  rules: DspRules;
  maxEntries: number;
}

export class SsiTrailView {
  constructor(private readonly d: SsiTrailViewDeps) {}

  /** Devices the User may open, in the order the SMI received them. */
  devicesFor(user: DccUser): SsiDevice[] {
    const out = new Map<string, SsiDevice>();
    for (const device of this.d.smi.forParty(user.id)) {
      const relation = this.relation(user, device);
      if (relation) out.set(device.deviceId, { deviceId: device.deviceId, deviceType: device.deviceType, relation });
    }
    for (const id of this.d.trail.devicesWithOwnEntries(user.id)) {
      const device = out.has(id) ? undefined : this.d.smi.get(id);
      if (device) out.set(id, { deviceId: id, deviceType: device.deviceType, relation: 'own traffic' });
    }
    return [...out.values()];
  }

  /** A device's trail for the User; `asked` is whatever the User typed or put in the URL. */
  trail(user: DccUser, asked: string): TrailAnswer {
    const device = isEui64(asked) ? this.d.smi.get(eui64(asked)) : undefined;
    if (!device) return { status: 'unknown-device', asked };
    const relation = this.relation(user, device) ?? (this.d.trail.hasOwnEntries(device.deviceId, user.id) ? 'own traffic' : undefined);
    if (!relation) return { status: 'not-yours', deviceId: device.deviceId };
    const scope = this.d.rules.auditTrailScope({ user, device });
    const limit = this.d.maxEntries;
    const rows = this.d.trail.forDevice(device.deviceId, scope === 'device' ? { kind: 'device' } : { kind: 'own', userId: user.id }, limit + 1);
    return {
      status: 'ok',
      device: { deviceId: device.deviceId, deviceType: device.deviceType, relation },
      scope,
      entries: rows.slice(0, limit).map(forUser),
      truncated: rows.length > limit,
    };
  }

  private relation(user: DccUser, device: SmiDevice): DeviceRelation | undefined {
    if (isSupplier(user) && sameUser(device.responsibleSupplier, user.id)) return 'Responsible Supplier';
    if (sameUser(device.networkOperator, user.id)) return 'Network Operator';
    return undefined;
  }
}

/** The columns, by name, so nothing the trail might gain later leaks out by default. */
function forUser(e: AuditEntry): SsiTrailEntry {
  return {
    at: e.at,
    kind: e.kind,
    srv: e.srv,
    title: e.title,
    requestId: e.requestId ?? null,
    user: e.userId,
    devices: [...e.devices],
    responseCode: e.responseCode ?? null,
  };
}
