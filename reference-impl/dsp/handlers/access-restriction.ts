// 3.2 Restrict Access For Change Of Tenancy: the Import Supplier (or Gas Supplier) tells a meter
// that data from before a date belongs to the previous tenant. [I] The DCC records the restriction
// date-time against the device once the device's response says it applied it (MP081 lists 3.2
// among the responses the DCC needs back through 8.13 after local delivery; DUIS's own reason is
// not in the seeds).
import { field } from '../body.ts';
import { refuse, type DeviceHandler } from '../handler.ts';

const SMART_METERS = new Set(['ESME', 'GSME']);

export const accessRestrictionHandler: DeviceHandler = {
  kind: 'device',
  bodies: { '3.2': 'RestrictAccessForChangeOfTenancy' },
  check(ctx, _req, device) {
    const codes = ctx.assumptions.codes;
    if (!SMART_METERS.has(device.deviceType)) return refuse(codes.deviceType, `3.2 goes to a smart meter, not a ${device.deviceType}`);
    if (!ctx.assumptions.lifecycle.onHan.includes(device.status)) return refuse(codes.deviceStatus, `device ${device.deviceId} is ${device.status}`);
    return undefined;
  },
  command: (req) => ({ kind: 'set', target: req.target, setting: 'access-restricted-from', value: field(req.body, 'RestrictionDateTime') }),
  onApplied(ctx, req) {
    if (ctx.smi.has(req.target)) ctx.records.set(req.target, 'access-restricted-from', field(req.body, 'RestrictionDateTime'));
  },
};
