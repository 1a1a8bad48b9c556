// The bytes simulated devices and the reference DSP put where DUIS carries GBCS. GBCS encoding is
// out of scope: these are NOT GBCS messages, only tagged text that says what happened, so the
// reference's own tests can read a device's answer. A real DSP or device sends real GBCS here.

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

/** What a device's response says about one command. */
export interface DeviceResponseFields {
  srv: string;
  device: string;
  request: string;
  applied: boolean;
  joinedHan?: boolean;
  /** 6.24.2: the certificate the device reported. */
  credential?: { type: string; serial: string };
}

export function encodeDeviceResponse(r: DeviceResponseFields): string {
  return encodePayload({
    kind: 'response',
    srv: r.srv,
    device: r.device,
    request: r.request,
    outcome: r.applied ? 'applied' : 'rejected',
    ...(r.joinedHan !== undefined ? { joinedHan: String(r.joinedHan) } : {}),
    ...(r.credential ? { credentialType: r.credential.type, certificate: r.credential.serial } : {}),
  });
}

/** A device response this module made, or undefined (another kind, or not ours at all). */
export function decodeDeviceResponse(base64: string): DeviceResponseFields | undefined {
  const f = decodePayload(base64);
  if (!f || f['kind'] !== 'response' || !f['srv'] || !f['device'] || !f['request']) return undefined;
  return {
    srv: f['srv'],
    device: f['device'],
    request: f['request'],
    applied: f['outcome'] === 'applied',
    ...(f['joinedHan'] !== undefined ? { joinedHan: f['joinedHan'] === 'true' } : {}),
    ...(f['certificate'] !== undefined && f['credentialType'] !== undefined ? { credential: { type: f['credentialType'], serial: f['certificate'] } } : {}),
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
