// check-spec's schema cross-check: which DUIS names a requirement uses, and whether each DUIS
// release has them. Other releases are made from the bundled V5.1 XSDs in a temp folder, with one
// enumeration value taken out or one facet changed, so nothing of DCC's is committed.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { bundledSchemaDir } from '../schemas/bundled.ts';
import { checkSpec, type SpecCheckResult } from '../src/spec/check-spec.ts';
import { columnKind, termsInText, type Found } from '../src/spec/terms.ts';
import { tempDir } from './helpers.ts';

const FIX = join(import.meta.dirname, 'fixtures', 'spec');
const vocab = {
  deviceStatuses: new Set(['Pending', 'Whitelisted', 'InstalledNotCommissioned', 'Commissioned']),
  deviceTypes: new Set(['ESME', 'IHD', 'CHF']),
};
const terms = (text: string): string[] => termsInText(text, vocab).map((f: Found) => `${f.kind}:${f.value}`).sort();

/** A copy of the bundled DUIS V5.1 schemas as another release, with `edit` applied to the DUIS XSD. */
async function release(name: string, edit: (xsd: string) => string): Promise<string> {
  const src = await bundledSchemaDir();
  const dir = tempDir();
  for (const f of readdirSync(src).filter((n) => n.endsWith('.xsd'))) {
    if (f.startsWith('DUIS Schema')) {
      const xsd = readFileSync(join(src, f), 'utf8');
      const edited = edit(xsd);
      assert.notEqual(edited, xsd, 'the edit changed nothing');
      writeFileSync(join(dir, `DUIS Schema ${name}.xsd`), edited);
    } else {
      copyFileSync(join(src, f), join(dir, f));
    }
  }
  return dir;
}

describe('DUIS names in requirement text', () => {
  it('reads response codes, but not a SEC section or a registration record', () => {
    assert.deepEqual(terms('rejected with E080801 or W081401, not I99; see section E2.4 (b); the E45 record; response code E5.'), [
      'registration-record:E45', 'response-code:E080801', 'response-code:E5', 'response-code:I99', 'response-code:W081401',
    ]);
  });

  it('reads SRVs only where the words say they are SRVs', () => {
    assert.deepEqual(terms('Unjoin (8.8.1 and 8.8.2) after SRVs 8.7.x; send SR8.4; pre-notified with 12.2'), ['srv:12.2', 'srv:8.4', 'srv:8.7.x', 'srv:8.8.1', 'srv:8.8.2']);
    assert.deepEqual(terms('DUIS V5.1, version 3.2, section 3.4, 2.5 times'), []);
  });

  it('reads ESME Variants, WAN Variants (a space included) and DCC Service Flags', () => {
    assert.deepEqual(terms('ESME Variants A, BD or CDE; the WAN Variant is " "; WAN Variant Cellular+Mesh'), [
      'esme-variant:A', 'esme-variant:BD', 'esme-variant:CDE', 'wan-variant: ', 'wan-variant:Cellular+Mesh',
    ]);
    assert.deepEqual(terms("the DCC Service Flag becomes N; the ‘I’ Flag; flag 'W'"), ['service-flag:I', 'service-flag:N', 'service-flag:W']);
  });

  it('reads statuses and device types the schema lists, statuses spelt with spaces too, and an unlisted status in a status context', () => {
    assert.deepEqual(terms('the ESME is Installed Not Commissioned; the CHF shows as Commissioned; its status is Quarantined'), [
      'device-status:Commissioned', 'device-status:InstalledNotCommissioned', 'device-status:Quarantined', 'device-type:CHF', 'device-type:ESME',
    ]);
  });

  it('knows Examples columns by their header', () => {
    assert.deepEqual(['Response Code', 'SRV', 'status', 'ESME variant', 'WAN Variant', 'flag', 'device', 'service'].map(columnKind), [
      'response-code', 'srv', 'device-status', 'esme-variant', 'wan-variant', 'service-flag', 'device-type', undefined,
    ]);
  });
});

describe('schema cross-check against DUIS releases', () => {
  let clean: SpecCheckResult;
  before(async () => {
    clean = await checkSpec({ features: [join(FIX, 'features', 'clean.feature')] });
  });

  it('finds every name the clean fixture uses in V5.1, from its rules, steps and Examples', () => {
    const [v51] = clean.schema.versions;
    assert.match(v51!.label, /V5\.1/);
    assert.deepEqual(v51!.defects, []);
    const seen = v51!.terms.map((t) => `${t.kind}:${t.value}`);
    for (const want of ['response-code:E080801', 'srv:8.8.1', 'srv:8.8.2', 'device-status:Pending', 'device-type:GSME']) assert.ok(seen.includes(want), `${want} not among ${seen.join(', ')}`);
    assert.equal(clean.ok, true);
  });

  it('reports an unknown response code in a Rule as missing, with the requirement that names it', async () => {
    const r = await checkSpec({ features: [join(FIX, 'defects', 'unknown-code.feature')] });
    const missing = r.schema.versions[0]!.defects;
    assert.deepEqual(missing.map((t) => [t.kind, t.value, t.status, t.requirements]), [['response-code', 'E999999', 'missing', ['FIX-50']]]);
    assert.equal(r.ok, false);
    assert.equal(r.defects.schema, 1);
  });

  it('reports, per release, a code one release has and another does not', async () => {
    const dir = await release('V9.9', (x) => x.replace('<xs:enumeration value="E080801"/>', ''));
    const r = await checkSpec({ features: [join(FIX, 'features', 'clean.feature')], schemaDirs: [dir] });
    assert.equal(r.schema.versions.length, 2);
    const [v51, v99] = r.schema.versions;
    assert.deepEqual(v51!.defects, []);
    assert.match(v99!.label, /V9\.9/);
    assert.deepEqual(v99!.defects.map((t) => `${t.value} ${t.requirements.join(',')}`), ['E080801 FIX-1']);
  });

  it('lists values DUIS defines outside the XSD as such, and a value nobody defines as unknown', async () => {
    const r = await checkSpec({ features: [join(FIX, 'terms', 'non-xsd.feature')] });
    const byValue = new Map(r.schema.versions[0]!.terms.map((t) => [`${t.kind}:${t.value}`, t]));
    assert.equal(byValue.get('wan-variant: ')?.status, 'not-xsd');
    assert.match(byValue.get('wan-variant: ')!.note, /003_713bd418f11cbae1\.txt.*fits WANTechnologyType/);
    assert.equal(byValue.get('service-flag:A')?.status, 'not-xsd');
    assert.equal(byValue.get('service-flag:N')?.status, 'not-xsd');
    assert.equal(byValue.get('registration-record:E46')?.status, 'not-xsd');
    assert.equal(byValue.has('response-code:E46'), false, 'an E46 record is not a response code');
    assert.equal(byValue.get('srv:12.1')?.status, 'found');
    assert.deepEqual(r.schema.versions[0]!.defects.map((t) => `${t.kind}:${t.value}:${t.status}`), ['service-flag:Q:unknown']);
  });

  it('reports a declared value that does not fit the release\'s carrier type', async () => {
    const dir = await release('V9.8', (x) => x.replace(/(<xs:simpleType name="WANTechnologyType">\s*<xs:restriction base="xs:string">\s*<xs:minLength value=")1(")/, '$12$2'));
    const r = await checkSpec({ features: [join(FIX, 'terms', 'non-xsd.feature')], schemaDirs: [dir] });
    const space = (i: number) => r.schema.versions[i]!.terms.find((t) => t.kind === 'wan-variant' && t.value === ' ')!;
    assert.equal(space(0).status, 'not-xsd');
    assert.equal(space(1).status, 'unknown');
    assert.match(space(1).note, /do not fit WANTechnologyType \(2\.\.30\)/);
  });
});

describe('negative examples', () => {
  it('does not take an ESME Variant the text says is not allowed as a claim that the schema lists it', async () => {
    const { termsInText } = await import('../src/spec/terms.ts');
    const vocab = { deviceStatuses: [], deviceTypes: [] } as unknown as Parameters<typeof termsInText>[1];
    assert.deepEqual(termsInText('the DUIS schema does not allow the ESME Variant "Z"', vocab).filter((t) => t.kind === 'esme-variant'), []);
    assert.deepEqual(termsInText('the inventory shows the ESME with ESME Variant Z', vocab).filter((t) => t.kind === 'esme-variant').map((t) => t.value), ['Z']);
  });
});
