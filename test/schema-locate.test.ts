import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bundledSchemaDir } from '../schemas/bundled.ts';
import { locateSchemaSet, resolveSchemaSet, SchemaLocateError, SCHEMA_DIR_ENV } from '../schemas/locate.ts';
import { DuisValidator } from '../src/validation/validator.ts';
import { rtdsSample, tempDir } from './helpers.ts';

const bundled = await bundledSchemaDir();

describe('schema location', () => {
  it('extracts DUIS V5.1, its MMC import and XMLDSig from the sign-wrap jar', () => {
    for (const f of ['DUIS Schema V5.1.xsd', 'MMC Schema V5.1.xsd', 'xmldsig-core-schema.xsd']) {
      assert.ok(existsSync(join(bundled, f)), `${f} missing from ${bundled}`);
    }
  });

  it('extracts into SEC_CONFORMANCE_CACHE when it is set', async () => {
    const cache = tempDir();
    const before = process.env.SEC_CONFORMANCE_CACHE;
    process.env.SEC_CONFORMANCE_CACHE = cache;
    try {
      const dir = await bundledSchemaDir();
      assert.ok(dir.startsWith(cache));
      assert.ok(existsSync(join(dir, 'DUIS Schema V5.1.xsd')));
    } finally {
      if (before === undefined) delete process.env.SEC_CONFORMANCE_CACHE;
      else process.env.SEC_CONFORMANCE_CACHE = before;
    }
  });

  it('finds the schemas of a folder by targetNamespace, whatever the files are called', async () => {
    const dir = tempDir();
    copyFileSync(join(bundled, 'DUIS Schema V5.1.xsd'), join(dir, 'one.xsd'));
    copyFileSync(join(bundled, 'MMC Schema V5.1.xsd'), join(dir, 'two.xsd'));
    writeFileSync(join(dir, 'notes.xsd'), 'not even XML');
    const set = await locateSchemaSet(dir);
    assert.equal(set.duis.path, join(dir, 'one.xsd'));
    assert.equal(set.mmc.path, join(dir, 'two.xsd'));
    // no XMLDSig schema in the folder: the bundled one stands in
    assert.equal(set.xmldsig.path, join(bundled, 'xmldsig-core-schema.xsd'));
    const v = await DuisValidator.load({ schemaDir: dir });
    assert.equal(v.validate(rtdsSample('12.2_DEVICE_PRE_NOTIFICATION_REQUEST_DUIS.XML')).valid, true);
  });

  it('names the folder when it holds no DUIS schema', async () => {
    const dir = tempDir();
    copyFileSync(join(bundled, 'MMC Schema V5.1.xsd'), join(dir, 'mmc.xsd'));
    await assert.rejects(locateSchemaSet(dir), (e: Error) => e instanceof SchemaLocateError && e.message.includes(dir) && /no DUIS schema/.test(e.message));
  });

  it('refuses a folder holding two DUIS releases', async () => {
    const dir = tempDir();
    copyFileSync(join(bundled, 'DUIS Schema V5.1.xsd'), join(dir, 'a.xsd'));
    copyFileSync(join(bundled, 'DUIS Schema V5.1.xsd'), join(dir, 'b.xsd'));
    copyFileSync(join(bundled, 'MMC Schema V5.1.xsd'), join(dir, 'mmc.xsd'));
    await assert.rejects(locateSchemaSet(dir), /2 DUIS schemas/);
  });

  it('refuses a path that is not a folder', async () => {
    await assert.rejects(locateSchemaSet(join(tempDir(), 'nowhere')), SchemaLocateError);
  });

  it('takes the folder from SEC_CONFORMANCE_SCHEMA_DIR when none is given', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(bundled, 'DUIS Schema V5.1.xsd'), join(dir, 'duis.xsd'));
    copyFileSync(join(bundled, 'MMC Schema V5.1.xsd'), join(dir, 'mmc.xsd'));
    process.env[SCHEMA_DIR_ENV] = dir;
    try {
      assert.equal((await resolveSchemaSet()).label, dir);
    } finally {
      delete process.env[SCHEMA_DIR_ENV];
    }
    assert.match((await resolveSchemaSet()).label, /bundled/);
  });
});
