// Finds the DUIS names a requirement uses: response codes, Service Reference Variants, device
// statuses and types, ESME Variants, WAN Variants, DCC Service Flags. Read from the Rule's name
// and text, its Background, its scenarios' names and steps (outline parameters filled in, data
// tables and doc strings included) and its Examples tables, with explicit patterns only:
//
// - response code: E/I/W and digits standing alone (E080801, E5, I99, W081401); "E45 record" is a
//   registration record, not a code; "E2.4" (a SEC section) is neither
// - SRV: 8.8.1, 12.2, 8.7.x after "SRV"/"SR"/"Service Request"/"Service Reference (Variant)"/
//   "send"/"with"/"using"/"by", or first inside parentheses: "Unjoin (8.8.1 and 8.8.2)"
// - device status: a word the XSD's DeviceStatus lists (also spelt with spaces: "Installed Not
//   Commissioned"), or a capitalised status-like word after "status"/"as"/"stays"/"remains"/"becomes"
// - device type: a word the XSD's DeviceType lists (ESME, IHD, CHF, ...)
// - ESME Variant: "ESME Variant A", "ESME Variants A, B or C"
// - WAN Variant: "WAN Variant " "", "WAN Technology 'Cellular'", or a listed value after "WAN Variant"
// - DCC Service Flag: "Service Flag A", "flag 'N'", "the 'I' Flag"
// - Examples columns named for a kind (response code, SRV, status, ESME variant, WAN variant,
//   flag, device type): every cell is a value of that kind.
import type { DataTable, DocString, Examples, Step } from '@cucumber/messages';
import { NON_XSD_TERMS } from './non-xsd-terms.ts';
import type { SpecModel, SpecScenario } from './spec-model.ts';

export type TermKind =
  | 'response-code'
  | 'srv'
  | 'device-status'
  | 'device-type'
  | 'esme-variant'
  | 'wan-variant'
  | 'service-flag'
  | 'registration-record';

export const TERM_KIND_LABEL: Record<TermKind, string> = {
  'response-code': 'response code',
  srv: 'Service Reference Variant',
  'device-status': 'DeviceStatus',
  'device-type': 'DeviceType',
  'esme-variant': 'ESME Variant',
  'wan-variant': 'WAN Variant',
  'service-flag': 'DCC Service Flag',
  'registration-record': 'registration data record',
};

export interface TermUse {
  kind: TermKind;
  value: string;
  /** Requirement ID; null for a Rule without an ID or a scenario outside any Rule. */
  requirement: string | null;
  uri: string;
  line: number;
  /** Where it was written: the rule, a scenario name, a step, an Examples table. */
  in: 'rule' | 'scenario' | 'step' | 'examples';
}

/** What the extractor must know from the schemas: words that are statuses and device types in any release checked. */
export interface TermVocabulary {
  deviceStatuses: ReadonlySet<string>;
  deviceTypes: ReadonlySet<string>;
}

const SRV = String.raw`\d{1,2}\.\d{1,3}(?:\.(?:\d{1,2}|x))?`;
const SEP = String.raw`\s*(?:,|/|&|\band\b|\bor\b)\s*`;
const SRV_LIST = String.raw`${SRV}(?:${SEP}${SRV})*`;
const Q_OPEN = `["'‘“]`;
const Q_CLOSE = `["'’”]`;

export interface Found {
  kind: TermKind;
  value: string;
}

/** The terms in one piece of text. */
export function termsInText(text: string, vocab: TermVocabulary): Found[] {
  const out: Found[] = [];
  const taken: [number, number][] = [];
  const free = (a: number, b: number): boolean => !taken.some(([x, y]) => a < y && b > x);
  const add = (kind: TermKind, value: string, at: number, len: number): void => {
    out.push({ kind, value });
    taken.push([at, at + len]);
  };

  // registration records before response codes: "E45 record" is not a response code
  for (const m of text.matchAll(/(?<![\w.&-])(E\d{2})\s+(?:records?|flows?)\b/g)) add('registration-record', m[1]!, m.index!, m[1]!.length);
  for (const m of text.matchAll(/(?<![\w.&-])([EIW]\d{1,6})(?![\w]|\.\d)/g)) {
    if (free(m.index!, m.index! + m[0].length)) add('response-code', m[1]!, m.index!, m[0].length);
  }

  const srvs = (list: string, at: number): void => {
    for (const v of list.split(new RegExp(SEP))) if (v.trim()) add('srv', v.trim(), at, list.length);
  };
  const srvKeyword = new RegExp(String.raw`\b(?:SRVs?|SRs?|Service\s+Requests?|Service\s+Reference(?:\s+Variant)?s?|send(?:s|ing)?|sent|with|using|uses|by)\s*(${SRV_LIST})(?![\w.]|\.\d)`, 'gi');
  for (const m of text.matchAll(srvKeyword)) srvs(m[1]!, m.index! + m[0].length - m[1]!.length);
  const srvParen = new RegExp(String.raw`\(\s*(${SRV_LIST})(?=\s*[,);]|\s+\w)`, 'g');
  for (const m of text.matchAll(srvParen)) {
    const at = m.index! + m[0].indexOf(m[1]!);
    if (free(at, at + m[1]!.length)) srvs(m[1]!, at);
  }

  // a variant the text itself says is refused or not allowed is a negative example, not a claim
  // that the schema lists it ("the DUIS schema does not allow the ESME Variant "Z"")
  const negative = /\b(?:does not allow|not allowed|is refused|outside)\b/i.test(text);
  for (const m of negative ? [] : text.matchAll(new RegExp(String.raw`\bESME\s+Variants?\s+(${Q_OPEN}?[A-Z]{1,4}${Q_CLOSE}?(?:${SEP}${Q_OPEN}?[A-Z]{1,4}${Q_CLOSE}?)*)(?![A-Za-z])`, 'g'))) {
    for (const v of m[1]!.split(new RegExp(SEP))) add('esme-variant', v.replace(/["'‘’“”]/g, '').trim(), m.index!, m[0].length);
  }

  // WAN Variant: quoted (a space is a value), or one of the listed names
  const wanQuoted = /\bWAN\s+(?:Variant|Technology)s?\s+(?:(?:is|of|value|as)\s+)*(?:"([^"]*)"|“([^”]*)”|‘([^’]*)’|'([^']*)')/gi;
  for (const m of text.matchAll(wanQuoted)) add('wan-variant', m.slice(1, 5).find((v) => v !== undefined)!, m.index!, m[0].length);
  const wanNames = NON_XSD_TERMS.filter((t) => t.kind === 'wan-variant' && t.value.trim()).map((t) => t.value).sort((a, b) => b.length - a.length);
  const wanNamed = new RegExp(String.raw`\bWAN\s+(?:Variant|Technology)s?\s+(?:(?:is|of|value|as)\s+)*(${wanNames.map(esc).join('|')})(?![\w+])`, 'gi');
  for (const m of text.matchAll(wanNamed)) if (free(m.index!, m.index! + m[0].length)) add('wan-variant', m[1]!, m.index!, m[0].length);

  const flagPatterns = [
    new RegExp(String.raw`\b(?:DCC\s+)?Service\s+(?:Flag|Status)s?\s+(?:(?:is|of|value|state|to|as|becomes?|set\s+to)\s+)*${Q_OPEN}?([A-Z])${Q_CLOSE}?(?![\w])`, 'g'),
    new RegExp(String.raw`\bflags?\s+(?:(?:is|of|to|as|set\s+to)\s+)*${Q_OPEN}([A-Z])${Q_CLOSE}`, 'gi'),
    new RegExp(String.raw`${Q_OPEN}([A-Z])${Q_CLOSE}\s+(?:(?:DCC\s+)?Service\s+)?Flag\b`, 'gi'),
  ];
  for (const re of flagPatterns) {
    for (const m of text.matchAll(re)) if (free(m.index!, m.index! + m[0].length)) add('service-flag', m[1]!, m.index!, m[0].length);
  }

  // statuses the XSD knows, also written with spaces ("Installed Not Commissioned")
  for (const status of vocab.deviceStatuses) {
    const words = status.split(/(?<=[a-z])(?=[A-Z])/);
    const re = new RegExp(String.raw`(?<![\w-])${words.map(esc).join(String.raw`\s*`)}(?![\w-])`, 'g');
    for (const m of text.matchAll(re)) if (free(m.index!, m.index! + m[0].length)) add('device-status', status, m.index!, m[0].length);
  }
  // a status-like word in a status context that no XSD knows: reported so a typo or a renamed status shows
  const statusContext = new RegExp(String.raw`\b(?:status(?:es)?\s+(?:(?:of|is|to|as|was)\s+)?|as\s+|stays\s+|remains\s+|becomes\s+)${Q_OPEN}?((?:[A-Z][a-z]+){2,}|[A-Z][a-z]+(?:ed|ing))${Q_CLOSE}?(?![\w-])`, 'g');
  for (const m of text.matchAll(statusContext)) {
    const at = m.index! + m[0].lastIndexOf(m[1]!);
    if (free(at, at + m[1]!.length)) add('device-status', m[1]!, at, m[1]!.length);
  }
  for (const type of vocab.deviceTypes) {
    const re = new RegExp(String.raw`(?<![\w-])${esc(type)}(?![\w-])`, 'g');
    for (const m of text.matchAll(re)) if (free(m.index!, m.index! + m[0].length)) add('device-type', type, m.index!, m[0].length);
  }
  return out;
}

/** The kind an Examples column holds, from its header; undefined for other columns. */
export function columnKind(header: string): TermKind | undefined {
  const h = header.toLowerCase().replace(/[_-]+/g, ' ').trim();
  if (/\bflag\b|service status/.test(h)) return 'service-flag';
  if (/response code|^code$|^codes$/.test(h)) return 'response-code';
  if (/\bsrvs?\b|service request|service reference/.test(h)) return 'srv';
  if (/\bwan\b/.test(h)) return 'wan-variant';
  if (/esme variant|^variant$/.test(h)) return 'esme-variant';
  if (/status/.test(h)) return 'device-status';
  if (/device type|^device$|^meter$/.test(h)) return 'device-type';
  return undefined;
}

const CELL_SHAPE: Record<TermKind, RegExp> = {
  'response-code': /^[EIW]\d{1,6}$/,
  srv: new RegExp(`^${SRV}$`),
  'device-status': /^[A-Z][A-Za-z]+$/,
  'device-type': /^[A-Z][A-Z0-9]{1,7}$/,
  'esme-variant': /^[A-Z]{1,4}$/,
  'wan-variant': /^.+$/,
  'service-flag': /^[A-Z]$/,
  'registration-record': /^E\d{2}$/,
};

/** Every term a requirement (or an orphan scenario) uses, with where. */
export function extractTerms(model: SpecModel, vocab: TermVocabulary): TermUse[] {
  const uses: TermUse[] = [];
  const seen = new Set<string>();
  const push = (u: TermUse): void => {
    const key = `${u.kind}\u0000${u.value}\u0000${u.requirement}\u0000${u.uri}\u0000${u.line}`;
    if (seen.has(key)) return;
    seen.add(key);
    uses.push(u);
  };
  const scan = (text: string, base: Omit<TermUse, 'kind' | 'value'>): void => {
    for (const f of termsInText(text, vocab)) push({ ...base, ...f });
  };
  const scanStep = (step: Step, requirement: string | null, uri: string): void => {
    scan(step.text, { requirement, uri, line: step.location.line, in: 'step' });
    scanArgument(step.dataTable, step.docString, { requirement, uri, line: step.location.line, in: 'step' });
  };
  const scanArgument = (table: DataTable | undefined, doc: DocString | undefined, base: Omit<TermUse, 'kind' | 'value'>): void => {
    for (const row of table?.rows ?? []) for (const c of row.cells) scan(c.value, base);
    if (doc) scan(doc.content, base);
  };
  const scanExamples = (ex: Examples, requirement: string | null, uri: string): void => {
    const headers = ex.tableHeader?.cells.map((c) => columnKind(c.value)) ?? [];
    for (const row of ex.tableBody) {
      row.cells.forEach((c, i) => {
        const base = { requirement, uri, line: row.location.line, in: 'examples' as const };
        const kind = headers[i];
        if (kind && CELL_SHAPE[kind].test(c.value.trim())) push({ ...base, kind, value: c.value.trim() });
        else scan(c.value, base);
      });
    }
  };
  const scanScenario = (s: SpecScenario, requirement: string | null, uri: string, stepLines: ReadonlyMap<string, number>): void => {
    for (const p of s.pickles) {
      scan(p.name, { requirement, uri, line: s.line, in: 'scenario' });
      for (const ps of p.steps) {
        // the pickle step's own line is the scenario's or the background's step line
        const line = stepLines.get(ps.astNodeIds[0] ?? '') ?? s.line;
        scan(ps.text, { requirement, uri, line, in: 'step' });
        if (ps.argument?.dataTable) for (const row of ps.argument.dataTable.rows) for (const c of row.cells) scan(c.value, { requirement, uri, line, in: 'step' });
        if (ps.argument?.docString) scan(ps.argument.docString.content, { requirement, uri, line, in: 'step' });
      }
    }
    for (const ex of s.ast.examples) scanExamples(ex, requirement, uri);
  };

  for (const f of model.features) {
    for (const s of f.orphans) scanScenario(s, null, f.uri, f.stepLines);
    for (const r of f.requirements) {
      scan(`${r.title}\n${r.text}`, { requirement: r.id, uri: f.uri, line: r.line, in: 'rule' });
      // a Rule's Background is part of every one of its scenarios, but a Rule without scenarios still names what it names
      for (const c of r.ast.children) for (const st of c.background?.steps ?? []) scanStep(st, r.id, f.uri);
      for (const s of r.scenarios) scanScenario(s, r.id, f.uri, f.stepLines);
    }
  }
  return uses;
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
