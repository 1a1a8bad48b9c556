// Cross-check: libxml2's own xmllint (as xmllint-wasm, a separate build of a separate
// libxml2 release) must reach the same valid/invalid verdict as our validator, on DCC's
// samples and on documents broken in the ways DUIS traffic gets broken.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { xmllintWasmVerdicts, type XmllintVerdict } from '../bench/xmllint-wasm.ts';
import { NS } from '../schemas/namespaces.ts';
import { DuisValidator } from '../src/validation/validator.ts';
import { RTDS_DIR, rtdsSample } from './helpers.ts';

const validator = await DuisValidator.load();
const samples = readdirSync(RTDS_DIR)
  .filter((n) => /\.xml$/i.test(n))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(RTDS_DIR, name), 'utf8') }));

const ARM = rtdsSample('ECS44_7.3_SUCCESS_REQUEST_DUIS.XML');
const PRENOTIFICATION = rtdsSample('12.2_DEVICE_PRE_NOTIFICATION_REQUEST_DUIS.XML');

/** Replace `from` with `to` in `text`, failing loudly if the sample no longer contains `from`. */
function mutate(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  assert.notEqual(out, text, `mutation ${String(from)} did not apply`);
  return out;
}

// each is a real template with exactly one thing wrong; `parses` says whether it is still well-formed XML
const negatives: Array<{ name: string; text: string; parses?: false }> = [
  { name: 'CommandVariant 99', text: mutate(ARM, /<sr:CommandVariant>\d<\/sr:CommandVariant>/, '<sr:CommandVariant>99</sr:CommandVariant>') },
  { name: 'DeviceType "Broken"', text: mutate(PRENOTIFICATION, '<sr:DeviceType>ESME</sr:DeviceType>', '<sr:DeviceType>Broken</sr:DeviceType>') },
  { name: 'no ServiceReference', text: mutate(ARM, /<sr:ServiceReference>[^<]*<\/sr:ServiceReference>/, '') },
  { name: 'RequestID not matching its pattern', text: mutate(ARM, /<sr:RequestID>[^<]*<\/sr:RequestID>/, '<sr:RequestID>not-an-id</sr:RequestID>') },
  { name: 'unknown element in the Header', text: mutate(ARM, '</sr:Header>', '<sr:Colour>red</sr:Colour></sr:Header>') },
  { name: 'no schemaVersion attribute', text: mutate(ARM, ' schemaVersion="5.4"', '') },
  { name: 'wrong namespace on the root', text: mutate(ARM, `xmlns:sr="${NS.sr}"`, 'xmlns:sr="urn:example:not-duis"') },
  { name: 'wrong root element sr:Foo', text: mutate(mutate(ARM, '<sr:Request ', '<sr:Foo '), '</sr:Request>', '</sr:Foo>') },
  { name: 'not well-formed', text: mutate(ARM, '</sr:Body>', '</sr:Bodie>'), parses: false },
  { name: 'empty document', text: '', parses: false },
];

let xmllint: XmllintVerdict[];

describe('our validator and xmllint-wasm agree', () => {
  before(async () => {
    // one xmllint run for everything: it recompiles the schema on every call
    xmllint = await xmllintWasmVerdicts(validator.schemaSet, [...samples, ...negatives].map((d) => d.text));
  });

  it('finds all 297 RTDS samples', () => {
    assert.equal(samples.length, 297);
  });

  it('on every RTDS sample (both say valid)', () => {
    const disagree = samples.flatMap((s, i) => {
      const ours = validator.validate(s.text).valid;
      return ours && xmllint[i] === 'valid' ? [] : [`${s.name}: ours valid=${ours}, xmllint ${xmllint[i]}`];
    });
    assert.deepEqual(disagree, []);
  });

  for (const [k, neg] of negatives.entries()) {
    it(`on a negative case, ${neg.name} (both say invalid, at the same stage)`, () => {
      const ours = validator.validate(neg.text);
      assert.equal(ours.valid, false, 'our validator accepted it');
      // same stage: a parse failure for both, or a schema failure for both
      const ourStage = ours.errors.every((e) => e.kind === 'not-well-formed') ? 'not-parsed' : 'invalid';
      assert.equal(ourStage, neg.parses === false ? 'not-parsed' : 'invalid', JSON.stringify(ours.errors));
      assert.equal(xmllint[samples.length + k], ourStage);
    });
  }
});
