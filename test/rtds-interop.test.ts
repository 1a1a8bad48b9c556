// DCC's RTDS request samples are an external corpus: our validator must accept them all, and our
// request reader must read each one's Header as the sample's own text states it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NS } from '../schemas/namespaces.ts';
import { DuisReadError, DuisRequestReadError, parseRequestId, readRequest } from '../src/duis/request-reader.ts';
import { buildAcknowledgement } from '../src/duis/response-builders.ts';
import { DuisValidator } from '../src/validation/validator.ts';
import { RTDS_DIR, rtdsSample } from './helpers.ts';

const validator = await DuisValidator.load();
const SAMPLES = readdirSync(RTDS_DIR)
  .filter((n) => /\.xml$/i.test(n))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(RTDS_DIR, name), 'utf8') }));

// Independent of xml.ts: plain regexes on the sample text. The element names are anchored after
// "<" or "prefix:", so PrecedingServiceRequestID, CommandRequestID or DSPScheduledServiceReference
// never match RequestID or ServiceReference; the Header comes first, so the first match is its.
const P = '(?:[A-Za-z_][\\w.-]*:)?';
function textOf(xml: string, local: string): string | undefined {
  return new RegExp(`<${P}${local}>([^<]*)</${P}${local}>`).exec(xml)?.[1];
}
function bodyNameOf(xml: string): string | undefined {
  return new RegExp(`</${P}Header>\\s*<${P}Body>\\s*(?:<!--[\\s\\S]*?-->\\s*)*<${P}([A-Za-z_][\\w.-]*)`).exec(xml)?.[1];
}

describe('RTDS samples (@smartdcc/duis-templates)', () => {
  it('are all present: 297 samples', () => {
    assert.equal(SAMPLES.length, 297);
  });

  for (const s of SAMPLES) {
    it(`${s.name}: validates against the DUIS V5.1 XSD`, () => {
      const r = validator.validate(s.text);
      assert.deepEqual(r.errors, []);
      assert.equal(r.valid, true);
    });
  }

  for (const s of SAMPLES) {
    it(`${s.name}: readRequest gives the Header and body the sample states`, () => {
      const v = readRequest(s.text);
      const requestId = textOf(s.text, 'RequestID');
      const cv = textOf(s.text, 'CommandVariant');
      const sref = textOf(s.text, 'ServiceReference');
      const srv = textOf(s.text, 'ServiceReferenceVariant');
      const body = bodyNameOf(s.text);
      assert.ok(requestId && cv && sref && srv && body, 'regexes found the header and body in the sample');

      const [originator, target, counter] = requestId.split(':');
      assert.equal(v.header.requestId.raw, requestId);
      assert.equal(v.header.requestId.originator, originator);
      assert.equal(v.header.requestId.target, target);
      assert.equal(v.header.requestId.counter, BigInt(counter!));
      assert.equal(v.header.commandVariant, Number(cv));
      assert.equal(v.header.serviceReference, sref);
      assert.equal(v.header.serviceReferenceVariant, srv);
      assert.equal(v.header.firstInSequence === undefined, textOf(s.text, 'FirstInSequence') === undefined);
      assert.equal(v.header.precedingServiceRequestId?.raw, textOf(s.text, 'PrecedingServiceRequestID'));
      assert.equal(v.bodyName, body);
      assert.equal(v.body.local, body);
      assert.equal(v.body.ns, NS.sr);
      assert.equal(v.schemaVersion, /schemaVersion="([^"]*)"/.exec(s.text)?.[1]);
      assert.equal(v.signed, /<(?:[A-Za-z_][\w.-]*:)?Signature[\s>]/.test(s.text));
    });
  }
});

describe('readRequest', () => {
  const SAMPLE = rtdsSample('12.2_DEVICE_PRE_NOTIFICATION_REQUEST_DUIS.XML');

  it('reads a default-namespace request exactly as the prefixed one', () => {
    const plain = SAMPLE.replace(/<(\/?)sr:/g, '<$1').replace('xmlns:sr=', 'xmlns=');
    assert.doesNotMatch(plain, /<\/?sr:/);
    assert.deepEqual(validator.validate(plain).errors, []);
    const a = readRequest(SAMPLE);
    const b = readRequest(plain);
    assert.deepEqual(
      { schemaVersion: b.schemaVersion, header: b.header, bodyName: b.bodyName, body: b.body, signed: b.signed },
      { schemaVersion: a.schemaVersion, header: a.header, bodyName: a.bodyName, body: a.body, signed: a.signed },
    );
  });

  it('reads FirstInSequence and PrecedingServiceRequestID (no RTDS sample carries them)', () => {
    const preceding = '90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:999';
    const xml = SAMPLE.replace(
      /(<sr:RequestID>[^<]*<\/sr:RequestID>)/,
      `$1<sr:FirstInSequence>false</sr:FirstInSequence><sr:PrecedingServiceRequestID>${preceding}</sr:PrecedingServiceRequestID>`,
    );
    assert.deepEqual(validator.validate(xml).errors, []);
    const h = readRequest(xml).header;
    assert.equal(h.firstInSequence, false);
    assert.deepEqual(h.precedingServiceRequestId, {
      raw: preceding,
      originator: '90-B3-D5-1F-30-01-00-00',
      target: '90-B3-D5-1F-30-00-00-02',
      counter: 999n,
    });
  });

  it('rejects a response (wrong root) with a DuisRequestReadError naming the root', () => {
    const response = buildAcknowledgement({ serviceReference: '8.2', serviceReferenceVariant: '8.2' });
    assert.throws(
      () => readRequest(response),
      (e: unknown) => e instanceof DuisRequestReadError && /root is \{[^}]+ServiceUserGateway\}Response/.test(e.message),
    );
  });

  it('rejects a request without Header, without Body content, or with a malformed RequestID', () => {
    const noHeader = SAMPLE.replace(/<sr:Header>[\s\S]*<\/sr:Header>/, '');
    const emptyBody = SAMPLE.replace(/<sr:Body>[\s\S]*<\/sr:Body>/, '<sr:Body></sr:Body>');
    const badId = SAMPLE.replace(/<sr:RequestID>[^<]*</, '<sr:RequestID>not-an-id<');
    assert.throws(() => readRequest(noHeader), (e: unknown) => e instanceof DuisRequestReadError && /no sr:Header/.test(e.message));
    assert.throws(() => readRequest(emptyBody), (e: unknown) => e instanceof DuisRequestReadError && /exactly one element/.test(e.message));
    assert.throws(() => readRequest(badId), (e: unknown) => e instanceof DuisRequestReadError && /not-an-id/.test(e.message));
    assert.throws(() => readRequest('<sr:Request'), DuisRequestReadError);
  });
});

describe('parseRequestId', () => {
  it('accepts the largest counter, 2^64 - 1, and refuses 2^64', () => {
    const ids = '90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0';
    assert.equal(parseRequestId(`${ids}:18446744073709551615`).counter, 2n ** 64n - 1n);
    assert.throws(() => parseRequestId(`${ids}:18446744073709551616`), DuisReadError);
  });

  it('refuses a leading zero, a missing part and a short EUI, as the XSD pattern does', () => {
    for (const bad of [
      '90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:01',
      '90-B3-D5-1F-30-01-00-00:1000',
      '90-B3-D5-1F-30-01-00:00-DB-12-34-56-78-90-A0:1',
    ]) {
      assert.throws(() => parseRequestId(bad), DuisReadError, bad);
    }
  });
});
