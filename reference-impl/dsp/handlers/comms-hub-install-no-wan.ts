// 8.14.2 Communications Hub Status Update - Install No SM WAN, as MP081 describes DCC's processing
// (seed 003, Annex A, DUIS 3.8.106.3 and 3.8.114.4): the named device must be a CHF (E081401), the
// install date-time must not be in the future (E081402), the general device status check (E5) is
// not applied, and a CHF that is not InstalledNotCommissioned gets W081401; if it was still
// Pending it becomes InstalledNotCommissioned, and so does its GPF if that is still Pending.
import { sameUser } from '../authority.ts';
import { euiField, optionalField } from '../body.ts';
import { refuse, type NonDeviceHandler } from '../handler.ts';

export const commsHubInstallNoWanHandler: NonDeviceHandler = {
  kind: 'non-device',
  bodies: { '8.14.2': 'CHFInstallSuccessNoSMWAN' },
  run(ctx, req) {
    const codes = ctx.assumptions.codes;
    const chfId = euiField(req.body, 'DeviceID');
    const chf = ctx.smi.get(chfId);
    if (!chf) return refuse(codes.unknownDevice, `CHF ${chfId} is not in the SMI`);
    if (chf.deviceType !== 'CHF') return refuse(codes.chInstallNotChf, `${chfId} is a ${chf.deviceType}, not a CHF`);
    const when = optionalField(req.body, 'InstallDateTime')?.trim();
    if (when !== undefined && Date.parse(when) > ctx.now().getTime()) {
      return refuse(codes.chInstallFutureDate, `install date-time ${when} is after the DCC's now, ${ctx.now().toISOString()}`);
    }
    if (chf.responsibleSupplier !== undefined && !sameUser(chf.responsibleSupplier, req.user.id)) {
      return refuse(codes.notResponsibleSupplier, `${req.user.name} is not responsible for CH ${chfId}`);
    }
    if (ctx.rules.chInstallNoWanStatusCheck && !ctx.assumptions.lifecycle.chfInstallFrom.includes(chf.status)) {
      return refuse(codes.deviceStatus, `CHF ${chfId} is ${chf.status}`);
    }
    const mpxn = optionalField(req.body, 'MPxN');
    ctx.smi.update(chfId, { responsibleSupplier: chf.responsibleSupplier ?? req.user.id, ...(mpxn !== undefined ? { installMpxn: mpxn } : {}) });
    if (chf.status === 'InstalledNotCommissioned') return {};
    if (ctx.rules.chInstallNoWanPromotesPending && chf.status === 'Pending') {
      ctx.smi.setStatus(chfId, 'InstalledNotCommissioned');
      for (const d of ctx.smi.onHub(chfId)) {
        if (d.deviceType === 'GPF' && d.status === 'Pending') {
          ctx.smi.update(d.deviceId, { status: 'InstalledNotCommissioned', responsibleSupplier: d.responsibleSupplier ?? req.user.id });
        }
      }
    }
    return { code: codes.chInstallNotInstalledNotCommissioned };
  },
};
