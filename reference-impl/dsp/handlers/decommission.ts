// 8.3 Decommission Device: the Responsible Supplier takes a device out of service.
import { mustBeResponsibleSupplier } from '../authority.ts';
import { euiField } from '../body.ts';
import { refuse, type NonDeviceHandler } from '../handler.ts';

export const decommissionHandler: NonDeviceHandler = {
  kind: 'non-device',
  bodies: { '8.3': 'DecommissionDevice' },
  run(ctx, req) {
    const codes = ctx.assumptions.codes;
    const deviceId = euiField(req.body, 'DeviceID');
    const device = ctx.smi.get(deviceId);
    if (!device) return refuse(codes.unknownDevice, `device ${deviceId} is not in the SMI`);
    const notYours = mustBeResponsibleSupplier(ctx.assumptions, req.user, device);
    if (notYours) return notYours;
    if (!ctx.assumptions.lifecycle.decommissionFrom.includes(device.status)) {
      return refuse(codes.deviceStatus, `device ${deviceId} is ${device.status}: cannot be decommissioned`);
    }
    ctx.smi.setStatus(deviceId, 'Decommissioned');
    return {};
  },
};
