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
