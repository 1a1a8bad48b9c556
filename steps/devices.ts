// Device identities and the details a Supplier pre-notifies, made up per scenario so that
// scenarios never share a device, on the reference or on a long-lived external endpoint.
import { randomBytes } from 'node:crypto';
import type { DevicePrenotificationParams, DeviceType, EsmeVariant } from '../src/duis/requests/index.ts';

/** A fresh EUI-64 under a manufacturer prefix of our own, unlikely to meet a real device. */
export function newDeviceId(): string {
  const bytes = [0x00, 0xdb, 0x5e, ...randomBytes(5)];
  return bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('-');
}

/** Plausible 12.2 details for a device of this type. */
export function prenotificationFor(deviceType: DeviceType, deviceId: string, esmeVariant?: EsmeVariant): DevicePrenotificationParams {
  return {
    deviceId,
    deviceType,
    manufacturer: 'AB01',
    model: '010A030B',
    smetsChtsVersion: 'SMETS V1.58',
    firmwareVersion: '0002012F',
    ...(deviceType === 'ESME' ? { esmeVariant: esmeVariant ?? 'A' } : {}),
  };
}

/** An install code of the length GBCS gives (16 bytes), random per device. */
export function installCode(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

/** A made-up 13-digit MPAN (or MPRN) for the device's Meter Point. */
export function newMpxn(): string {
  return Array.from(randomBytes(13), (b) => String(b % 10)).join('').replace(/^0/, '1');
}

/** A made-up 10-digit MPRN: a gas Meter Point Reference is Number 10 in the registration files (seed 004, legal text). */
export function newMprn(): string {
  return Array.from(randomBytes(10), (b) => String(b % 10)).join('').replace(/^0/, '7');
}
