// 6.15.2 Update Security Credentials (Device), critical: the device takes a new Device
// Certificate of its own (after 6.17 had it make a key pair and SMKI issued the certificate).
// Which of its certificates it replaces follows from the certificate's KeyUsage. Once the device's
// response reaches the DCC (over the WAN, or through 8.13 after local delivery, MP081), the
// Inventory and the SMKI Repository hold the new certificate, as after 6.24.2 (DUIS 3.8.77.4).
// [I] SMKI is out of scope: a certificate's serial stands for it, and its chain is not checked.
import { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, KeyUsage, KeyUsageFlags, id_ce_keyUsage } from '@peculiar/asn1-x509';
import type { DeviceCredentialType } from '../../devices/certificates.ts';
import { field } from '../body.ts';
import { refuse, type AcceptedRequest, type DeviceHandler } from '../handler.ts';

/** The certificate's serial and the device credential it is, or why it is neither. */
export function deviceCertificateOf(base64: string): { serial: string; type: DeviceCredentialType } | { problem: string } {
  let der: Buffer;
  let serial: string;
  try {
    der = Buffer.from(base64.replace(/\s+/g, ''), 'base64');
    serial = new X509Certificate(der).serialNumber.toUpperCase();
  } catch (e) {
    return { problem: `DeviceCertificate is not an X.509 certificate (${(e as Error).message})` };
  }
  const ext = AsnConvert.parse(der, Certificate).tbsCertificate.extensions?.find((x) => x.extnID === id_ce_keyUsage);
  if (!ext) return { problem: 'DeviceCertificate has no KeyUsage' };
  const usage = AsnConvert.parse(ext.extnValue, KeyUsage).toNumber();
  const signs = (usage & KeyUsageFlags.digitalSignature) !== 0;
  const agrees = (usage & KeyUsageFlags.keyAgreement) !== 0;
  if (signs === agrees) return { problem: `DeviceCertificate's KeyUsage (${usage}) is not digital signature or key agreement alone` };
  return { serial, type: signs ? 'Digital Signature' : 'Key Agreement' };
}

function certificateOf(req: AcceptedRequest) {
  return deviceCertificateOf(field(req.body, 'DeviceCertificate'));
}

export const deviceCertificateHandler: DeviceHandler = {
  kind: 'device',
  bodies: { '6.15.2': 'UpdateSecurityCredentialsDevice' },
  check(ctx, req, device) {
    const codes = ctx.assumptions.codes;
    if (!ctx.assumptions.lifecycle.onHan.includes(device.status)) return refuse(codes.deviceStatus, `device ${device.deviceId} is ${device.status}`);
    const c = certificateOf(req);
    if ('problem' in c) return refuse(codes.deviceCertificateUnusable, c.problem);
    return undefined;
  },
  command(req) {
    const c = certificateOf(req);
    if ('problem' in c) throw new Error(c.problem); // check() refused it already
    return { kind: 'replace-device-certificate', target: req.target, credentialType: c.type, serial: c.serial };
  },
  onApplied(ctx, req, outcome) {
    const used = outcome.credential;
    if (!used || !ctx.smi.has(req.target)) return;
    ctx.certificates.recordDeviceCertificate(req.target, used.type, used.serial);
  },
};
