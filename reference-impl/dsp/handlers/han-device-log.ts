// 8.11 Update HAN Device Log: add a device to (or remove it from) a CHF's or GPF's device log.
// Added: the device is Whitelisted; a powered device then joins the hub's HAN and becomes
// InstalledNotCommissioned [I]. The SMI changes only when the hub's answer reaches the DSP;
// the outcome is reported as the UpdateHANDeviceLogResult DCC alert.
import { child } from '../../../src/duis/xml.ts';
import type { SmiDevice } from '../../smi/inventory.ts';
import { mustBeResponsibleSupplier } from '../authority.ts';
import { euiField, field, optionalField } from '../body.ts';
import { refuse, type DeviceHandler } from '../handler.ts';

const HUBS = new Set(['CHF', 'GPF']);
const NOT_ADDABLE = new Set(['Decommissioned', 'Withdrawn', 'Suspended']);

export const hanDeviceLogHandler: DeviceHandler = {
  kind: 'device',
  bodies: { '8.11': 'UpdateHANDeviceLog' },
  successReport: 'han-device-log-alert',
  check(ctx, req, hub) {
    const codes = ctx.assumptions.codes;
    if (!HUBS.has(hub.deviceType)) return refuse(codes.deviceType, `8.11 goes to a CHF or GPF, not a ${hub.deviceType}`);
    if (!ctx.assumptions.lifecycle.onHan.includes(hub.status)) return refuse(codes.deviceStatus, `${hub.deviceType} ${hub.deviceId} is ${hub.status}`);
    const deviceId = euiField(req.body, 'DeviceID');
    const device = ctx.smi.get(deviceId);
    if (!device) return refuse(codes.unknownDevice, `device ${deviceId} (in the body) is not in the SMI`);
    const notYours = mustBeResponsibleSupplier(ctx.assumptions, req.user, device);
    if (notYours) return notYours;
    if (field(req.body, 'RequestType') === 'Add' && NOT_ADDABLE.has(device.status)) {
      return refuse(codes.deviceStatus, `device ${deviceId} is ${device.status}: cannot be added to a device log`);
    }
    return undefined;
  },
  command(req) {
    const device = euiField(req.body, 'DeviceID');
    return field(req.body, 'RequestType') === 'Add' ? { kind: 'han-log-add', target: req.target, device } : { kind: 'han-log-remove', target: req.target, device };
  },
  onApplied(ctx, req, outcome) {
    const deviceId = euiField(req.body, 'DeviceID');
    const device = ctx.smi.get(deviceId);
    const hub = ctx.smi.get(req.target);
    if (!device || !hub) return; // deleted meanwhile: nothing to mirror
    const chfId = hub.deviceType === 'CHF' ? hub.deviceId : (hub.commsHub ?? hub.deviceId);
    if (field(req.body, 'RequestType') === 'Remove') {
      ctx.smi.removeFromHanLog(hub.deviceId, deviceId);
      return;
    }
    ctx.smi.addToHanLog(hub.deviceId, deviceId);
    const changes: Partial<SmiDevice> = { commsHub: chfId };
    let status = device.status;
    if (status === 'Pending') status = 'Whitelisted';
    if (status === 'Whitelisted' && outcome.joinedHan) status = ctx.assumptions.lifecycle.afterHanJoin;
    changes.status = status;
    // the whitelist entry's Meter Points associate the device with them
    const w = child(req.body, 'AddDeviceToCHFWhitelist');
    if (w) {
      const imp = optionalField(w, 'ImportMPxN');
      const sec = optionalField(w, 'SecondaryImportMPAN');
      const exp = optionalField(w, 'ExportMPAN');
      if (imp !== undefined) changes.importMpxn = imp;
      if (sec !== undefined) changes.secondaryImportMpan = sec;
      if (exp !== undefined) changes.exportMpan = exp;
    }
    ctx.smi.update(deviceId, changes);
  },
};
