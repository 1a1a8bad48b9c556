// Our record schema for the DCC Service Flag files: the checker accepts the legal text's E45 and
// E46 records and our electricity layout, and names the line and field of everything else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRegistrationFile, e45Record, e46Record, formatRecord, layout, RecordFormatError, type FlagSide, type LayoutId } from '../schemas/registration-files.ts';

function issues(text: string, id: LayoutId, side: FlagSide = 'MP077'): string[] {
  return checkRegistrationFile(text, layout(id, side)).issues.map((i) => `${i.line}${i.field ? ` ${i.field}` : ''}: ${i.message}`);
}

describe('registration file schema: gas DCC Status File (E45, Appendix X 3.29(a))', () => {
  it('accepts E45 records with the flags A, N and I after MP077', () => {
    const r = checkRegistrationFile('E45,7300000008,A,20240627\nE45,123456,N,20240101\nE45,1234567890,I,20241231\n', layout('gas-status-file'));
    assert.deepEqual(r.issues, []);
    assert.equal(r.records.length, 3);
    assert.deepEqual(r.records[1]!.fields, { 'Transaction Type': 'E45', 'Meter Point Reference': '123456', 'DCC Service Flag': 'N', 'DCC Service Effective From Date': '20240101' });
  });

  it('refuses W and S after MP077 and N and I before it', () => {
    assert.match(issues('E45,7300000008,W,20240627\n', 'gas-status-file')[0]!, /1 DCC Service Flag: must be one of A \(Active\), N \(Non-Active\), I \(InstalledNotCommissioned\)/);
    assert.equal(issues('E45,7300000008,S,20240627\n', 'gas-status-file').length, 1);
    assert.equal(issues('E45,7300000008,S,20240627\n', 'gas-status-file', 'before-MP077').length, 0);
    assert.equal(issues('E45,7300000008,N,20240627\n', 'gas-status-file', 'before-MP077').length, 1);
    assert.equal(issues('E45,7300000008,I,20240627\n', 'gas-status-file', 'before-MP077').length, 1);
  });

  it('holds the Meter Point Reference to Number 10 and the date to a real YYYYMMDD', () => {
    assert.match(issues('E45,19000000000140,A,20240627\n', 'gas-status-file')[0]!, /Meter Point Reference: is at most 10 digits/);
    assert.match(issues('E45,73000A0008,A,20240627\n', 'gas-status-file')[0]!, /digits only/);
    assert.match(issues('E45,7300000008,A,2024-06-27\n', 'gas-status-file')[0]!, /YYYYMMDD/);
    assert.equal(issues('E45,7300000008,A,20240230\n', 'gas-status-file').length, 1, '30 February is not a date');
    assert.match(issues('E45,,A,20240627\n', 'gas-status-file')[0]!, /mandatory and empty/);
  });

  it('names the line of each bad record and checks the file shape', () => {
    const got = issues('E45,7300000008,A,20240627\nE46,AC,7300000008,A,20240627\nE45,7300000008,A\n\nE45,1,A,20240627', 'gas-status-file');
    assert.equal(got.length, 4);
    assert.match(got[0]!, /^0: the last record has no line end/);
    assert.match(got[1]!, /^2 Transaction Type: record type "E46" does not belong/);
    assert.match(got[2]!, /^3: E45 has 4 fields/);
    assert.match(got[3]!, /^4: empty line/);
    assert.match(issues('E45,7300000008,A,20240627\r\n', 'gas-status-file')[0]!, /CR/);
  });

  it('accepts an empty file: nothing to notify', () => {
    assert.deepEqual(issues('', 'gas-status-file'), []);
  });
});

describe('registration file schema: E46 (Appendix X 3.28(b)(i))', () => {
  it('accepts AC and RJ outcomes and refuses others', () => {
    assert.deepEqual(issues('E46,AC,7300000008,A,20240627\nE46,RJ,123,N,20240627\n', 'gas-response'), []);
    assert.match(issues('E46,OK,7300000008,A,20240627\n', 'gas-response')[0]!, /Outcome Code: must be one of AC \(Accepted\), RJ \(Rejected\)/);
  });

  it('has the fields of the legal text, in its order', () => {
    assert.deepEqual(e46Record().fields.map((f) => `${f.name} ${f.type} ${f.length}`), [
      'Transaction Type Text 3',
      'Outcome Code Text 2',
      'Meter Point Reference Number 10',
      'DCC Service Flag Text 1',
      'DCC Service Effective From Date Date 8',
    ]);
    assert.deepEqual(e45Record().fields.map((f) => f.name), ['Transaction Type', 'Meter Point Reference', 'DCC Service Flag', 'DCC Service Effective From Date']);
    assert.ok(e45Record().fields.every((f) => f.optionality === 'Mandatory'));
  });
});

describe('registration file schema: electricity (our layout, not D0350)', () => {
  it('takes a 13-digit MPAN core and nothing shorter', () => {
    assert.deepEqual(issues('ESF,1900000000014,A,20240627\n', 'electricity'), []);
    assert.match(issues('ESF,7300000008,A,20240627\n', 'electricity')[0]!, /MPAN Core: must be exactly 13 digits/);
    assert.match(issues('E45,1900000000014,A,20240627\n', 'electricity')[0]!, /does not belong/);
  });
});

describe('formatRecord', () => {
  it('writes the fields in the table order and refuses a missing mandatory field or a separator in a value', () => {
    const def = e45Record();
    assert.equal(formatRecord(def, { 'Meter Point Reference': '7300000008', 'DCC Service Flag': 'A', 'DCC Service Effective From Date': '20240627' }), 'E45,7300000008,A,20240627');
    assert.throws(() => formatRecord(def, { 'Meter Point Reference': '7300000008', 'DCC Service Flag': 'A' }), RecordFormatError);
    assert.throws(() => formatRecord(def, { 'Meter Point Reference': '73,0', 'DCC Service Flag': 'A', 'DCC Service Effective From Date': '20240627' }), RecordFormatError);
  });
});
