// 6.8 Update Device Configuration (Billing Calendar), critical: an ESME takes an electricity
// calendar, a GSME a gas one. The DCC records the calendar the device now runs and, for a GSME,
// sends it on to the GSME's GPF [I] (lifecycle.gasBillingCalendarToGpf): the GPF keeps the gas
// billing data too, which is why the DCC needs 6.8's response back after local delivery (MP081).
import { child, type XmlView } from '../../../src/duis/xml.ts';
import { refuse, type AcceptedRequest, type DeviceHandler, type DspContext } from '../handler.ts';

const CALENDAR_FOR: Record<string, string> = { ESME: 'ElectricityBillingCalendar', GSME: 'GasBillingCalendar' };

/** The calendar as one line of text: element names and values, in document order. */
function describe(v: XmlView): string {
  return v.children.length === 0 ? `${v.local}=${v.text.trim()}` : `${v.local}{${v.children.map(describe).join(',')}}`;
}

function calendar(req: AcceptedRequest): XmlView {
  const c = req.body.children[0];
  if (!c) throw new Error('UpdateDeviceConfigurationBillingCalendar without a calendar');
  return c;
}

/** The GSME's GPF: the one pre-notified with it, else the GPF on its Communications Hub. */
function gpfOf(ctx: DspContext, gsme: string): string | undefined {
  const d = ctx.smi.get(gsme);
  if (!d) return undefined;
  if (d.associatedGpf) return d.associatedGpf;
  return d.commsHub ? ctx.smi.onHub(d.commsHub).find((x) => x.deviceType === 'GPF')?.deviceId : undefined;
}

export const billingCalendarHandler: DeviceHandler = {
  kind: 'device',
  bodies: { '6.8': 'UpdateDeviceConfigurationBillingCalendar' },
  check(ctx, req, device) {
    const codes = ctx.assumptions.codes;
    const wanted = CALENDAR_FOR[device.deviceType];
    if (!wanted) return refuse(codes.deviceType, `6.8 goes to an ESME or GSME, not a ${device.deviceType}`);
    if (!child(req.body, wanted)) return refuse(codes.deviceType, `a ${device.deviceType} takes a ${wanted}, not a ${calendar(req).local}`);
    if (!ctx.assumptions.lifecycle.onHan.includes(device.status)) return refuse(codes.deviceStatus, `device ${device.deviceId} is ${device.status}`);
    return undefined;
  },
  command: (req) => ({ kind: 'set', target: req.target, setting: 'billing-calendar', value: describe(calendar(req)) }),
  onApplied(ctx, req) {
    const device = ctx.smi.get(req.target);
    if (!device) return;
    const value = describe(calendar(req));
    ctx.records.set(req.target, 'billing-calendar', value);
    if (device.deviceType !== 'GSME' || !ctx.assumptions.lifecycle.gasBillingCalendarToGpf) return;
    const gpf = gpfOf(ctx, req.target);
    // the DCC's own command to the GPF; a GPF that does not take it keeps its old calendar
    if (gpf) ctx.devices.execute({ kind: 'set', target: gpf, setting: 'billing-calendar', value });
  },
};
