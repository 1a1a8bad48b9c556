// Our own schema for the DCC Service Flag registration files (MP077), field by field, and the
// checker the suite runs on every such file a target exports. The reference's exporter writes
// its records from these same definitions, so there is one description of each layout.
//
// Gas: the DCC Status File (DXI) of E45 records, and the E46 record, as seed 004's legal text v0.1
// gives them (SEC Appendix X 3.29(a) and 3.28(b)(i)): name, optionality, type, length, values.
// Electricity: the seeds name the D0350 flow but not its layout, so the electricity file is a
// layout of OUR OWN (record type ESF) carrying the fields the seeds do give: Meter Point, flag and
// effective date. It is not the Data Transfer Catalogue's D0350.
//
// What the legal text leaves unsaid, our reading [I]: one record per line, LF line ends, fields
// separated by commas in the order of the table, no header or trailer record; a Number field is
// 1 to `length` digits (no padding), a Date is exactly 8 characters YYYYMMDD and a real date; a
// Text field with listed values holds exactly one of them.

/** Which modification side's values a file is checked against. */
export type FlagSide = 'MP077' | 'before-MP077';

export type FieldType = 'Text' | 'Number' | 'Date';

export interface FieldDef {
  name: string;
  optionality: 'Mandatory' | 'Optional';
  type: FieldType;
  /** Maximum length; a Date and a Text field with listed values are exactly this long. */
  length: number;
  /** A Number field that must have exactly `length` digits (an MPAN core). */
  exactLength?: boolean;
  /** The allowed values, with their meaning. */
  values?: Readonly<Record<string, string>>;
  description: string;
}

export interface RecordDef {
  /** The value of the record's first field: E45, E46, ESF. */
  type: string;
  title: string;
  /** Where the table comes from. */
  source: string;
  fields: readonly FieldDef[];
}

export type LayoutId = 'gas-status-file' | 'gas-response' | 'electricity';

export interface FileLayout {
  id: LayoutId;
  title: string;
  records: readonly RecordDef[];
  separator: string;
}

/** The flag values of the legal text's tables, before and after the redline. */
const FLAG_VALUES: Record<FlagSide, Record<string, string>> = {
  MP077: { A: 'Active', N: 'Non-Active', I: 'InstalledNotCommissioned' },
  'before-MP077': { A: 'Active', S: 'Suspended', W: 'Withdrawn' },
};

const SEED = 'seed 004_8450724e417126b9.txt, legal text v0.1';

function flagField(side: FlagSide): FieldDef {
  return { name: 'DCC Service Flag', optionality: 'Mandatory', type: 'Text', length: 1, values: FLAG_VALUES[side], description: 'Service flag provided by the DCC' };
}

const EFFECTIVE_FROM: FieldDef = {
  name: 'DCC Service Effective From Date',
  optionality: 'Mandatory',
  type: 'Date',
  length: 8,
  description: 'The date the DCC Service Flag is effective from, YYYYMMDD',
};

const MPRN: FieldDef = { name: 'Meter Point Reference', optionality: 'Mandatory', type: 'Number', length: 10, description: 'The gas Meter Point (MPRN)' };

export function e45Record(side: FlagSide = 'MP077'): RecordDef {
  return {
    type: 'E45',
    title: 'DCC Status File record: one DCC Service Flag update',
    source: `${SEED}, SEC Appendix X 3.29(a)`,
    fields: [
      { name: 'Transaction Type', optionality: 'Mandatory', type: 'Text', length: 3, values: { E45: 'DCC Service Flag update' }, description: 'Value: E45' },
      MPRN,
      flagField(side),
      EFFECTIVE_FROM,
    ],
  };
}

export function e46Record(side: FlagSide = 'MP077'): RecordDef {
  return {
    type: 'E46',
    title: 'E46 record: outcome of a request, with the DCC Service Flag',
    source: `${SEED}, SEC Appendix X 3.28(b)(i)`,
    fields: [
      { name: 'Transaction Type', optionality: 'Mandatory', type: 'Text', length: 3, values: { E46: 'E46 record' }, description: 'Value: E46' },
      { name: 'Outcome Code', optionality: 'Mandatory', type: 'Text', length: 2, values: { AC: 'Accepted', RJ: 'Rejected' }, description: 'Whether the request has been accepted or rejected' },
      MPRN,
      flagField(side),
      EFFECTIVE_FROM,
    ],
  };
}

/** Our electricity record (NOT the Data Transfer Catalogue's D0350 layout). */
export function electricityRecord(side: FlagSide = 'MP077'): RecordDef {
  return {
    type: 'ESF',
    title: 'Electricity DCC Service Flag record (sec-conformance layout, not D0350)',
    source: 'seed 004_8450724e417126b9.txt, PIA 3.1.1 (D0350 carries the DCC Service Status per MPAN) and legal text v0.1 (flag values, effective date); layout our own',
    fields: [
      { name: 'Record Type', optionality: 'Mandatory', type: 'Text', length: 3, values: { ESF: 'DCC Service Flag update' }, description: 'Value: ESF' },
      { name: 'MPAN Core', optionality: 'Mandatory', type: 'Number', length: 13, exactLength: true, description: 'The electricity Meter Point (13-digit MPAN core)' },
      flagField(side),
      EFFECTIVE_FROM,
    ],
  };
}

export function layout(id: LayoutId, side: FlagSide = 'MP077'): FileLayout {
  switch (id) {
    case 'gas-status-file':
      return { id, title: 'Gas DCC Status File (DXI): E45 records', records: [e45Record(side)], separator: ',' };
    case 'gas-response':
      return { id, title: 'Gas E46 records', records: [e46Record(side)], separator: ',' };
    case 'electricity':
      return { id, title: 'Electricity DCC Service Flag file (our layout, not D0350)', records: [electricityRecord(side)], separator: ',' };
  }
}

export const LAYOUT_IDS: readonly LayoutId[] = ['gas-status-file', 'gas-response', 'electricity'];

/** The layout a DCC export for this fuel is written in. */
export function exportLayout(fuel: 'gas' | 'electricity', side: FlagSide = 'MP077'): FileLayout {
  return layout(fuel === 'gas' ? 'gas-status-file' : 'electricity', side);
}

// ---------------------------------------------------------------------------------------------
// Writing

export class RecordFormatError extends Error {}

/** One line (without its line end) for `values`, keyed by field name, in the table's order. */
export function formatRecord(def: RecordDef, values: Readonly<Record<string, string>>, separator = ','): string {
  return def.fields
    .map((f, i) => {
      const v = i === 0 ? (values[f.name] ?? def.type) : values[f.name];
      if (v === undefined) {
        if (f.optionality === 'Mandatory') throw new RecordFormatError(`${def.type}: mandatory field "${f.name}" has no value`);
        return '';
      }
      if (v.includes(separator) || /[\r\n]/.test(v)) throw new RecordFormatError(`${def.type}: "${f.name}" value ${JSON.stringify(v)} contains a separator or line end`);
      return v;
    })
    .join(separator);
}

// ---------------------------------------------------------------------------------------------
// Checking

export interface RecordIssue {
  /** 1-based line; 0 for the file as a whole. */
  line: number;
  field?: string;
  message: string;
}

export interface ParsedRecord {
  line: number;
  type: string;
  /** Field name -> value as written. */
  fields: Record<string, string>;
}

export interface CheckResult {
  valid: boolean;
  records: ParsedRecord[];
  issues: RecordIssue[];
}

/**
 * A checker fed one line at a time (without its LF), for files too large to hold: keeps no
 * records unless asked. `end()` reports what only the whole file shows.
 */
export class RegistrationFileChecker {
  private readonly byType: Map<string, RecordDef>;
  private lineNo = 0;
  /** Issues so far (all of them, unless `maxIssues` was reached). */
  readonly issues: RecordIssue[] = [];
  recordCount = 0;

  constructor(
    private readonly l: FileLayout,
    private readonly maxIssues = Infinity,
  ) {
    this.byType = new Map(l.records.map((r) => [r.type, r]));
  }

  /** Check the next line; returns its record when it is one (whatever its field problems). */
  line(raw: string): ParsedRecord | undefined {
    const line = ++this.lineNo;
    if (raw.endsWith('\r')) this.issue({ line, message: 'line ends with CR: records end with LF only' });
    const text = raw.replace(/\r$/, '');
    if (text.trim() === '') {
      this.issue({ line, message: 'empty line: every line is one record' });
      return undefined;
    }
    const values = text.split(this.l.separator);
    const def = this.byType.get(values[0]!);
    if (!def) {
      this.issue({ line, field: this.l.records[0]!.fields[0]!.name, message: `record type ${JSON.stringify(values[0])} does not belong in a ${this.l.title}; expected ${[...this.byType.keys()].join(' or ')}` });
      return undefined;
    }
    if (values.length !== def.fields.length) {
      this.issue({ line, message: `${def.type} has ${def.fields.length} fields (${def.fields.map((f) => f.name).join(', ')}); this line has ${values.length}` });
      return undefined;
    }
    const fields: Record<string, string> = {};
    def.fields.forEach((f, j) => {
      const v = values[j]!;
      fields[f.name] = v;
      for (const message of fieldProblems(f, v)) this.issue({ line, field: f.name, message });
    });
    this.recordCount++;
    return { line, type: def.type, fields };
  }

  /** The file ended; `trailingLf`: whether its last byte was a LF (or it was empty). */
  end(trailingLf: boolean): void {
    if (!trailingLf) this.issue({ line: 0, message: 'the last record has no line end (LF)' });
  }

  get valid(): boolean {
    return this.issues.length === 0;
  }

  private issue(i: RecordIssue): void {
    if (this.issues.length < this.maxIssues) this.issues.push(i);
  }
}

/** Check a whole file held in memory against a layout; every issue is reported, not just the first. */
export function checkRegistrationFile(text: string, l: FileLayout): CheckResult {
  const checker = new RegistrationFileChecker(l);
  const records: ParsedRecord[] = [];
  const lines = text.length === 0 ? [] : text.replace(/\n$/, '').split('\n');
  for (const raw of lines) {
    const r = checker.line(raw);
    if (r) records.push(r);
  }
  checker.end(text.length === 0 || text.endsWith('\n'));
  // file-level issues first, then by line, as a reader goes through the file
  const issues = [...checker.issues].sort((a, b) => a.line - b.line);
  return { valid: issues.length === 0, records, issues };
}

/** What is wrong with one value, in words (the caller names the field); empty when nothing is. */
export function fieldProblems(f: FieldDef, v: string): string[] {
  if (v === '') return f.optionality === 'Mandatory' ? ['mandatory and empty'] : [];
  const out: string[] = [];
  switch (f.type) {
    case 'Number':
      if (!/^[0-9]+$/.test(v)) out.push(`must be digits only (Number); got ${JSON.stringify(v)}`);
      else if (f.exactLength && v.length !== f.length) out.push(`must be exactly ${f.length} digits; got ${v.length}`);
      else if (v.length > f.length) out.push(`is at most ${f.length} digits (Number ${f.length}); got ${v.length}`);
      break;
    case 'Date':
      if (!isYyyymmdd(v)) out.push(`must be a date written YYYYMMDD; got ${JSON.stringify(v)}`);
      break;
    case 'Text':
      if (v.length > f.length) out.push(`is at most ${f.length} characters (Text ${f.length}); got ${v.length}`);
      break;
  }
  if (f.values && !Object.hasOwn(f.values, v)) out.push(`must be one of ${Object.entries(f.values).map(([k, m]) => `${k} (${m})`).join(', ')}; got ${JSON.stringify(v)}`);
  return out;
}

function isYyyymmdd(v: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** xs:date or a Date -> YYYYMMDD. */
export function yyyymmdd(date: string | Date): string {
  const iso = typeof date === 'string' ? date : date.toISOString();
  return iso.slice(0, 10).replace(/-/g, '');
}

/** Issues one per line, for messages and the CLI. */
export function formatIssues(issues: readonly RecordIssue[]): string {
  return issues.map((i) => `  ${i.line ? `line ${i.line}` : 'file'}${i.field ? ` ${i.field}` : ''}: ${i.message}`).join('\n');
}
