// DUIS's rules on top of XMLDSig: a Request is signed by the User that sends it (the
// BusinessOriginatorID of its RequestID), a Response or alert by the DCC. Used by the suite (sign
// what it sends, check what it gets), by the reference (check what it gets, sign what it sends)
// and by the receiver of asynchronous deliveries.
import { ACCESS_CONTROL_BROKER } from '../users.ts';
import { normaliseEui, type Credential, type KeyStore } from './key-store.ts';
import { SigningError, signXml, verifyXml, type VerifyProblem } from './xmldsig.ts';

export { SigningError } from './xmldsig.ts';

export type DuisSignatureProblem = VerifyProblem | 'not-originator' | 'not-dcc';

export type DuisSignatureCheck =
  | { ok: true; signer?: Credential; signed: boolean }
  | { ok: false; problem: DuisSignatureProblem; reason: string };

export interface DuisSigningOptions {
  /**
   * [I] Identities whose signatures are accepted on Responses and alerts. Default: the DCC's
   * access control broker, whose XML signing key DCC Boxed signs every response with.
   */
  dccSigners?: readonly string[];
  /**
   * [I] Whether an unsigned Response or alert fails (true, default: DCC signs what it sends), or
   * is accepted unchecked (DCC Boxed's own validator lets unsigned responses through).
   */
  requireSignedResponses?: boolean;
}

/** The BusinessOriginatorID of the first RequestID in a document, read without trusting it. */
export function requestOriginator(xml: string): string | undefined {
  const rid = /<(?:[\w.-]+:)?RequestID>\s*([0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){7}):/.exec(xml)?.[1];
  return rid ? normaliseEui(rid) : undefined;
}

export class DuisSigning {
  readonly keys: KeyStore;
  readonly dccSigners: readonly string[];
  readonly requireSignedResponses: boolean;

  constructor(keys: KeyStore, options: DuisSigningOptions = {}) {
    this.keys = keys;
    this.dccSigners = (options.dccSigners ?? [ACCESS_CONTROL_BROKER]).map(normaliseEui);
    this.requireSignedResponses = options.requireSignedResponses ?? true;
  }

  /** Sign a Request as its originator (from its RequestID). */
  signRequest(xml: string): string {
    const originator = requestOriginator(xml);
    if (!originator) throw new SigningError('the request has no RequestID, so no originator to sign as');
    return this.signAs(originator, xml);
  }

  /** Sign as `id`; throws SigningError when no private key for it is held. */
  signAs(id: string, xml: string): string {
    const signer = this.keys.signerFor(id);
    if (!signer) {
      throw new SigningError(`no private key to sign as ${normaliseEui(id)}; keys are held for ${this.keys.all().filter((c) => c.privateKey).map((c) => c.id).join(', ') || 'nobody'} (see the keys configuration)`);
    }
    return signXml(xml, signer);
  }

  /** Whether we can sign as `id`. */
  canSignAs(id: string): boolean {
    return this.keys.signerFor(id) !== undefined;
  }

  /** A Request must be signed, validly, by a certificate of its originator. */
  checkRequest(xml: string, originator: string = requestOriginator(xml) ?? ''): DuisSignatureCheck {
    const r = verifyXml(xml, this.keys);
    if (!r.ok) return r;
    let who: string;
    try {
      who = normaliseEui(originator);
    } catch {
      return { ok: false, problem: 'not-originator', reason: `the request names no originator, yet is signed by ${r.signer.id}` };
    }
    if (r.signer.id !== who) {
      return { ok: false, problem: 'not-originator', reason: `signed with ${r.signer.id}'s certificate (${r.signer.source}), but the request comes from ${who}` };
    }
    return { ok: true, signer: r.signer, signed: true };
  }

  /** A Response or alert: signed by the DCC (or unsigned, when that is allowed). */
  checkResponse(xml: string): DuisSignatureCheck {
    const r = verifyXml(xml, this.keys);
    if (!r.ok) {
      if (r.problem === 'missing' && !this.requireSignedResponses) return { ok: true, signed: false };
      return r;
    }
    if (!this.dccSigners.includes(r.signer.id)) {
      return { ok: false, problem: 'not-dcc', reason: `signed by ${r.signer.id} (${r.signer.source}), not by the DCC (${this.dccSigners.join(', ')})` };
    }
    return { ok: true, signer: r.signer, signed: true };
  }
}
