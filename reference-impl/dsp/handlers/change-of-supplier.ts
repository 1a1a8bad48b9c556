// 6.23 Update Security Credentials (CoS): sent by the gaining Supplier. It is not yet responsible
// for the device, so instead of responsibility the DSP checks the Meter Point it names [I]. When
// the device's answer reaches the DSP the sender becomes the Responsible Supplier, and the losing
// Supplier's device requests are refused from then on. DCC tracks the Supplier certificates the
// device now holds.
import { child } from '../../../src/duis/xml.ts';
import { certificateFingerprint } from '../../devices/certificates.ts';
import { field, replacementCertificates } from '../body.ts';
import { refuse, type AcceptedRequest, type DeviceHandler } from '../handler.ts';

const supplierCertificates = (req: AcceptedRequest) => replacementCertificates(child(req.body, 'SupplierReplacementCertificates'), certificateFingerprint);

export const changeOfSupplierHandler: DeviceHandler = {
  kind: 'device',
  bodies: { '6.23': 'UpdateSecurityCredentialsCoS' },
  authorise(ctx, req, device) {
    const mpxn = field(req.body, 'ImportMPxN');
    if (device.importMpxn === undefined || device.importMpxn !== mpxn) {
      return refuse(ctx.assumptions.codes.cosMpxnMismatch, `6.23 names MPxN ${mpxn}; device ${device.deviceId} is at ${device.importMpxn ?? 'no Meter Point'}`);
    }
    return undefined;
  },
  check(ctx, _req, device) {
    if (!ctx.assumptions.lifecycle.onHan.includes(device.status)) return refuse(ctx.assumptions.codes.deviceStatus, `device ${device.deviceId} is ${device.status}`);
    return undefined;
  },
  command: (req) => ({ kind: 'change-supplier', target: req.target, supplier: req.user.id, certificates: supplierCertificates(req) }),
  onApplied(ctx, req) {
    if (!ctx.smi.has(req.target)) return;
    ctx.smi.update(req.target, { responsibleSupplier: req.user.id });
    ctx.certificates.trackOrgCertificates(req.target, 'Supplier', supplierCertificates(req));
  },
};
