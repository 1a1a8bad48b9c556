// XMLDSig as DCC Boxed signs DUIS: one enveloped signature over the whole document (Reference
// URI="", the enveloped-signature transform only, so the digest is over the inclusive C14N of the
// document without its signature), SignedInfo in exclusive C14N, ECDSA P-256 / SHA-256 with the
// raw r||s value, SHA-256 digest, prefix ds, appended as the root's last child, and KeyInfo naming
// the certificate by X509IssuerSerial (the receiver must already hold it).
//
// Verification is strict about that shape: anything else (another algorithm, several references,
// a signature that is not the root's last child) is refused before any cryptography, which also
// shuts out signature-wrapping tricks.
// xmldom's parser: the one xml-crypto itself parses with
import { DOMParser as DOMParserCtor } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { NS } from '../../schemas/namespaces.ts';
import { ECDSA_SHA256, EcdsaSha256 } from './ecdsa.ts';
import { issuerName, serialDecimal, type Credential, type KeyStore } from './key-store.ts';

export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const INCLUSIVE_C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
export const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
export const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

export class SigningError extends Error {}

function signedXml(options: ConstructorParameters<typeof SignedXml>[0] = {}): SignedXml {
  const sx = new SignedXml(options);
  // ECDSA is all DUIS uses: nothing else may verify (no RSA, no HMAC key confusion)
  sx.SignatureAlgorithms = { [ECDSA_SHA256]: EcdsaSha256 as unknown as (typeof sx.SignatureAlgorithms)[string] };
  return sx;
}

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** KeyInfo content naming the certificate as DCC Boxed does: X509IssuerSerial. */
function issuerSerialKeyInfo(c: Credential, prefix: string): string {
  const p = prefix ? `${prefix}:` : '';
  return `<${p}X509Data><${p}X509IssuerSerial><${p}X509IssuerName>${escapeText(issuerName(c.certificate))}</${p}X509IssuerName><${p}X509SerialNumber>${serialDecimal(c.certificate)}</${p}X509SerialNumber></${p}X509IssuerSerial></${p}X509Data>`;
}

/**
 * Sign a document (compact XML: DCC's Java validator reads it ignoring element-content
 * whitespace, so whitespace between elements would change the digest it computes). A signature
 * already present is refused: re-signing is the caller's decision.
 */
export function signXml(xml: string, signer: Credential): string {
  if (!signer.privateKey) throw new SigningError(`no private key for ${signer.id} (${signer.source}): cannot sign`);
  if (/<(?:[\w.-]+:)?SignedInfo[\s>]/.test(xml)) {
    throw new SigningError('the document is already signed');
  }
  const sx = signedXml({
    privateKey: signer.privateKey,
    signatureAlgorithm: ECDSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  sx.getKeyInfoContent = ({ prefix }) => issuerSerialKeyInfo(signer, prefix ?? '');
  sx.addReference({ xpath: '/*', transforms: [ENVELOPED], digestAlgorithm: SHA256, uri: '', isEmptyUri: true });
  sx.computeSignature(xml, { prefix: 'ds', location: { reference: '/*', action: 'append' } });
  return sx.getSignedXml();
}

export type VerifyProblem =
  | 'missing' // no signature at all
  | 'malformed' // a signature, but not of the shape DUIS uses
  | 'unknown-certificate' // names a certificate we do not hold
  | 'invalid'; // the digest or the signature value does not check out

export type VerifyResult = { ok: true; signer: Credential } | { ok: false; problem: VerifyProblem; reason: string };

const fail = (problem: VerifyProblem, reason: string): VerifyResult => ({ ok: false, problem, reason });

/** Verify a document's enveloped signature against the certificates in `store`. */
export function verifyXml(xml: string, store: KeyStore): VerifyResult {
  let doc: Document;
  try {
    doc = new DOMParserCtor().parseFromString(xml, 'text/xml') as unknown as Document;
  } catch (e) {
    return fail('malformed', `not well-formed XML: ${(e as Error).message}`);
  }
  const root = doc.documentElement;
  if (!root) return fail('malformed', 'no root element');
  const signatures = doc.getElementsByTagNameNS(NS.ds, 'Signature');
  if (signatures.length === 0) return fail('missing', 'the document is not signed (no ds:Signature)');
  if (signatures.length > 1) return fail('malformed', `${signatures.length} ds:Signature elements; DUIS has one`);
  const sig = signatures[0]!;
  if (sig.parentNode !== root || lastElementChild(root) !== sig) return fail('malformed', "ds:Signature is not the root element's last child");

  const shape = checkShape(sig);
  if (shape) return fail('malformed', shape);

  const issuer = textOf(sig, 'X509IssuerName');
  const serial = textOf(sig, 'X509SerialNumber');
  if (issuer === undefined || serial === undefined) return fail('malformed', 'KeyInfo does not name the certificate by X509IssuerSerial');
  const signer = store.byIssuerAndSerial(issuer, serial);
  if (!signer) return fail('unknown-certificate', `signed with a certificate we do not know: issuer "${issuer}", serial ${serial}`);

  const sx = signedXml({ publicCert: signer.certificate.publicKey });
  // the key comes from our store, never from the document
  sx.getCertFromKeyInfo = () => null;
  try {
    sx.loadSignature(sig as unknown as Node);
    if (sx.checkSignature(xml) !== true) return fail('invalid', 'the digest of the document does not match the signed one (the document was changed after signing)');
  } catch (e) {
    const m = (e as Error).message;
    return fail('invalid', /signature value .* is incorrect/.test(m) ? `the signature value does not verify with ${signer.id}'s certificate (${signer.source})` : m);
  }
  return { ok: true, signer };
}

/** What DUIS signatures must look like; undefined when this one does, else why not. */
function checkShape(sig: Element): string | undefined {
  const signedInfo = childrenNamed(sig, 'SignedInfo');
  if (signedInfo.length !== 1) return 'ds:Signature must have one ds:SignedInfo';
  const si = signedInfo[0]!;
  const c14n = childrenNamed(si, 'CanonicalizationMethod')[0]?.getAttribute('Algorithm');
  if (c14n !== EXC_C14N) return `CanonicalizationMethod must be exclusive C14N (${EXC_C14N}), is ${c14n ?? 'missing'}`;
  const method = childrenNamed(si, 'SignatureMethod')[0]?.getAttribute('Algorithm');
  if (method !== ECDSA_SHA256) return `SignatureMethod must be ECDSA-SHA256 (${ECDSA_SHA256}), is ${method ?? 'missing'}`;
  const refs = childrenNamed(si, 'Reference');
  if (refs.length !== 1) return `ds:SignedInfo must have exactly one ds:Reference, has ${refs.length}`;
  const ref = refs[0]!;
  if (ref.getAttribute('URI') !== '') return `the ds:Reference must cover the whole document (URI=""), has URI="${ref.getAttribute('URI') ?? ''}"`;
  const transforms = childrenNamed(childrenNamed(ref, 'Transforms')[0], 'Transform').map((t) => t.getAttribute('Algorithm') ?? '');
  const allowed = transforms[0] === ENVELOPED && transforms.length <= 2 && (transforms.length === 1 || [EXC_C14N, INCLUSIVE_C14N].includes(transforms[1]!));
  if (!allowed) return `the ds:Reference must use the enveloped-signature transform (then at most a C14N), has ${transforms.join(', ') || 'none'}`;
  const digest = childrenNamed(ref, 'DigestMethod')[0]?.getAttribute('Algorithm');
  if (digest !== SHA256) return `DigestMethod must be SHA-256 (${SHA256}), is ${digest ?? 'missing'}`;
  return undefined;
}

function childrenNamed(parent: Element | undefined, local: string): Element[] {
  if (!parent) return [];
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === local && (n as Element).namespaceURI === NS.ds) out.push(n as Element);
  }
  return out;
}

function lastElementChild(e: Element): Element | undefined {
  for (let n = e.lastChild; n; n = n.previousSibling) if (n.nodeType === 1) return n as Element;
  return undefined;
}

function textOf(sig: Element, local: string): string | undefined {
  const found = sig.getElementsByTagNameNS(NS.ds, local);
  return found.length === 1 ? (found[0]!.textContent ?? '').trim() : undefined;
}
