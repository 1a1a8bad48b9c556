// Writing typed values the way the DUIS XSD types want them. Kept lenient on input forms (Date or
// string, DER bytes or PEM or base64) because callers hold values from logs, files and clocks.
import type { Element } from 'xml-js';
import { eui64 } from '../header.ts';
import { sr } from '../xml.ts';

/** xs:dateTime: a Date is written in UTC with milliseconds; a string is passed through. */
export function dateTime(v: Date | string): string {
  return typeof v === 'string' ? v : v.toISOString();
}

export const bool = (v: boolean): string => (v ? 'true' : 'false');

/** Binary as base64 (xs:base64Binary): bytes are encoded; a string is taken as base64 or PEM. */
export function base64(v: Uint8Array | string): string {
  if (typeof v !== 'string') return Buffer.from(v).toString('base64');
  return v.replace(/-----(BEGIN|END) [^-]+-----/g, '').replace(/\s+/g, '');
}

/** Binary as hex (xs:hexBinary): bytes are encoded; a string is taken as hex, upper-cased. */
export function hex(v: Uint8Array | string): string {
  return typeof v === 'string' ? v.replace(/\s+/g, '').toUpperCase() : Buffer.from(v).toString('hex').toUpperCase();
}

/** A DER certificate, or its PEM or base64 text. */
export type Certificate = Uint8Array | string;

/** An sr element holding a normalised EUI-64. */
export const euiElement = (local: string, v: string): Element => sr(local, eui64(v));

/** An optional sr element: left out when the value is undefined. */
export function opt<T>(local: string, v: T | undefined, write: (v: T) => string | number = String): Element | undefined {
  return v === undefined ? undefined : sr(local, write(v));
}
