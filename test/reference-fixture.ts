// Shared set-up for the reference DSP tests: an in-process target, typed request builders per
// User (sent signed, as the reference requires), and every message the reference emits checked
// against the DUIS XSD and for the DSP's signature as it is seen.
import assert from 'node:assert/strict';
import { Baseline } from '../src/baseline.ts';
import { RequestIdCounter } from '../src/duis/header.ts';
import * as rq from '../src/duis/requests/index.ts';
import { parseResponse, type DuisResponse, type InventoryDevice } from '../src/duis/responses.ts';
import { SrvTable } from '../src/duis/srv-table.ts';
import { createInProcessTarget, type InProcessTarget, type InProcessTargetOptions } from '../src/targets/in-process.ts';
import { servicePathFor, type ServicePath } from '../src/targets/target.ts';
import { UserDirectory } from '../src/users.ts';
import { DuisValidator } from '../src/validation/validator.ts';
import { decodePayload } from '../reference-impl/index.ts';
import { dccBoxedKeyStore } from '../src/sign/dcc-boxed-keys.ts';
import { DuisSigning } from '../src/sign/duis-signing.ts';

export const validator = await DuisValidator.load();
export const table = SrvTable.fromSchemaSet(validator.schemaSet);
export const users = new UserDirectory();
/** DCC Boxed's test keys: the Users sign with them, the reference checks and signs with them. */
export const signing = new DuisSigning(await dccBoxedKeyStore());

/** A request body signed as its originator (the reference refuses unsigned requests). */
export function sign(xml: string): string {
  return signing.signRequest(xml);
}

export const SUPPLIER_A = 'Supplier A';
export const SUPPLIER_B = 'Supplier B';
export const NETWORK_OPERATOR = 'Network Operator';

/** A fixed instant, so ResponseDateTime and DateCommissioned are predictable. */
export const T0 = new Date('2024-06-27T09:00:00.000Z');

export const DELIVERY_TIMEOUT_MS = 2_000;

export interface Exchange {
  status: number;
  xml: string;
  response: DuisResponse;
  code: string;
}

/** Assert a document the reference emitted is valid DUIS, and parse it. */
export function checkEmitted(xml: string, what: string): DuisResponse {
  const v = validator.validate(xml);
  assert.deepEqual(v.errors, [], `${what} is not valid against the DUIS XSD:\n${xml}`);
  const sig = signing.checkResponse(xml);
  assert.ok(sig.ok && sig.signed, `${what} is not signed by the DSP: ${JSON.stringify(sig)}`);
  return parseResponse(xml);
}

export class Scenario {
  readonly target: InProcessTarget;
  private readonly counter = new RequestIdCounter({ floor: 1 });
  /** Every message the reference emitted that this scenario saw, all XSD-checked. */
  readonly emitted: string[] = [];
  /** The reference's log: one line per refusal (with its reason) or async error. */
  readonly log: string[] = [];

  constructor(baseline: Baseline | string = 'all', options: Partial<InProcessTargetOptions> = {}) {
    this.target = createInProcessTarget({
      baseline: typeof baseline === 'string' ? Baseline.parse(baseline) : baseline,
      validator,
      signing,
      clock: () => T0,
      log: (line) => this.log.push(line),
      ...options,
    });
  }

  get reference() {
    return this.target.reference;
  }

  ctx(userName: string): rq.RequestContext {
    return { table, counter: this.counter, originator: users.named(userName).id };
  }

  /** POST a raw body to a path; the reply must be valid DUIS. */
  async post(path: ServicePath, body: string): Promise<Exchange> {
    const reply = await this.target.post(path, body);
    assert.equal(reply.contentType, 'application/xml');
    this.emitted.push(reply.body);
    const response = checkEmitted(reply.body, `reply to ${path}`);
    return { status: reply.status, xml: reply.body, response, code: response.header.responseCode };
  }

  /** Send a built request, signed, to the path its command variant belongs on (or `path`). */
  send(req: rq.DuisRequest, path?: ServicePath): Promise<Exchange> {
    return this.post(path ?? servicePathFor(req.commandVariant), sign(req.xml));
  }

  /** CV 4 then, if it returned a pre-command, CV 5 (or `signedAs`): the last exchange, plus the CV 4 one. */
  async sendCritical(userName: string, req: rq.DuisRequest, signedAs: 5 | 6 | 7 = 5): Promise<{ transform: Exchange; final: Exchange }> {
    assert.equal(req.commandVariant, 4, 'sendCritical needs a CV 4 request');
    const transform = await this.send(req);
    if (transform.code !== 'I0') return { transform, final: transform };
    const body = transform.response.body;
    assert.ok(body.type === 'ResponseMessage' && body.content.kind === 'PreCommand', 'CV 4 answered I0 without a PreCommand');
    const cv5 = rq.signedPreCommand(this.ctx(userName), { transform: req, gbcsPayload: body.content.gbcsPayload }, { commandVariant: signedAs });
    return { transform, final: await this.send(cv5) };
  }

  /** The asynchronous delivery for a RequestID, XSD-checked. */
  async outcome(requestId: string, timeoutMs = DELIVERY_TIMEOUT_MS): Promise<DuisResponse> {
    const d = await this.target.awaitDelivery(requestId, timeoutMs);
    this.emitted.push(d.body);
    return checkEmitted(d.body, `delivery for ${requestId}`);
  }

  /** Send (non-critical, or critical through CV 4/5) and insist on acceptance and a successful outcome. */
  async arrange(userName: string, req: rq.DuisRequest): Promise<DuisResponse | undefined> {
    const final = req.commandVariant === 4 ? (await this.sendCritical(userName, req)).final : await this.send(req);
    assert.ok(final.code === 'I0' || final.code === 'I99', `arranging ${req.srv} for ${userName}: ${final.code}`);
    // a non-device request is complete when acknowledged; a device request's outcome follows
    if (final.code !== 'I99' || table.isNonDevice(req.srv)) return undefined;
    const out = await this.outcome(req.requestId);
    assert.equal(out.header.responseCode, 'I0', `arranging ${req.srv}: outcome ${out.header.responseCode}`);
    return out;
  }

  async inventory(userName: string, deviceId: string): Promise<InventoryDevice | undefined> {
    const r = await this.send(rq.readInventory(this.ctx(userName), { deviceId }));
    if (r.code !== 'I0') return undefined;
    const body = r.response.body;
    assert.ok(body.type === 'ResponseMessage' && body.content.kind === 'DSPInventory');
    return body.content.devices.find((d) => d.deviceId === deviceId);
  }

  async statusOf(deviceId: string, userName = SUPPLIER_A): Promise<string | undefined> {
    return (await this.inventory(userName, deviceId))?.deviceStatus;
  }

  /** Deliveries not yet taken must be valid DUIS too; then close. */
  async close(): Promise<void> {
    await this.reference.whenIdle();
    for (const d of this.target.pending()) {
      this.emitted.push(d.body);
      checkEmitted(d.body, 'an untaken delivery');
    }
    assert.deepEqual(this.reference.asyncErrors.map((e) => e.message), [], 'asynchronous errors in the reference');
    await this.target.close();
  }
}

/** What a simulated device said, from the made-up payload of a device response. */
export function deviceSaid(r: DuisResponse): Record<string, string> | undefined {
  if (r.body.type !== 'ResponseMessage' || r.body.content.kind !== 'GBCSPayload') return undefined;
  return decodePayload(r.body.content.gbcsPayload);
}

// --- a premises ---------------------------------------------------------------------------------

export const ESME = '00-DB-5E-00-00-00-00-01';
export const GSME = '00-DB-5E-00-00-00-00-02';
export const IHD = '00-DB-5E-00-00-00-00-03';
export const MPAN = '1900000000014';
export const MPRN = '7300000008';

export interface Premises {
  chf: string;
  gpf: string;
}

export function prenotify(s: Scenario, user: string, deviceId: string, deviceType: rq.DeviceType): rq.DuisRequest {
  return rq.devicePrenotification(s.ctx(user), {
    deviceId,
    deviceType,
    manufacturer: 'AB01',
    model: '010A030B',
    smetsChtsVersion: 'SMETS V4.0',
    firmwareVersion: '0002012F',
    ...(deviceType === 'ESME' ? { esmeVariant: 'A' as const } : {}),
  });
}

export function addToHanLog(s: Scenario, user: string, hub: string, deviceId: string, importMPxN?: string): rq.DuisRequest {
  return rq.updateHanDeviceLog(s.ctx(user), {
    target: hub,
    deviceId,
    action: 'Add',
    whitelist: { joinTimePeriod: 600, installCode: '0123456789ABCDEF0123456789ABCDEF', ...(importMPxN ? { importMPxN } : {}) },
  });
}

export function installCh(s: Scenario, user: string, chfId: string): rq.DuisRequest {
  return rq.chfInstallSuccess(s.ctx(user), { chfId, mpxn: MPAN, aerialInstall: false, location: 'Outside Premises', installDateTime: T0 });
}

export function commission(s: Scenario, user: string, target: string): rq.DuisRequest {
  return rq.commissionDevice(s.ctx(user), { target, currentDateTime: T0, tolerancePeriod: 60 });
}

/**
 * Supplier A's installation as far as MP178's Background: CH installed with SM WAN, ESME
 * commissioned, IHD pre-notified and added to the CH device log (on the HAN, not joined).
 */
export async function installEsmeAndIhd(s: Scenario, user = SUPPLIER_A): Promise<Premises> {
  const ch = await s.reference.control.provisionCommsHub();
  await s.arrange(user, installCh(s, user, ch.chf));
  for (const [id, type] of [[ESME, 'ESME'], [IHD, 'IHD']] as const) await s.arrange(user, prenotify(s, user, id, type));
  await s.arrange(user, addToHanLog(s, user, ch.chf, ESME, MPAN));
  await s.arrange(user, commission(s, user, ESME));
  await s.arrange(user, addToHanLog(s, user, ch.chf, IHD));
  return ch;
}

/** Run `body` on a fresh Scenario of that baseline, closing it whatever happens. */
export async function withScenario(baseline: string, body: (s: Scenario) => Promise<void>, options: Partial<InProcessTargetOptions> = {}): Promise<void> {
  const s = new Scenario(baseline, options);
  try {
    await body(s);
  } finally {
    await s.close();
  }
}

/** Send, expect `code`, and that nothing at all changed in the reference. */
export async function expectRefused(s: Scenario, req: rq.DuisRequest, code: string): Promise<Exchange> {
  const before = s.reference.inspect.snapshot();
  const r = await s.send(req);
  assert.equal(r.code, code, s.log.at(-1));
  assert.deepEqual(s.reference.inspect.snapshot(), before, `a refused ${req.srv} changed the reference`);
  return r;
}
