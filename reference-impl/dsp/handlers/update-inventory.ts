// 8.4 Update Inventory: device status, device details, delete, MPxN. Who may change what is the
// rules object's call (pre-MP125 rule: only the pre-notifying User, only while Pending); this
// module translates the body and applies the change.
import { child } from '../../../src/duis/xml.ts';
import type { DeviceStatus } from '../../../src/duis/responses.ts';
import type { InventoryChange, UpdateInventoryRefusal } from '../../modifications/index.ts';
import type { SmiDevice } from '../../smi/inventory.ts';
import type { Assumptions } from '../assumptions.ts';
import { euiField } from '../body.ts';
import { refuse, type NonDeviceHandler, type Refusal } from '../handler.ts';

const HUB_TYPES = new Set(['CHF', 'GPF']);

/** UpdateDeviceDetails children and the SMI field each sets. */
type DetailField = 'manufacturer' | 'model' | 'smetsChtsVersion' | 'firmwareVersion' | 'esmeVariant';
const DETAIL_FIELDS: Record<string, DetailField> = {
  DeviceManufacturer: 'manufacturer',
  DeviceModel: 'model',
  SMETSCHTSVersion: 'smetsChtsVersion',
  FirmwareVersion: 'firmwareVersion',
  ESMEVariant: 'esmeVariant',
};

const MPXN_FIELDS = { ImportMPxN: 'importMpxn', SecondaryImportMPAN: 'secondaryImportMpan', ExportMPAN: 'exportMpan' } as const;

export const updateInventoryHandler: NonDeviceHandler = {
  kind: 'non-device',
  bodies: { '8.4': 'UpdateInventory' },
  run(ctx, req) {
    const codes = ctx.assumptions.codes;
    const deviceId = euiField(req.body, 'DeviceID');
    const device = ctx.smi.get(deviceId);
    if (!device) return refuse(codes.unknownDevice, `device ${deviceId} is not in the SMI`);
    const choice = req.body.children.find((c) => c.local !== 'DeviceID');
    if (!choice) return refuse(codes.schemaInvalid, 'UpdateInventory has no update');
    let change: InventoryChange;
    switch (choice.local) {
      case 'UpdateDeviceStatusExceptCH':
        change = { kind: 'device-status', to: choice.text.trim() };
        break;
      case 'UpdateDeviceStatusCH':
        change = { kind: 'ch-status', to: choice.text.trim() };
        break;
      case 'UpdateDeviceDetails':
        change = { kind: 'details', fields: choice.children.map((c) => c.local) };
        break;
      case 'DeleteDevice':
        change = { kind: 'delete' };
        break;
      case 'UpdateMPxN': {
        const f = choice.children[0]?.local;
        if (f !== 'ImportMPxN' && f !== 'SecondaryImportMPAN' && f !== 'ExportMPAN') return refuse(codes.schemaInvalid, 'UpdateMPxN has no MPxN');
        change = { kind: 'mpxn', field: f };
        break;
      }
      default:
        return refuse(codes.schemaInvalid, `unexpected sr:${choice.local} in UpdateInventory`);
    }
    const refusal = ctx.rules.updateInventory({ user: req.user, device, change });
    if (refusal) return refuse(refusalCode(ctx.assumptions, refusal), `8.4 ${change.kind} of ${deviceId} refused: ${refusal}`);

    const isHub = HUB_TYPES.has(device.deviceType);
    switch (change.kind) {
      case 'device-status':
        if (isHub) return typeMismatch(ctx.assumptions, device, 'UpdateDeviceStatusExceptCH');
        ctx.smi.setStatus(deviceId, change.to as DeviceStatus);
        break;
      case 'ch-status':
        if (!isHub) return typeMismatch(ctx.assumptions, device, 'UpdateDeviceStatusCH');
        ctx.smi.setStatus(deviceId, change.to as DeviceStatus);
        break;
      case 'details': {
        const updates: Partial<Pick<SmiDevice, DetailField>> = {};
        for (const c of choice.children) {
          const f = DETAIL_FIELDS[c.local];
          if (f) updates[f] = c.local === 'ESMEVariant' ? c.text.trim() : c.text;
        }
        ctx.smi.update(deviceId, updates);
        break;
      }
      case 'delete':
        ctx.smi.delete(deviceId);
        break;
      case 'mpxn': {
        const value = child(choice, change.field)!.text;
        ctx.smi.update(deviceId, { [MPXN_FIELDS[change.field]]: value });
        break;
      }
    }
    return {};
  },
};

function refusalCode(a: Assumptions, r: UpdateInventoryRefusal) {
  switch (r) {
    case 'not-prenotifier':
      return a.codes.updateInventoryNotPrenotifier;
    case 'not-pending':
      return a.codes.updateInventoryNotPending;
    case 'not-responsible-supplier':
      return a.codes.notResponsibleSupplier;
  }
}

function typeMismatch(a: Assumptions, d: SmiDevice, what: string): Refusal {
  return refuse(a.codes.deviceType, `${what} does not apply to a ${d.deviceType}`);
}
