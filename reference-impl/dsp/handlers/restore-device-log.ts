// 8.12.1 Restore HAN Device Log and 8.12.2 Restore GPF Device Log: when a Communications Hub is
// replaced, the new CHF (or GPF) is given the device log the DCC kept of the old one. [I] The DCC
// sends its own mirror of the old hub's log; once the new hub's response says it took it, the SMI
// records those devices on the new hub's log and on its Communications Hub (so 8.2 finds them
// with it), and the joins it held with the old GPF as joins with the new one. The old hub's
// records are left as they were. MP081 lists both among the responses the DCC needs back
// through 8.13 after local delivery.
import { euiField } from '../body.ts';
import { refuse, type AcceptedRequest, type DeviceHandler, type DspContext } from '../handler.ts';

const RESTORED: Record<string, { hubType: string; oldField: string }> = {
  '8.12.1': { hubType: 'CHF', oldField: 'OldCHFID' },
  '8.12.2': { hubType: 'GPF', oldField: 'OldGPFID' },
};

const spec = (req: AcceptedRequest) => RESTORED[req.srv.srv]!;
const oldHub = (req: AcceptedRequest) => euiField(req.body, spec(req).oldField);

/** The Communications Hub a CHF or GPF belongs to. */
function commsHubOf(ctx: DspContext, hubId: string): string | undefined {
  const hub = ctx.smi.get(hubId);
  return hub?.deviceType === 'CHF' ? hub.deviceId : hub?.commsHub;
}

export const restoreDeviceLogHandler: DeviceHandler = {
  kind: 'device',
  bodies: { '8.12.1': 'RestoreHANDeviceLog', '8.12.2': 'RestoreGPFDeviceLog' },
  check(ctx, req, hub) {
    const codes = ctx.assumptions.codes;
    const { hubType, oldField } = spec(req);
    if (hub.deviceType !== hubType) return refuse(codes.deviceType, `${req.srv.srv} goes to a ${hubType}, not a ${hub.deviceType}`);
    if (!ctx.assumptions.lifecycle.onHan.includes(hub.status)) return refuse(codes.deviceStatus, `${hubType} ${hub.deviceId} is ${hub.status}`);
    const oldId = oldHub(req);
    const old = ctx.smi.get(oldId);
    if (!old) return refuse(codes.unknownDevice, `${oldField} ${oldId} is not in the SMI`);
    if (old.deviceType !== hubType) return refuse(codes.deviceType, `${oldField} ${oldId} is a ${old.deviceType}, not a ${hubType}`);
    if (old.deviceId === hub.deviceId) return refuse(codes.deviceType, `${oldField} is the ${hubType} being restored`);
    return undefined;
  },
  command: (req, ctx) => ({ kind: 'restore-log', target: req.target, replaces: oldHub(req), entries: ctx.smi.hanLog(oldHub(req)) }),
  onApplied(ctx, req) {
    const oldId = oldHub(req);
    const hub = commsHubOf(ctx, req.target);
    if (!hub || !ctx.smi.has(oldId)) return;
    for (const deviceId of ctx.smi.hanLog(oldId)) {
      const device = ctx.smi.get(deviceId);
      if (!device) continue;
      ctx.smi.addToHanLog(req.target, deviceId);
      ctx.smi.update(deviceId, { commsHub: hub });
      if (ctx.smi.isJoined(deviceId, oldId)) ctx.smi.recordJoin(deviceId, req.target);
    }
  },
};
