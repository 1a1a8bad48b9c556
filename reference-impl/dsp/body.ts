// Reading the fields handlers need from a request body that already passed the XSD.
import { eui64 } from '../../src/duis/header.ts';
import { child, type XmlView } from '../../src/duis/xml.ts';

/** Trimmed text of a required child (the XSD guarantees it is there). */
export function field(body: XmlView, local: string): string {
  const c = child(body, local);
  if (!c) throw new Error(`sr:${body.local} has no sr:${local}`);
  return c.text.trim();
}

/** Text of an optional child as written (xs:string fields keep their whitespace), or undefined. */
export function optionalField(body: XmlView, local: string): string | undefined {
  return child(body, local)?.text;
}

/** A required EUI child, normalised to DUIS's written form. */
export function euiField(body: XmlView, local: string): string {
  return eui64(field(body, local));
}

/** xs:date of a moment: what DateCommissioned holds. */
export function xsDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
