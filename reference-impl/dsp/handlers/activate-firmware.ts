// 11.3 Activate Firmware, critical: the device switches to the image with the FirmwareHash given
// (distributed earlier by 11.1, which the reference does not model). When its response says it
// runs that image, the DCC records the image's version from the Central Products List as the
// device's firmware version in the Inventory (8.2 shows it). MP081 lists 11.3 among the responses
// the DCC needs back through 8.13 after local delivery.
// [I] No CPL check when the request arrives; an image the CPL does not list changes no record.
import type { XmlView } from '../../../src/duis/xml.ts';
import { field } from '../body.ts';
import { refuse, type DeviceHandler } from '../handler.ts';

const hashOf = (body: XmlView) => field(body, 'FirmwareHash').toUpperCase();

export const activateFirmwareHandler: DeviceHandler = {
  kind: 'device',
  bodies: { '11.3': 'ActivateFirmware' },
  check(ctx, _req, device) {
    if (!ctx.assumptions.lifecycle.onHan.includes(device.status)) return refuse(ctx.assumptions.codes.deviceStatus, `device ${device.deviceId} is ${device.status}`);
    return undefined;
  },
  command: (req) => ({ kind: 'set', target: req.target, setting: 'firmware-hash', value: hashOf(req.body) }),
  onApplied(ctx, req, outcome) {
    const device = ctx.smi.get(req.target);
    // what the device says it runs, which is what it was told to activate
    const running = outcome.setting?.name === 'firmware-hash' ? outcome.setting.value : hashOf(req.body);
    const image = device ? ctx.centralProductsList.find(running, device) : undefined;
    if (image) ctx.smi.update(req.target, { firmwareVersion: image.firmwareVersion });
  },
};
