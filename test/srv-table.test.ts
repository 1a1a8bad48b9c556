import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadRequestMatrix, readXsdSrvFacts, SrvTable, SrvTableError, srvTableFor } from '../src/duis/srv-table.ts';
import { DuisValidator } from '../src/validation/validator.ts';

const validator = await DuisValidator.load();
const table = SrvTable.fromSchemaSet(validator.schemaSet);
const xsdText = validator.schemaSet.duis.bytes.toString('utf8');

/** The loaded DUIS XSD with one edit, as another release's schema set would carry it. */
function editedSet(from: RegExp, to: (match: string, ...groups: string[]) => string) {
  assert.match(xsdText, from);
  return { duis: { path: 'edited.xsd', bytes: Buffer.from(xsdText.replace(from, to), 'utf8') } };
}

// the 8.8.2 enumeration and the comment after it (the file has CRLF line ends)
const ENUM_882 = /(<xs:enumeration value="8\.8\.2"\/>\s*<!--\s*CV\s*=\s*)1, 2, 3(\s*-->)/;

describe('SRV table', () => {
  it('titles 8.8.2 "Unjoin Service (Non-Critical)"', () => {
    assert.equal(table.title('8.8.2'), 'Unjoin Service (Non-Critical)');
  });

  it('marks 8.8.1 critical and 8.8.2 not', () => {
    assert.equal(table.isCritical('8.8.1'), true);
    assert.equal(table.isCritical('8.8.2'), false);
  });

  it('marks 8.2 non-device and 8.7.2 a device request', () => {
    assert.equal(table.isNonDevice('8.2'), true);
    assert.equal(table.isNonDevice('8.7.2'), false);
  });

  it('reads 8.8.2\'s command variants 1, 2, 3 and 8.1.1\'s 4, 5 from the XSD comments', () => {
    assert.deepEqual(table.allowedCommandVariants('8.8.2'), [1, 2, 3]);
    assert.deepEqual(table.allowedCommandVariants('8.1.1'), [4, 5]);
    assert.deepEqual(table.allowedCommandVariants('12.2'), [8]);
  });

  it('takes command variants from the XSD it is given, not from a built-in list', () => {
    const edited = SrvTable.fromSchemaSet(editedSet(ENUM_882, (_, head, tail) => `${head}3${tail}`));
    assert.deepEqual(edited.allowedCommandVariants('8.8.2'), [3]);
    assert.equal(edited.defaultCommandVariant('8.8.2'), 3);
  });

  it('lists an SRV a newer XSD adds, inferring its flags from the command variants', () => {
    const edited = SrvTable.fromSchemaSet(editedSet(ENUM_882, (m) => `${m}\n<xs:enumeration value="14.9"/><!-- CV = 4, 5 -->`));
    const row = edited.get('14.9');
    assert.equal(row.source, 'xsd');
    assert.equal(row.title, 'SRV 14.9');
    assert.equal(row.critical, true);
    assert.equal(row.nonDevice, false);
    assert.deepEqual(row.commandVariants, [4, 5]);
    assert.equal(table.has('14.9'), false);
  });

  it('gives every SRV in the V5.1 XSD a matrix title and at least one command variant', () => {
    const facts = readXsdSrvFacts(validator.schemaSet.duis.bytes);
    assert.equal(facts.commandVariants.size, 129);
    for (const row of table.all()) {
      assert.equal(row.source, 'matrix', row.srv);
      assert.ok(row.commandVariants.length > 0, row.srv);
    }
  });

  it('gives eligible roles from the matrix', () => {
    assert.deepEqual(table.eligibleRoles('8.8.2'), ['IS', 'GS', 'OU']);
    assert.deepEqual(table.eligibleRoles('8.1.1'), ['IS', 'GS']);
  });

  it('takes the ServiceReference from the XSD enumeration (6.20.1 -> 6.20, where the matrix says 6.2)', () => {
    assert.equal(loadRequestMatrix().find((r) => r['Service Reference Variant'] === '6.20.1')!['Service Reference'], '6.2');
    assert.equal(table.serviceReference('6.20.1'), '6.20');
    assert.equal(table.serviceReference('6.2.10'), '6.2');
    assert.equal(table.serviceReference('8.14.2'), '8.14');
    assert.equal(table.serviceReference('12.2'), '12.2');
  });

  it('keeps the matrix\'s trailing remark out of the title', () => {
    assert.equal(table.title('8.2'), 'Read Inventory');
    assert.match(table.get('8.2').note ?? '', /Current and Future Suppliers/);
  });

  it('defaults the command variant: non-device 8, critical 4, otherwise 1', () => {
    assert.equal(table.defaultCommandVariant('8.2'), 8);
    assert.equal(table.defaultCommandVariant('8.8.1'), 4);
    assert.equal(table.defaultCommandVariant('8.1.1'), 4);
    assert.equal(table.defaultCommandVariant('8.8.2'), 1);
  });

  it('refuses a command variant the SRV does not allow, naming the allowed ones', () => {
    assert.throws(() => table.commandVariantFor('8.8.2', 4), (e: Error) => e instanceof SrvTableError && /CommandVariant 4 is not allowed for SRV 8\.8\.2/.test(e.message) && /allowed: 1, 2, 3/.test(e.message));
    assert.throws(() => table.commandVariantFor('8.2', 1), SrvTableError);
    assert.equal(table.commandVariantFor('8.8.2', 3), 3);
  });

  it('refuses an SRV the XSD does not list', () => {
    assert.throws(() => table.get('8.10'), SrvTableError);
    assert.throws(() => table.title('99.1'), /unknown Service Reference Variant/);
  });

  it('reports where the V5.1 XSD comments and the matrix disagree (7.12 to 7.15), and accepts a correction', () => {
    assert.deepEqual(table.inconsistencies().map((i) => i.srv), ['7.12', '7.13', '7.14', '7.15']);
    const fixed = SrvTable.fromSchemaSet(validator.schemaSet, { commandVariantOverrides: { '7.12': [4, 5, 6, 7] } });
    assert.equal(fixed.defaultCommandVariant('7.12'), 4);
    assert.ok(!fixed.inconsistencies().some((i) => i.srv === '7.12'));
  });

  it('builds one table per schema set', () => {
    assert.equal(srvTableFor(validator.schemaSet), srvTableFor(validator.schemaSet));
  });
});
