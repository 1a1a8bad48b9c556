import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compileSchemaSet } from '../schemas/compile.ts';
import { DuisValidator } from '../src/validation/validator.ts';
import { rtdsSample, tempDir } from './helpers.ts';

const validator = await DuisValidator.load();
const PRENOTIFICATION = rtdsSample('12.2_DEVICE_PRE_NOTIFICATION_REQUEST_DUIS.XML');

describe('DuisValidator', () => {
  it('accepts a DCC RTDS request sample', () => {
    const r = validator.validate(PRENOTIFICATION);
    assert.deepEqual(r.errors, []);
    assert.equal(r.valid, true);
    assert.equal(r.root, '{http://www.dccinterface.co.uk/ServiceUserGateway}Request');
  });

  it('reports a schema error with its line, element path and message', () => {
    const bad = PRENOTIFICATION.replace('<sr:DeviceType>ESME</sr:DeviceType>', '<sr:DeviceType>TOASTER</sr:DeviceType>');
    const line = bad.split('\n').findIndex((l) => l.includes('TOASTER')) + 1;
    const r = validator.validate(bad);
    assert.equal(r.valid, false);
    const e = r.errors.find((x) => x.path?.endsWith('sr:DeviceType'));
    assert.ok(e, `no error on DeviceType in ${JSON.stringify(r.errors)}`);
    assert.equal(e.kind, 'schema');
    assert.equal(e.line, line);
    assert.match(e.message, /TOASTER/);
  });

  it('reports a missing mandatory element', () => {
    const r = validator.validate(PRENOTIFICATION.replace(/<sr:ServiceReference>.*?<\/sr:ServiceReference>/, ''));
    assert.equal(r.valid, false);
    assert.ok(r.errors.some((e) => /ServiceReferenceVariant|ServiceReference/.test(e.message)));
  });

  it('rejects an element in the wrong namespace', () => {
    const r = validator.validate(PRENOTIFICATION.replace('xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway"', 'xmlns:sr="urn:not-duis"'));
    assert.equal(r.valid, false);
    assert.equal(r.root, '{urn:not-duis}Request');
  });

  it('reports XML that is not well-formed as such, with a line', () => {
    const r = validator.validate('<sr:Request xmlns:sr="x">\n<a></b>');
    assert.equal(r.valid, false);
    assert.equal(r.errors[0]!.kind, 'not-well-formed');
    assert.equal(r.errors[0]!.line, 2);
  });

  it('never reads a file named by an external entity', () => {
    const secretFile = join(tempDir(), 'secret.txt');
    writeFileSync(secretFile, 'TOP-SECRET-MARKER');
    for (const target of [`file://${secretFile}`, 'file:///etc/passwd']) {
      const doc = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "${target}">]><r>&x;</r>`;
      const r = validator.validate(doc);
      assert.equal(r.valid, false);
      const said = JSON.stringify(r);
      assert.doesNotMatch(said, /TOP-SECRET-MARKER|root:/);
    }
  });

  it('refuses a DTD even when it declares nothing external', () => {
    const doc = PRENOTIFICATION.replace('<sr:Request', '<!DOCTYPE sr:Request []><sr:Request');
    const r = validator.validate(doc);
    assert.equal(r.valid, false);
    assert.equal(r.errors[0]!.kind, 'dtd');
  });

  it('rejects an entity expansion bomb without expanding it', { timeout: 1000 }, () => {
    const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    const bomb = `<?xml version="1.0"?><!DOCTYPE b [<!ENTITY l0 "lol">${levels}]><b>&l9;</b>`;
    const r = validator.validate(bomb);
    assert.equal(r.valid, false);
    assert.ok(['dtd', 'not-well-formed'].includes(r.errors[0]!.kind));
  });

  it('refuses a body over the size limit before parsing it', async () => {
    const small = await DuisValidator.load({ maxBytes: 1024 });
    // not well-formed as well as too big: only the size is reported, so nothing was parsed
    const r = small.validate(`<unclosed>${'x'.repeat(2048)}`);
    assert.equal(r.valid, false);
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0]!.kind, 'size');
  });

  it('validates a body of exactly the size limit normally', async () => {
    const exact = await DuisValidator.load({ maxBytes: Buffer.byteLength(PRENOTIFICATION) });
    assert.equal(exact.validate(PRENOTIFICATION).valid, true);
  });

  it('keeps working after hostile input', () => {
    validator.validate('<<<<');
    validator.validate('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>');
    assert.equal(validator.validate(PRENOTIFICATION).valid, true);
  });

  it('compiles a schema set once and reuses it', async () => {
    const again = await DuisValidator.load();
    assert.equal(compileSchemaSet(again.schemaSet), compileSchemaSet(validator.schemaSet));
  });
});
