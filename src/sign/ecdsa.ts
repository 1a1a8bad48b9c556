// ECDSA P-256 with SHA-256 for xml-crypto, which has no ECDSA of its own. XMLDSig writes an ECDSA
// signature as the raw r||s pair (RFC 4050 / XMLDSig 1.1), not DER: node's 'ieee-p1363'
// encoding is exactly that.
import { KeyObject, createPrivateKey, createPublicKey, sign, verify, type KeyLike } from 'node:crypto';

export const ECDSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256';

/** xml-crypto's SignatureAlgorithm, synchronous form only (registered by URI in xmldsig.ts). */
export class EcdsaSha256 {
  getSignature(signedInfo: string | Buffer | Uint8Array, privateKey: KeyLike): string {
    const data = typeof signedInfo === 'string' ? Buffer.from(signedInfo, 'utf8') : signedInfo;
    const key = privateKey instanceof KeyObject ? privateKey : createPrivateKey(privateKey as string | Buffer);
    return sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }).toString('base64');
  }

  verifySignature(material: string, key: KeyLike, signatureValue: string): boolean {
    // Java writes the value in 76-character lines with CR LF (&#13;): drop them before decoding
    const signature = Buffer.from(signatureValue.replace(/\s+/g, ''), 'base64');
    // a raw P-256 signature is 64 bytes; anything else (a DER signature, say) is not one
    if (signature.length !== 64) return false;
    const publicKey = key instanceof KeyObject ? key : createPublicKey(key as string | Buffer);
    return verify('sha256', Buffer.from(material, 'utf8'), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  }

  getAlgorithmName(): string {
    return ECDSA_SHA256;
  }
}
