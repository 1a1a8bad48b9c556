// Certificates as the reference models them. GBCS and SMKI are out of scope, so a Device
// Certificate is stood for by a made-up serial, and an Organisation Certificate placed on a
// device by its SHA-256 fingerprint (of the DER the User sent).
import { createHash } from 'node:crypto';

/** DUIS 6.24.2's CredentialType: the device's own certificates. */
export type DeviceCredentialType = 'Digital Signature' | 'Key Agreement';
export const DEVICE_CREDENTIAL_TYPES: readonly DeviceCredentialType[] = ['Digital Signature', 'Key Agreement'];

/**
 * [I] The serial of a device's certificate of `type`, issue `generation` (0: as manufactured).
 * SMKI issues Device Certificates before a device reaches the SMI, so the reference derives the
 * manufactured ones from the EUI rather than storing them for every device it ever sees.
 */
export function deviceCertificateSerial(deviceId: string, type: DeviceCredentialType, generation: number): string {
  return createHash('sha256').update(`${deviceId}|${type}|${generation}`).digest('hex').slice(0, 32).toUpperCase();
}

export { certificateFingerprint } from '../../src/certificate-fingerprint.ts';

/** Organisation Certificates replaced on a device, by usage (DigitalSigning, KeyAgreement, KeyAgreementTopUp). */
export type OrgCertificates = Record<string, string>;
