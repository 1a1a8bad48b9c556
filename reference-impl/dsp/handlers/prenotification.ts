// 12.2 Device Pre-notification: the device enters the SMI as Pending, with the User that sent it
// recorded as pre-notifying User and, when a supplier, as Responsible Supplier [I].
import type { DeviceType } from '../../../src/duis/responses.ts';
import { eui64 } from '../../../src/duis/header.ts';
import { isSupplier } from '../../../src/users.ts';
import { euiField, field, optionalField } from '../body.ts';
import { refuse, type NonDeviceHandler } from '../handler.ts';

export const prenotificationHandler: NonDeviceHandler = {
  kind: 'non-device',
  bodies: { '12.2': 'DevicePrenotification' },
  run(ctx, req) {
    const b = req.body;
    const deviceId = euiField(b, 'DeviceID');
    const codes = ctx.assumptions.codes;
    if (ctx.smi.has(deviceId)) return refuse(codes.prenotifyDuplicate, `device ${deviceId} is already in the SMI`);
    const deviceType = field(b, 'DeviceType') as DeviceType;
    // Communications Hubs come from DCC's own stock, not from a pre-notification [I]
    if (deviceType === 'CHF' || deviceType === 'GPF') return refuse(codes.deviceType, `a ${deviceType} is not pre-notified by a User`);
    const gpf = optionalField(b, 'AssociatedGPFDeviceID');
    const opt = (local: string) => optionalField(b, local);
    ctx.smi.add({
      deviceId,
      deviceType,
      status: 'Pending',
      manufacturer: field(b, 'DeviceManufacturer'),
      model: field(b, 'DeviceModel'),
      ...defined({
        smetsChtsVersion: opt('SMETSCHTSVersion'),
        firmwareVersion: opt('FirmwareVersion'),
        esmeVariant: opt('ESMEVariant')?.trim(),
        associatedGpf: gpf !== undefined ? eui64(gpf) : undefined,
        responsibleSupplier: isSupplier(req.user) ? req.user.id : undefined,
      }),
      prenotifiedBy: req.user.id,
    });
    return {};
  },
};

function defined<T extends Record<string, unknown>>(o: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}
