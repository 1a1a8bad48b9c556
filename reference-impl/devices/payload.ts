// The bytes simulated devices and the reference DSP put where DUIS carries GBCS. GBCS encoding is
// out of scope: these are NOT GBCS messages, only tagged text that says what happened, so the
// reference's own tests can read a device's answer. A real DSP or device sends real GBCS here.

import { DEVICE_CREDENTIAL_TYPES, type DeviceCredentialType } from './certificates.ts';
import { DEVICE_SETTINGS, type DeviceSetting } from './simulated-devices.ts';

export const SIMULATED_MARKER = 'SIMULATED-NOT-GBCS';

export type PayloadFields = Record<string, string>;

/** base64 of `SIMULATED-NOT-GBCS;k=v;...`; values must not contain ';' or '='. */
export function encodePayload(fields: PayloadFields): string {
  const parts = [SIMULATED_MARKER, ...Object.entries(fields).map(([k, v]) => `${k}=${v.replace(/[;=]/g, '_')}`)];
  return Buffer.from(parts.join(';'), 'utf8').toString('base64');
}

/** The fields of a payload this module made, or undefined for anything else. */
export function decodePayload(base64: string): PayloadFields | undefined {
  const text = Buffer.from(base64, 'base64').toString('utf8');
  const [marker, ...rest] = text.split(';');
  if (marker !== SIMULATED_MARKER) return undefined;
  const out: PayloadFields = {};
  for (const p of rest) {
    const i = p.indexOf('=');
    if (i > 0) out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

// --- device responses and local commands ----------------------------------------------------------
// Typed views over the tagged text, so the DSP (WAN answers, 8.13) and the local-delivery
// control read and write the same fields.

/** Which command a device's response answers. */
export interface DeviceResponseHeader {
  srv: string;
  device: string;
  request: string;
}

/** What a device's response says: which command, and what became of it (as DeviceOutcome, less the transport). */
export interface DeviceResponseFields extends DeviceResponseHeader {
  applied: boolean;
  joinedHan?: boolean;
  /** 6.24.2, 6.15.2: the certificate the device reports using. */
  credential?: { type: DeviceCredentialType; serial: string };
  /** 3.2, 6.8, 11.3: the setting as the device now holds it. */
  setting?: { name: DeviceSetting; value: string };
}

/** The response a device sends for `outcome`. */
export function encodeDeviceResponse(h: DeviceResponseHeader, outcome: Omit<DeviceResponseFields, keyof DeviceResponseHeader>): string {
  return encodePayload({
    kind: 'response',
    srv: h.srv,
    device: h.device,
    request: h.request,
    outcome: outcome.applied ? 'applied' : 'rejected',
    ...(outcome.joinedHan !== undefined ? { joinedHan: String(outcome.joinedHan) } : {}),
    ...(outcome.credential ? { credentialType: outcome.credential.type, certificate: outcome.credential.serial } : {}),
    ...(outcome.setting ? { setting: outcome.setting.name, value: Buffer.from(outcome.setting.value).toString('base64url') } : {}),
  });
}

const isCredentialType = (t: string): t is DeviceCredentialType => (DEVICE_CREDENTIAL_TYPES as readonly string[]).includes(t);
const isSetting = (t: string): t is DeviceSetting => (DEVICE_SETTINGS as readonly string[]).includes(t);

/** A device response this module made, or undefined (another kind, or not ours at all). */
export function decodeDeviceResponse(base64: string): DeviceResponseFields | undefined {
  const f = decodePayload(base64);
  if (!f || f['kind'] !== 'response' || !f['srv'] || !f['device'] || !f['request']) return undefined;
  const type = f['credentialType'];
  const setting = f['setting'];
  return {
    srv: f['srv'],
    device: f['device'],
    request: f['request'],
    applied: f['outcome'] === 'applied',
    ...(f['joinedHan'] !== undefined ? { joinedHan: f['joinedHan'] === 'true' } : {}),
    ...(f['certificate'] !== undefined && type !== undefined && isCredentialType(type) ? { credential: { type, serial: f['certificate'] } } : {}),
    ...(f['value'] !== undefined && setting !== undefined && isSetting(setting) ? { setting: { name: setting, value: Buffer.from(f['value'], 'base64url').toString('utf8') } } : {}),
  };
}

/** A command returned for local delivery (CV 2, CV 6): the device command travels inside. */
export interface LocalCommandFields {
  srv: string;
  target: string;
  request: string;
  /** The DeviceCommand, as JSON. */
  command: unknown;
}

export function encodeLocalCommand(c: LocalCommandFields): string {
  // base64url has neither ';' nor '=' (unpadded), so it survives the tagged text
  return encodePayload({ kind: 'local-command', srv: c.srv, target: c.target, request: c.request, command: Buffer.from(JSON.stringify(c.command)).toString('base64url') });
}

export function decodeLocalCommand(base64: string): LocalCommandFields | undefined {
  const f = decodePayload(base64);
  if (!f || f['kind'] !== 'local-command' || !f['srv'] || !f['target'] || !f['request'] || !f['command']) return undefined;
  try {
    return { srv: f['srv'], target: f['target'], request: f['request'], command: JSON.parse(Buffer.from(f['command'], 'base64url').toString('utf8')) as unknown };
  } catch {
    return undefined;
  }
}
