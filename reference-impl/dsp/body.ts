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

/**
 * The certificates under a replacement element (6.15.1, 6.21, 6.23), by usage: DigitalSigning,
 * KeyAgreement, KeyAgreementTopUp, each as its fingerprint. Nested holders (6.15.1's
 * SupplierOrNetworkOperatorCertificates) are looked into.
 */
export function replacementCertificates(holder: XmlView | undefined, fingerprint: (base64: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (v: XmlView) => {
    for (const c of v.children) {
      const m = /^(.*)Certificate$/.exec(c.local);
      if (m && c.children.length === 0) out[m[1]!] = fingerprint(c.text);
      else walk(c);
    }
  };
  if (holder) walk(holder);
  return out;
}
