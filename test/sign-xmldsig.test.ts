// XMLDSig as DCC Boxed signs DUIS: our signer and verifier, the DCC Boxed key map, DUIS's rules
// on who signs what, and the keys file.
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RequestIdCounter } from '../src/duis/header.ts';
import { readInventory } from '../src/duis/requests/index.ts';
import { buildAcknowledgement } from '../src/duis/response-builders.ts';
import { SrvTable } from '../src/duis/srv-table.ts';
import { DCC_BOXED_SIGNERS, dccBoxedKeyDir, dccBoxedKeyStore } from '../src/sign/dcc-boxed-keys.ts';
import { DuisSigning } from '../src/sign/duis-signing.ts';
import { KeyStore, certificateEui, readCertificate, readPrivateKey } from '../src/sign/key-store.ts';
import { buildKeyStore, loadKeysFile } from '../src/sign/signing-settings.ts';
import { ECDSA_SHA256 } from '../src/sign/ecdsa.ts';
import { signXml, verifyXml } from '../src/sign/xmldsig.ts';
import { DuisValidator } from '../src/validation/validator.ts';
import { tempDir } from './helpers.ts';

const validator = await DuisValidator.load();
const table = SrvTable.fromSchemaSet(validator.schemaSet);
const store = await dccBoxedKeyStore();
const signing = new DuisSigning(store);
const keyDir = await dccBoxedKeyDir();

const SUPPLIER_A = '90-B3-D5-1F-30-01-00-00';
const SUPPLIER_B = '90-B3-D5-1F-30-03-00-00';
const DSP = '90-B3-D5-1F-30-00-00-02';
const counter = new RequestIdCounter({ floor: 1 });

const request = (originator = SUPPLIER_A) => readInventory({ table, counter, originator }, { deviceId: '00-DB-5E-00-00-00-00-01' }).xml;
const response = () =>
  buildAcknowledgement({ requestId: `${SUPPLIER_A}:${DSP}:5`, responseDateTime: new Date('2024-06-27T09:00:00Z'), serviceReference: '8.2', serviceReferenceVariant: '8.2' });

describe("DCC Boxed's test keys", () => {
  it('map each identity to a certificate that names it and a key that belongs to that certificate', () => {
    for (const s of DCC_BOXED_SIGNERS) {
      const cert = readCertificate(join(keyDir, `${s.name}.pem`));
      assert.equal(certificateEui(cert), s.id, `${s.name}.pem names another identity`);
      assert.ok(cert.checkPrivateKey(readPrivateKey(join(keyDir, `${s.name}.key`))), `${s.name}.key is not the certificate's key`);
    }
  });

  it('give a signing key to each of the default Users and to the DSP', () => {
    for (const id of [SUPPLIER_A, SUPPLIER_B, '90-B3-D5-1F-30-02-00-00', DSP]) assert.ok(store.signerFor(id), `no key for ${id}`);
    // the DSP signs with its current certificate, not the one from before DCC Boxed 1.4.1
    assert.equal(store.signerFor(DSP)!.source, 'dcc-boxed:dsp-xml-sign-90B3D51F30000002-ds');
  });
});

describe('signXml / verifyXml', () => {
  it('signs as DCC Boxed does: enveloped, exclusive C14N, ECDSA-SHA256 raw r||s, X509IssuerSerial, compact, last child', () => {
    const signed = signXml(request(), store.signerFor(SUPPLIER_A)!);
    assert.deepEqual(validator.validate(signed).errors, []);
    assert.match(signed, /<ds:Signature[^>]*><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http:\/\/www\.w3\.org\/2001\/10\/xml-exc-c14n#"\/>/);
    assert.ok(signed.includes(`<ds:SignatureMethod Algorithm="${ECDSA_SHA256}"/>`));
    assert.match(signed, /<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#enveloped-signature"\/><\/ds:Transforms><ds:DigestMethod Algorithm="http:\/\/www\.w3\.org\/2001\/04\/xmlenc#sha256"\/>/);
    assert.match(signed, /<ds:X509IssuerSerial><ds:X509IssuerName>CN=Z1,OU=07<\/ds:X509IssuerName><ds:X509SerialNumber>\d+<\/ds:X509SerialNumber><\/ds:X509IssuerSerial>/);
    assert.match(signed, /<\/ds:Signature><\/sr:Request>$/);
    assert.doesNotMatch(signed, />\s+</, 'whitespace between elements');
    const value = /<ds:SignatureValue>([^<]+)</.exec(signed)![1]!;
    assert.equal(Buffer.from(value, 'base64').length, 64, 'an ECDSA P-256 r||s value is 64 bytes');
  });

  it('verifies what it signed and names the signer', () => {
    const r = verifyXml(signXml(request(SUPPLIER_B), store.signerFor(SUPPLIER_B)!), store);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.signer.id, SUPPLIER_B);
  });

  it('refuses a document changed after signing: text, an attribute, or added whitespace', () => {
    const signed = signXml(request(), store.signerFor(SUPPLIER_A)!);
    for (const changed of [
      signed.replace('00-DB-5E-00-00-00-00-01', '00-DB-5E-00-00-00-00-02'),
      signed.replace('schemaVersion="5.1"', 'schemaVersion="5.4"'),
      signed.replace('<sr:Body>', '<sr:Body>\n  '),
    ]) {
      const r = verifyXml(changed, store);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.problem, 'invalid');
    }
  });

  it('refuses a signature value that is not the signer\'s', () => {
    const a = signXml(request(), store.signerFor(SUPPLIER_A)!);
    const otherValue = /<ds:SignatureValue>([^<]+)</.exec(signXml(request(), store.signerFor(SUPPLIER_A)!))![1]!;
    const r = verifyXml(a.replace(/<ds:SignatureValue>[^<]+</, `<ds:SignatureValue>${otherValue}<`), store);
    assert.equal(!r.ok && r.problem, 'invalid');
  });

  it('says "missing" for an unsigned document and "unknown-certificate" for a certificate it does not hold', () => {
    const none = verifyXml(request(), store);
    assert.equal(!none.ok && none.problem, 'missing');
    const onlyDsp = new KeyStore(store.credentialsOf(DSP));
    const unknown = verifyXml(signXml(request(), store.signerFor(SUPPLIER_A)!), onlyDsp);
    assert.equal(!unknown.ok && unknown.problem, 'unknown-certificate');
    assert.match(!unknown.ok ? unknown.reason : '', /issuer "CN=Z1,OU=07", serial \d+/);
  });

  it('refuses signatures of another shape before any cryptography: a second reference, another algorithm, not the last child', () => {
    const signed = signXml(request(), store.signerFor(SUPPLIER_A)!);
    const twoRefs = signed.replace(/(<ds:Reference URI="">.*?<\/ds:Reference>)/, '$1$1');
    const rsa = signed.replace(ECDSA_SHA256, 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    const moved = signed.replace(/(<ds:Signature.*<\/ds:Signature>)(<\/sr:Request>)/, '$2').replace('<sr:Header>', `<sr:Header>${/(<ds:Signature.*<\/ds:Signature>)/.exec(signed)![1]}`);
    for (const [doc, why] of [[twoRefs, /exactly one ds:Reference/], [rsa, /SignatureMethod must be ECDSA-SHA256/], [moved, /not the root element's last child/]] as const) {
      const r = verifyXml(doc, store);
      assert.equal(!r.ok && r.problem, 'malformed');
      assert.match(!r.ok ? r.reason : '', why);
    }
  });
});

describe("DUIS's rules on signers", () => {
  it('accepts a request signed by its originator and refuses one signed by another User', () => {
    assert.deepEqual(signing.checkRequest(signing.signRequest(request())).ok, true);
    const forged = signing.signAs(SUPPLIER_B, request(SUPPLIER_A));
    const r = signing.checkRequest(forged);
    assert.equal(!r.ok && r.problem, 'not-originator');
    assert.match(!r.ok ? r.reason : '', /signed with 90-B3-D5-1F-30-03-00-00's certificate .* comes from 90-B3-D5-1F-30-01-00-00/);
  });

  it('accepts a response signed by the DCC and refuses one signed by a User', () => {
    assert.equal(signing.checkResponse(signing.signAs(DSP, response())).ok, true);
    const r = signing.checkResponse(signing.signAs(SUPPLIER_A, response()));
    assert.equal(!r.ok && r.problem, 'not-dcc');
  });

  it('fails an unsigned response unless told that unsigned responses are allowed', () => {
    const strict = signing.checkResponse(response());
    assert.equal(!strict.ok && strict.problem, 'missing');
    const lenient = new DuisSigning(store, { requireSignedResponses: false }).checkResponse(response());
    assert.deepEqual(lenient, { ok: true, signed: false });
    // a bad signature is never let through, lenient or not
    const bad = new DuisSigning(store, { requireSignedResponses: false }).checkResponse(signing.signAs(DSP, response()).replace('I99', 'I0'));
    assert.equal(!bad.ok && bad.problem, 'invalid');
  });

  it('cannot sign as an identity it holds no key for, and says whose keys it has', () => {
    assert.throws(() => signing.signAs('00-11-22-33-44-55-66-77', request()), /no private key to sign as 00-11-22-33-44-55-66-77; keys are held for .*90-B3-D5-1F-30-01-00-00/);
  });
});

describe('keys file', () => {
  it('loads credentials relative to the file; they sign ahead of the DCC Boxed key of the same identity', async () => {
    const dir = tempDir();
    // Supplier A signing with the Network Operator's test pair: a stand-in for "a key of your own"
    copyFileSync(join(keyDir, 'xml-sign-90B3D51F30020000-ds.pem'), join(dir, 'mine.pem'));
    copyFileSync(join(keyDir, 'xml-sign-90B3D51F30020000-ds.key'), join(dir, 'mine.key'));
    writeFileSync(join(dir, 'keys.yaml'), `credentials:\n  - id: ${SUPPLIER_A}\n    certificate: mine.pem\n    key: mine.key\n`);
    const settings = loadKeysFile(join(dir, 'keys.yaml'));
    assert.equal(settings.credentials![0]!.certificate, join(dir, 'mine.pem'));
    const mine = await buildKeyStore(settings);
    assert.equal(mine.signerFor(SUPPLIER_A)!.source, join(dir, 'mine.pem'));
    // DCC Boxed's set is still there for everyone else
    assert.ok(mine.signerFor(SUPPLIER_B));
    const onlyMine = await buildKeyStore({ ...settings, dccBoxedKeys: false });
    assert.deepEqual(onlyMine.ids(), [SUPPLIER_A]);
  });

  it('refuses a key that is not the certificate\'s, and a file that breaks the schema, saying where', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'k.yaml'), `credentials:\n  - certificate: ${join(keyDir, 'Z1-supplier-ds.pem')}\n    key: ${join(keyDir, 'Z1-supplier2-ds.key')}\n`);
    await assert.rejects(buildKeyStore(loadKeysFile(join(dir, 'k.yaml'))), /Z1-supplier2-ds\.key does not belong to certificate .*Z1-supplier-ds\.pem/);
    writeFileSync(join(dir, 'bad.yaml'), 'credentials:\n  - key: x.key\n    id: not-an-eui\nsignAll: yes\n');
    assert.throws(() => loadKeysFile(join(dir, 'bad.yaml')), (e: Error) => {
      assert.match(e.message, /unknown key "signAll"/);
      assert.match(e.message, /credentials\.0: missing "certificate"/);
      assert.match(e.message, /credentials\.0\.id: "not-an-eui" does not look right/);
      return true;
    });
  });
});
