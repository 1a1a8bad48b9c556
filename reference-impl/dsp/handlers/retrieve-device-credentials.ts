// 6.24.2 Retrieve Device Security Credentials (Device), critical: the device reports the
// certificate of the CredentialType asked for. MP081 (seed 003, Annex A, DUIS 3.8.77.4): on a
// successful response DCC compares it with the Device Certificate the Inventory holds and, when
// the device uses another one, updates the Inventory and the SMKI Repository.
import { field } from '../body.ts';
import type { DeviceCredentialType } from '../../devices/certificates.ts';
import { refuse, type DeviceHandler } from '../handler.ts';

export const retrieveDeviceCredentialsHandler: DeviceHandler = {
  kind: 'device',
  bodies: { '6.24.2': 'RetrieveDeviceSecurityCredentialsDevice' },
  check(ctx, _req, device) {
    if (!ctx.assumptions.lifecycle.onHan.includes(device.status)) return refuse(ctx.assumptions.codes.deviceStatus, `device ${device.deviceId} is ${device.status}`);
    return undefined;
  },
  command: (req) => ({ kind: 'read-credential', target: req.target, credentialType: field(req.body, 'CredentialType') as DeviceCredentialType }),
  onApplied(ctx, req, outcome) {
    const reported = outcome.credential;
    if (!reported || !ctx.rules.retrievedCredentialsUpdateRecords || !ctx.smi.has(req.target)) return;
    if (ctx.certificates.deviceCertificate('inventory', req.target, reported.type) === reported.serial) return;
    ctx.certificates.recordDeviceCertificate(req.target, reported.type, reported.serial);
  },
};
