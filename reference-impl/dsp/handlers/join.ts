// 8.7.1 / 8.7.2 Join and 8.8.1 / 8.8.2 Unjoin between the target device and the Other Device.
// The devices write their own logs; the SMI records (or drops) the join only when the target's
// answer reaches the DSP. Whether an unjoin needs a join the SMI knows of is a rule (MP178).
import { eui64 } from '../../../src/duis/header.ts';
import { xsDate, field } from '../body.ts';
import { refuse, type DeviceHandler } from '../handler.ts';

const NOT_JOIN_TARGETS = new Set(['CHF']);

function otherDevice(body: Parameters<typeof field>[0]): string {
  return eui64(field(body, 'OtherDeviceID'));
}

export const joinHandler: DeviceHandler = {
  kind: 'device',
  bodies: { '8.7.1': 'JoinServiceCritical', '8.7.2': 'JoinServiceNonCritical' },
  check(ctx, req, target) {
    const codes = ctx.assumptions.codes;
    const onHan = ctx.assumptions.lifecycle.onHan;
    if (NOT_JOIN_TARGETS.has(target.deviceType)) return refuse(codes.deviceType, `8.7 does not go to a ${target.deviceType}`);
    if (!onHan.includes(target.status)) return refuse(codes.deviceStatus, `target ${target.deviceId} is ${target.status}`);
    const otherId = otherDevice(req.body);
    const other = ctx.smi.get(otherId);
    if (!other) return refuse(codes.unknownDevice, `Other Device ${otherId} is not in the SMI`);
    if (!onHan.includes(other.status)) return refuse(codes.deviceStatus, `Other Device ${otherId} is ${other.status}`);
    return undefined;
  },
  command: (req) => ({ kind: 'join', target: req.target, other: otherDevice(req.body) }),
  onApplied(ctx, req) {
    const otherId = otherDevice(req.body);
    if (!ctx.smi.has(req.target) || !ctx.smi.has(otherId)) return;
    ctx.smi.recordJoin(req.target, otherId);
    const other = ctx.smi.get(otherId)!;
    if (ctx.assumptions.lifecycle.joinCommissionsOtherDevice && other.status === 'InstalledNotCommissioned') {
      ctx.smi.update(otherId, { status: 'Commissioned', dateCommissioned: xsDate(ctx.now()) });
    }
  },
};

export const unjoinHandler: DeviceHandler = {
  kind: 'device',
  bodies: { '8.8.1': 'UnjoinServiceCritical', '8.8.2': 'UnjoinServiceNonCritical' },
  check(ctx, req, target) {
    const codes = ctx.assumptions.codes;
    if (NOT_JOIN_TARGETS.has(target.deviceType)) return refuse(codes.deviceType, `8.8 does not go to a ${target.deviceType}`);
    if (!ctx.assumptions.lifecycle.onHan.includes(target.status)) return refuse(codes.deviceStatus, `target ${target.deviceId} is ${target.status}`);
    const otherId = otherDevice(req.body);
    if (ctx.rules.unjoinRequiresSmiJoin && !ctx.smi.isJoined(req.target, otherId)) {
      return refuse(codes.notJoinedInSmi, `the SMI holds no join between ${req.target} and ${otherId}`);
    }
    return undefined;
  },
  command: (req) => ({ kind: 'unjoin', target: req.target, other: otherDevice(req.body) }),
  onApplied(ctx, req) {
    ctx.smi.removeJoin(req.target, otherDevice(req.body));
  },
};
