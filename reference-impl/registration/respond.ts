// The DCC's answer to a gas Registration Data Provider's request about Meter Points (MP077): one
// E46 record per MPRN asked about, in the order asked (legal text v0.1, SEC Appendix X 3.28(b)(i)).
//
// The seed gives the E46's fields and says its Outcome Code tells "whether the request has been
// accepted or rejected", but not who asks or what for. Our reading [I]: the DCC Service Flag is
// known outside the DCC only through the registration data flows (PIA 3.1.1), so the E46 is the
// DCC answering the gas RDP's request for the flag of named Meter Points (an enquiry or a
// resynchronisation). Accepted (AC): the DCC holds a flag for the MPRN that the gas file may
// carry now (the same values as the export: rules and feature switch), given with its effective
// date. Rejected (RJ): it holds none (an MPRN no smart meter was at, a flag still null, or a value
// the fuel may not send yet); the flag and date fields are mandatory, so an RJ carries a
// placeholder flag (assumptions.serviceFlags.rejectedFlag*) and the date of the answer.
// Answering marks nothing notified: the next DCC Status File still carries every pending change.
import { e46Record, fieldProblems, formatRecord, yyyymmdd } from '../../schemas/registration-files.ts';
import type { ServiceFlagRules } from '../modifications/index.ts';
import type { ServiceFlagStore } from '../smi/service-flags.ts';
import { flagSide } from './export.ts';

/** A request the DCC cannot answer at all: no Meter Point, or one that is not an MPRN. */
export class FlagRequestError extends Error {}

export interface FlagResponseOptions {
  /** The DCC's now: the date of an RJ record. */
  now: Date;
  /** The flag an RJ record carries, per side (the field is mandatory; an RJ tells nothing by it). */
  rejectedFlag: { MP077: string; 'before-MP077': string };
  /** Self-test defect only (dsp/defects.ts flagResponseGivesNotifiedFlag): answer with the flag last sent in a file. */
  notifiedFlagOnly?: boolean;
}

const RECORD = e46Record();
const [TYPE, OUTCOME, MPRN, FLAG, DATE] = RECORD.fields;

/** The request's Meter Point References, each checked as the E46 field holds it (Number, 1 to 10 digits). */
export function checkFlagRequest(meterPoints: unknown): string[] {
  if (!Array.isArray(meterPoints) || meterPoints.length === 0) throw new FlagRequestError('a request names at least one Meter Point Reference (MPRN)');
  return meterPoints.map((m, i) => {
    if (typeof m !== 'string') throw new FlagRequestError(`Meter Point ${i + 1} is not a string: ${JSON.stringify(m)}`);
    const problems = fieldProblems(MPRN!, m);
    if (problems.length) throw new FlagRequestError(`Meter Point ${i + 1} ${JSON.stringify(m)} is not a Meter Point Reference: ${problems.join('; ')}`);
    return m;
  });
}

/** One Meter Point's answer, field values as the E46 record writes them. */
export interface FlagAnswer {
  mprn: string;
  outcome: 'AC' | 'RJ';
  flag: string;
  /** YYYYMMDD */
  effectiveFrom: string;
}

/** What the DCC answers for each of `meterPoints`, in order; changes nothing. */
export function answerFlagRequest(store: ServiceFlagStore, rules: ServiceFlagRules, meterPoints: readonly string[], options: FlagResponseOptions): FlagAnswer[] {
  const mprns = checkFlagRequest(meterPoints);
  const sendable = rules.exported(rules.switches && store.switchOn('gas'));
  const placeholder = options.rejectedFlag[flagSide(rules)];
  return mprns.map((mprn): FlagAnswer => {
    const held = store.get('gas', mprn);
    const flag = options.notifiedFlagOnly ? held?.notifiedFlag : held?.flag;
    if (flag != null && held?.effectiveFrom !== undefined && sendable.includes(flag)) return { mprn, outcome: 'AC', flag, effectiveFrom: yyyymmdd(held.effectiveFrom) };
    return { mprn, outcome: 'RJ', flag: placeholder, effectiveFrom: yyyymmdd(options.now) };
  });
}

/** The answers as E46 records, one line each. */
export function formatFlagAnswers(answers: readonly FlagAnswer[]): string {
  return answers.map((a) => `${formatRecord(RECORD, { [TYPE!.name]: RECORD.type, [OUTCOME!.name]: a.outcome, [MPRN!.name]: a.mprn, [FLAG!.name]: a.flag, [DATE!.name]: a.effectiveFrom })}\n`).join('');
}

/** The E46 records (whole lines) answering a request about `meterPoints`; changes nothing. */
export function respondToFlagRequest(store: ServiceFlagStore, rules: ServiceFlagRules, meterPoints: readonly string[], options: FlagResponseOptions): string {
  return formatFlagAnswers(answerFlagRequest(store, rules, meterPoints, options));
}

/**
 * A request file (our own format, the seed gives none): one Meter Point Reference per line, LF or
 * CRLF; surrounding spaces and blank lines are ignored. A bad line is named by its number.
 */
export function parseFlagRequestFile(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '').trim();
    if (line === '') return;
    const problems = fieldProblems(MPRN!, line);
    if (problems.length) throw new FlagRequestError(`line ${i + 1}: ${JSON.stringify(line)} is not a Meter Point Reference: ${problems.join('; ')}`);
    out.push(line);
  });
  if (out.length === 0) throw new FlagRequestError('the request names no Meter Point Reference (one MPRN per line)');
  return out;
}
