// 8.1.1 Commission Device (critical): a device on the HAN becomes Commissioned once its answer
// reaches the DSP. The body's clock synchronisation is the device's business (GBCS, out of scope).
import { xsDate } from '../body.ts';
import { refuse, type DeviceHandler } from '../handler.ts';

/** Device types 8.1.1 applies to in this model [I]. */
const COMMISSIONABLE = new Set(['ESME', 'GSME', 'GPF', 'PPMID', 'HCALCS']);

export const commissionHandler: DeviceHandler = {
  kind: 'device',
  bodies: { '8.1.1': 'CommissionDeviceSynchroniseClock' },
  check(ctx, _req, device) {
    const codes = ctx.assumptions.codes;
    if (!COMMISSIONABLE.has(device.deviceType)) return refuse(codes.deviceType, `8.1.1 does not apply to a ${device.deviceType}`);
    if (!ctx.assumptions.lifecycle.commissionFrom.includes(device.status)) {
      return refuse(codes.deviceStatus, `${device.deviceType} ${device.deviceId} is ${device.status}: cannot be commissioned`);
    }
    return undefined;
  },
  command: (req) => ({ kind: 'commission', target: req.target }),
  onApplied(ctx, req) {
    if (!ctx.smi.has(req.target)) return;
    ctx.smi.update(req.target, { status: 'Commissioned', dateCommissioned: xsDate(ctx.now()) });
  },
};
