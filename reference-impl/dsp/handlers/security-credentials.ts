// Organisation Certificates on devices: 6.15.1 Update Security Credentials (KRP) (critical) and
// 6.21 Request Handover Of DCC Controlled Device. The device replaces the remote party's
// certificates; once its response reaches DCC (over the WAN, or back through 8.13 after local
// delivery, MP081) DCC tracks the new certificates as the ones on the device.
// [I] Who may send them: the device's Responsible Supplier (the reference does not model the
// Network Operator's own certificate updates), to a device on the HAN.
import { child } from '../../../src/duis/xml.ts';
import { certificateFingerprint } from '../../devices/certificates.ts';
import { field, replacementCertificates } from '../body.ts';
import { refuse, type AcceptedRequest, type DeviceHandler } from '../handler.ts';

const certificates = (req: AcceptedRequest) => replacementCertificates(child(req.body, 'ReplacementCertificates'), certificateFingerprint);

export const orgCertificateHandler: DeviceHandler = {
  kind: 'device',
  bodies: { '6.15.1': 'UpdateSecurityCredentialsKRP', '6.21': 'RequestHandoverOfDCCControlledDevice' },
  check(ctx, _req, device) {
    if (!ctx.assumptions.lifecycle.onHan.includes(device.status)) return refuse(ctx.assumptions.codes.deviceStatus, `device ${device.deviceId} is ${device.status}`);
    return undefined;
  },
  command: (req) => ({ kind: 'replace-org-certificates', target: req.target, role: field(req.body, 'RemotePartyRole'), certificates: certificates(req) }),
  onApplied(ctx, req) {
    if (!ctx.smi.has(req.target)) return;
    ctx.certificates.trackOrgCertificates(req.target, field(req.body, 'RemotePartyRole'), certificates(req));
  },
};
