// 8.14.1 Communications Hub Status Update - Install Success (with SM WAN): the CHF becomes
// Commissioned, its GPF InstalledNotCommissioned; the installing Supplier becomes responsible for
// a hub nobody was responsible for yet [I].
import { euiField, optionalField } from '../body.ts';
import { refuse, type NonDeviceHandler } from '../handler.ts';
import { sameUser } from '../authority.ts';

export const commsHubInstallHandler: NonDeviceHandler = {
  kind: 'non-device',
  bodies: { '8.14.1': 'CHFInstallSuccessSMWAN' },
  run(ctx, req) {
    const codes = ctx.assumptions.codes;
    const chfId = euiField(req.body, 'DeviceID');
    const chf = ctx.smi.get(chfId);
    if (!chf) return refuse(codes.unknownDevice, `CHF ${chfId} is not in the SMI`);
    if (chf.deviceType !== 'CHF') return refuse(codes.deviceType, `${chfId} is a ${chf.deviceType}, not a CHF`);
    if (chf.responsibleSupplier !== undefined && !sameUser(chf.responsibleSupplier, req.user.id)) {
      return refuse(codes.notResponsibleSupplier, `${req.user.name} is not responsible for CH ${chfId}`);
    }
    if (!ctx.assumptions.lifecycle.chfInstallFrom.includes(chf.status)) {
      return refuse(codes.deviceStatus, `CHF ${chfId} is ${chf.status}`);
    }
    const mpxn = optionalField(req.body, 'MPxN');
    ctx.smi.update(chfId, {
      status: 'Commissioned',
      responsibleSupplier: chf.responsibleSupplier ?? req.user.id,
      ...(mpxn !== undefined ? { installMpxn: mpxn } : {}),
    });
    for (const d of ctx.smi.onHub(chfId)) {
      if (d.deviceType !== 'GPF' || !ctx.assumptions.lifecycle.chfInstallFrom.includes(d.status)) continue;
      ctx.smi.update(d.deviceId, { status: 'InstalledNotCommissioned', responsibleSupplier: d.responsibleSupplier ?? req.user.id });
    }
    return {};
  },
};
