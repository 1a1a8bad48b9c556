// The World every step runs in: one per scenario. It carries the target, the DCC Users, the
// baseline, the DUIS validator and SRV table, and it is the only way steps talk to a target:
// send() signs every request as its originator (XMLDSig, as DCC Boxed does), and send() and
// awaitDelivery() validate every message that crosses the wire against the DUIS XSD, verify the
// signature of every reply and delivery, record it (the hooks attach the record to the scenario)
// and parse it.
//
// Failures: a message on the wire that fails XSD validation, a reply or delivery whose signature
// does not verify (or is missing, unless unsigned responses are allowed), or a reply that is not
// a DUIS response, throws ConformanceFailure (reported FAIL, like node:assert's AssertionError).
// A refused connection, a time-out or a reply that is not XML at all propagates as an error
// (reported ERROR: no verdict on conformance can be drawn from it).
//
// world.ts registers it with cucumber; this module has no side effects, so tests can build a
// World outside a cucumber run.
import { World, type IWorldOptions } from '@cucumber/cucumber';
import { Baseline } from '../../src/baseline.ts';
import { RequestIdCounter } from '../../src/duis/header.ts';
import type { DuisRequest, RequestContext } from '../../src/duis/requests/index.ts';
import { DuisResponseReadError, parseResponse, type DuisResponse } from '../../src/duis/responses.ts';
import { srvTableFor, type SrvTable } from '../../src/duis/srv-table.ts';
import type { ExchangeRecord } from '../../src/report/attachments.ts';
import { ConformanceFailure } from '../../src/report/verdicts.ts';
import {
  DEFAULT_DELIVERY_TIMEOUT_MS,
  DEFAULT_SETTLE_MS,
  resolveWorldParameters,
  type ResolvedWorldParameters,
  type WorldParameters,
} from '../../src/runner/world-parameters.ts';
import { DEFAULT_GENERIC_CODES } from '../../src/duis/generic-codes.ts';
import { DEFAULT_FLAG_PROFILE, type FlagProfile } from '../../src/service-flags.ts';
import { servicePathFor, type Capability, type ServicePath, type Target, type WireReply } from '../../src/targets/target.ts';
import { UserDirectory, DEFAULT_USERS } from '../../src/users.ts';
import type { GenericCodes } from '../../src/duis/generic-codes.ts';
import type { Conversation } from '../flows.ts';
import { DuisValidator, type ValidationIssue, type ValidationResult } from '../../src/validation/validator.ts';
import type { DuisSigning } from '../../src/sign/duis-signing.ts';
import { buildSigning, type SigningSettings } from '../../src/sign/signing-settings.ts';

export { ConformanceFailure };
export type { ExchangeRecord };
type SignatureNote = NonNullable<ExchangeRecord['signature']>;

/** A request sent with send(): what went out, what came back on the wire, and its parse. */
export interface Exchange {
  request: DuisRequest;
  path: ServicePath;
  reply: WireReply;
  response: DuisResponse;
}

/** A body sent with sendRaw(): the reply, and its parse when it was a valid DUIS response. */
export interface RawExchange {
  path: ServicePath;
  body: string;
  reply: WireReply;
  /** XSD result for the reply; undefined when the reply was not XML. */
  replyValidation?: ValidationResult;
  response?: DuisResponse;
}

/** Thrown when a step needs a capability the target lacks: the scenario is missing its @needs tag. */
export class MissingCapabilityError extends Error {
  constructor(cap: Capability, target: string) {
    super(`target "${target}" does not offer capability "${cap}": tag the scenario @needs:${cap} so that such targets report it NOT APPLICABLE`);
    this.name = 'MissingCapabilityError';
  }
}

// ---------------------------------------------------------------------------------------------
// Shared per process: the compiled schema (compiling the DUIS XSD takes a while) and one
// OriginatorCounter sequence, so a long-lived external target never sees a counter go backwards.

const validators = new Map<string, Promise<DuisValidator>>();

/** The DUIS validator for a schema folder (undefined: $SEC_CONFORMANCE_SCHEMA_DIR, else bundled), compiled once per process. */
export function sharedValidator(schemaDir?: string): Promise<DuisValidator> {
  const key = schemaDir ?? '';
  let v = validators.get(key);
  if (!v) {
    v = DuisValidator.load(schemaDir !== undefined ? { schemaDir } : {});
    validators.set(key, v);
    v.catch(() => validators.delete(key));
  }
  return v;
}

const signings = new Map<string, Promise<DuisSigning>>();

/** The suite's keys for these settings, loaded once per process. */
export function sharedSigning(settings: SigningSettings = {}): Promise<DuisSigning> {
  const key = JSON.stringify(settings);
  let s = signings.get(key);
  if (!s) {
    s = buildSigning(settings);
    signings.set(key, s);
    s.catch(() => signings.delete(key));
  }
  return s;
}

/** A reply that is not XML at all: nothing about conformance can be read from it (ERROR, never excused). */
export class UnreadableReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableReplyError';
  }
}

/** Microsecond-clock floor, strictly increasing per originator across every scenario of the run. */
const processCounter = new RequestIdCounter();

/** Where the hooks plug the target in; steps never call it. */
export interface WorldSetUp {
  target: Target;
  validator: DuisValidator;
  signing: DuisSigning;
}

export class ConformanceWorld extends World<WorldParameters> {
  /** The parsed world parameters: target spec, baselines (as Baseline), schema folder, time-outs. */
  readonly settings: ResolvedWorldParameters;
  /** Set when the world parameters do not parse; the Before hook throws it (ERROR for the scenario). */
  readonly settingsError?: Error;
  readonly users: UserDirectory;
  /** What the suite expects of the target: which modifications it implements. */
  readonly baseline: Baseline;
  /** How the reference behaves (defaults to the baseline). */
  readonly referenceBaseline: Baseline;
  /** Response codes for failures DUIS names only in general terms (world parameter "codes" overrides). */
  readonly codes: GenericCodes;
  /** How long to give an outcome that may never arrive before moving on. */
  readonly settleMs: number;
  /** Which reading of MP077 the suite expects of the target. */
  readonly flagProfile: FlagProfile;
  /** Every message both ways, in order: the hooks attach it to the scenario. */
  readonly exchanges: ExchangeRecord[] = [];
  /** Names for things the scenario made or found: "the ESME" -> its EUI. Scenario-scoped. */
  readonly aliases = new Map<string, string>();
  /** The last send(). */
  last?: Exchange;
  /** The last sendRaw(). */
  lastRaw?: RawExchange;
  /** The last DUIS response read by send(), sendRaw() or awaitDelivery(). */
  lastResponse?: DuisResponse;
  /** The Service Request conversation the steps are on (steps/flows.ts keeps it). */
  conversation?: Conversation;
  /** Shared OriginatorCounter sequence (per originator inside). */
  readonly counter: RequestIdCounter = processCounter;
  /** Free-form scratch space for step files that need to share state within a scenario. */
  readonly scratch = new Map<string, unknown>();

  #target?: Target;
  #validator?: DuisValidator;
  #srvTable?: SrvTable;
  #signing?: DuisSigning;
  #clockOffsetMs = 0;
  #clockMoved = false;

  constructor(options: IWorldOptions<WorldParameters>) {
    super(options);
    let settings: ResolvedWorldParameters;
    try {
      settings = resolveWorldParameters(options.parameters);
    } catch (e) {
      // the World is built outside any hook: throwing here would stop the whole run
      this.settingsError = e as Error;
      settings = {
        target: { kind: 'ref' },
        baseline: Baseline.all(),
        referenceBaseline: Baseline.all(),
        deliveryTimeoutMs: DEFAULT_DELIVERY_TIMEOUT_MS,
        settleMs: DEFAULT_SETTLE_MS,
        codes: { ...DEFAULT_GENERIC_CODES },
        signing: {},
        flagProfile: DEFAULT_FLAG_PROFILE,
        referenceFlagProfile: DEFAULT_FLAG_PROFILE,
        reportsDir: 'reports',
      };
    }
    this.settings = settings;
    this.users = new UserDirectory(settings.users ?? DEFAULT_USERS);
    this.baseline = settings.baseline;
    this.referenceBaseline = settings.referenceBaseline;
    this.codes = settings.codes;
    this.settleMs = settings.settleMs;
    this.flagProfile = settings.flagProfile;
  }

  /** The scenario's now: the host's clock, moved with the target's by setClock(). */
  now(): Date {
    return new Date(Date.now() + this.#clockOffsetMs);
  }

  /** Set the target's clock ('clock' capability) and move now() with it. */
  async setClock(to: Date): Promise<void> {
    this.requireCapability('clock');
    const setClock = this.target.control.setClock;
    if (!setClock) throw new Error(`target "${this.target.name}" offers "clock" but has no setClock control`);
    await setClock.call(this.target.control, to);
    this.#clockOffsetMs = to.getTime() - Date.now();
    this.#clockMoved = true;
  }

  /**
   * Put a clock this scenario moved back to the host's now (called by the After hook): a
   * run-scoped target (an external endpoint) keeps its clock, and the next scenario's now() is
   * the host's, so a clock left in the past would date its requests in the future.
   */
  async restoreClock(): Promise<void> {
    if (!this.#clockMoved || !this.hasTarget) return;
    this.#clockMoved = false;
    await this.setClock(new Date());
  }

  /** Called by the Before hook. */
  attachTarget(setUp: WorldSetUp): void {
    this.#target = setUp.target;
    this.#validator = setUp.validator;
    this.#srvTable = srvTableFor(setUp.validator.schemaSet);
    this.#signing = setUp.signing;
  }

  /** The suite's keys: it signs requests with them and verifies replies and deliveries against them. */
  get signing(): DuisSigning {
    if (!this.#signing) throw new Error('no signing keys: the Before hook did not load them (see its error above)');
    return this.#signing;
  }

  get target(): Target {
    if (!this.#target) throw new Error('no target: the Before hook did not set one up (see its error above)');
    return this.#target;
  }

  get hasTarget(): boolean {
    return this.#target !== undefined;
  }

  get validator(): DuisValidator {
    if (!this.#validator) throw new Error('no DUIS validator: the Before hook did not load one (see its error above)');
    return this.#validator;
  }

  /** The SRV table of the DUIS release being validated against. */
  get srvTable(): SrvTable {
    if (!this.#srvTable) throw new Error('no SRV table: the Before hook did not load the schema (see its error above)');
    return this.#srvTable;
  }

  /** Request context for a named DCC User ("Supplier A", "Network Operator", ...). */
  ctx(userName: string): RequestContext {
    return { table: this.srvTable, counter: this.counter, originator: this.users.named(userName).id };
  }

  /** Throws (ERROR) unless the target offers `cap`; scenarios should say so with @needs:<cap> instead. */
  requireCapability(cap: Capability): void {
    if (!this.target.capabilities.has(cap)) throw new MissingCapabilityError(cap, this.target.name);
  }

  hasCapability(cap: Capability): boolean {
    return this.target.capabilities.has(cap);
  }

  // -------------------------------------------------------------------------------------------
  // Aliases

  /** The value a name stands for; throws, listing the known names, when there is none. */
  alias(name: string): string {
    const v = this.aliases.get(aliasKey(name));
    if (v === undefined) {
      const known = [...this.aliases.keys()];
      throw new Error(`nothing is called "${name}" in this scenario${known.length ? `; known: ${known.join(', ')}` : ''}`);
    }
    return v;
  }

  setAlias(name: string, value: string): void {
    this.aliases.set(aliasKey(name), value);
  }

  // -------------------------------------------------------------------------------------------
  // The wire

  /**
   * Validate `req`, POST it to its command variant's service path, validate the reply and parse
   * it. An invalid request is not sent. Throws ConformanceFailure for an invalid request or
   * reply, or a reply that is not a DUIS response.
   */
  async send(req: DuisRequest): Promise<Exchange> {
    const path = servicePathFor(req.commandVariant);
    const v = this.validator.validate(req.xml);
    if (!v.valid) {
      this.record({ direction: 'request', path, requestId: req.requestId, srv: req.srv, body: req.xml, validation: v, notSent: true });
      throw new ConformanceFailure(`request ${describeReq(req)} fails XSD validation and was not sent:\n${formatIssues(v.errors)}`, v.errors);
    }
    // signed as its originator; a missing key is a set-up problem (ERROR), not the target's
    const signed = this.signing.signRequest(req.xml);
    this.record({ direction: 'request', path, requestId: req.requestId, srv: req.srv, body: signed, validation: this.validator.validate(signed) });
    const reply = await this.target.post(path, signed);
    const rv = this.validator.validate(reply.body);
    const sig = rv.valid ? this.checkSignature(reply.body) : undefined;
    this.record({ direction: 'reply', path, requestId: req.requestId, srv: req.srv, status: reply.status, contentType: reply.contentType, body: reply.body, validation: rv, ...(sig ? { signature: sig } : {}) });
    const what = `reply to ${describeReq(req)} (HTTP ${reply.status}, ${reply.contentType || 'no content type'})`;
    if (!rv.valid) {
      if (rv.errors[0]?.kind === 'not-well-formed' || rv.errors[0]?.kind === 'size') throw new UnreadableReplyError(`${what} is not a DUIS document: ${rv.errors[0].message}; body begins: ${JSON.stringify(reply.body.slice(0, 200))}`);
      throw new ConformanceFailure(`${what} fails XSD validation:\n${formatIssues(rv.errors)}`, rv.errors);
    }
    if (sig && !sig.valid) throw new ConformanceFailure(`${what} has a bad signature (${sig.problem}): ${sig.reason}`);
    const response = this.parse(reply.body, `reply to ${describeReq(req)}`);
    const exchange: Exchange = { request: req, path, reply, response };
    this.last = exchange;
    this.lastResponse = response;
    return exchange;
  }

  /**
   * POST any body (deliberately bad input) without validating it. The reply is validated when it
   * is XML (invalid -> ConformanceFailure) and parsed when it is a valid DUIS response.
   */
  async sendRaw(path: ServicePath, body: string): Promise<RawExchange> {
    this.record({ direction: 'request', path, body, validation: null, raw: true });
    const reply = await this.target.post(path, body);
    const xml = looksLikeXml(reply);
    const rv = xml ? this.validator.validate(reply.body) : undefined;
    const sig = rv?.valid ? this.checkSignature(reply.body) : undefined;
    this.record({ direction: 'reply', path, status: reply.status, contentType: reply.contentType, body: reply.body, validation: rv ?? null, ...(sig ? { signature: sig } : {}) });
    if (rv && !rv.valid) {
      throw new ConformanceFailure(`reply to a raw request on ${path} (HTTP ${reply.status}) fails XSD validation:\n${formatIssues(rv.errors)}`, rv.errors);
    }
    if (sig && !sig.valid) throw new ConformanceFailure(`reply to a raw request on ${path} has a bad signature (${sig.problem}): ${sig.reason}`);
    const raw: RawExchange = { path, body, reply, ...(rv ? { replyValidation: rv } : {}) };
    if (rv?.valid) {
      raw.response = this.parse(reply.body, `reply to a raw request on ${path}`);
      this.lastResponse = raw.response;
    }
    this.lastRaw = raw;
    return raw;
  }

  /**
   * The asynchronous delivery (device response, alert) for `requestId`: validated, recorded and
   * parsed. A time-out propagates from the target (ERROR); an invalid delivery is a ConformanceFailure.
   */
  async awaitDelivery(requestId: string, timeoutMs: number = this.settings.deliveryTimeoutMs): Promise<DuisResponse> {
    const d = await this.target.awaitDelivery(requestId, timeoutMs);
    const v = this.validator.validate(d.body);
    const sig = v.valid ? this.checkSignature(d.body) : undefined;
    this.record({ direction: 'delivery', requestId, body: d.body, validation: v, at: d.receivedAt, ...(sig ? { signature: sig } : {}) });
    if (!v.valid) throw new ConformanceFailure(`delivery for ${requestId} fails XSD validation:\n${formatIssues(v.errors)}`, v.errors);
    if (sig && !sig.valid) throw new ConformanceFailure(`delivery for ${requestId} has a bad signature (${sig.problem}): ${sig.reason}`);
    const response = this.parse(d.body, `delivery for ${requestId}`);
    this.lastResponse = response;
    return response;
  }

  /** A Response's signature, as the exchange log records it. */
  private checkSignature(xml: string): SignatureNote {
    const r = this.signing.checkResponse(xml);
    if (r.ok) return { valid: true, signed: r.signed, ...(r.signer ? { signer: r.signer.id } : {}) };
    return { valid: false, signed: r.problem !== 'missing', problem: r.problem, reason: r.reason };
  }

  private parse(xml: string, what: string): DuisResponse {
    try {
      return parseResponse(xml);
    } catch (e) {
      if (e instanceof DuisResponseReadError) throw new ConformanceFailure(`${what} is not a DUIS response: ${e.message}`);
      throw e;
    }
  }

  private record(r: Omit<ExchangeRecord, 'seq' | 'at' | 'validation'> & { at?: Date; validation: ValidationResult | null }): void {
    const { at, validation, ...rest } = r;
    this.exchanges.push({
      seq: this.exchanges.length + 1,
      ...rest,
      at: (at ?? new Date()).toISOString(),
      validation: validation ? { valid: validation.valid, errors: validation.errors } : null,
    });
  }
}

function aliasKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

function describeReq(req: DuisRequest): string {
  return `SRV ${req.srv} CV ${req.commandVariant} ${req.requestId}`;
}

/** Validator issues, one per line, as the validator wrote them. */
export function formatIssues(errors: readonly ValidationIssue[]): string {
  if (!errors.length) return '  (no detail from the validator)';
  return errors.map((e) => `  ${e.line ? `line ${e.line}: ` : ''}${e.message}${e.path ? ` (${e.path})` : ''}`).join('\n');
}

function looksLikeXml(reply: WireReply): boolean {
  return /xml/i.test(reply.contentType) || reply.body.trimStart().startsWith('<');
}

