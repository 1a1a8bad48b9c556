// The DSP's request pipeline. Checks run in this order and the first failure answers with its
// code, leaving the SMI untouched (nothing is written until every check has passed, and what a
// handler writes is rolled back if it refuses):
//   body size -> XSD (well-formed, schema-valid) -> request reading -> path matches the command
//   variant -> originator is a known User -> signed by that User (XMLDSig; rules.checkRequestSignatures)
//   -> OriginatorCounter above the last accepted (a CV 5
//   may reuse its CV 4's, once) -> SRV implemented (and header/body agree with it) -> command
//   variant allowed -> User holds an eligible role -> BusinessTargetID (broker for non-device;
//   a known device the User may act on) -> the Service Request's own checks.
// Accepted: non-device requests complete here; device requests answer CV 4 with a pre-command,
// CV 1 / CV 5 with I99 and the device's answer follows through the outbox; CV 2 / CV 6 with I0
// and the command for local delivery, whose response may come back through 8.13; CV 3 / CV 7
// with both (the command for local delivery, then the device's WAN answer).
import { DCC_ACCESS_CONTROL_BROKER, eui64 } from '../../src/duis/header.ts';
import { DuisRequestReadError, readRequest, type RequestView } from '../../src/duis/request-reader.ts';
import { buildDccAlert, buildDeviceResponse, buildErrorResponse } from '../../src/duis/response-builders.ts';
import type { SrvTable } from '../../src/duis/srv-table.ts';
import { child, readXml } from '../../src/duis/xml.ts';
import { servicePathFor, type ServicePath, type WireReply } from '../../src/targets/target.ts';
import type { DuisSigning, DuisSignatureProblem } from '../../src/sign/duis-signing.ts';
import type { DuisValidator } from '../../src/validation/validator.ts';
import { encodeDeviceResponse, encodeLocalCommand, encodePayload } from '../devices/payload.ts';
import type { DeviceOutcome } from '../devices/simulated-devices.ts';
import type { OriginatorCounters, Sequences } from '../smi/counters.ts';
import type { Db } from '../smi/database.ts';
import type { PreCommands } from '../smi/pre-commands.ts';
import type { AuditRecorder } from './audit-recorder.ts';
import { mustBeResponsibleSupplier } from './authority.ts';
import type { AcceptedRequest, DeviceHandler, DspContext, NonDeviceHandler, Refusal } from './handler.ts';
import { isRefusal, refuse } from './handler.ts';
import { HANDLERS } from './handlers/index.ts';
import type { Assumptions } from './assumptions.ts';
import type { ResponseCode } from '../../src/duis/responses.ts';
import type { Outbox } from './outbox.ts';
import { Replies, type ReplyTo } from './replies.ts';

const SERVICE_PATHS: readonly ServicePath[] = ['serviceD', 'serviceS', 'serviceT'];
/** Returned to the User for local delivery only (CV 2 non-critical, CV 6 signed pre-command). */
const LOCAL_DELIVERY_CVS = new Set([2, 6]);
/** Sent over the WAN and returned for local delivery too (CV 3 non-critical, CV 7 signed pre-command). */
const WAN_AND_LOCAL_CVS = new Set([3, 7]);
/** CVs that carry a SignedPreCommand completing a CV 4. */
const SIGNED_PRE_COMMAND_CVS = new Set([5, 6, 7]);

export interface PipelineDeps {
  db: Db;
  ctx: DspContext;
  validator: DuisValidator;
  table: SrvTable;
  counters: OriginatorCounters;
  preCommands: PreCommands;
  sequences: Sequences;
  outbox: Outbox;
  /** Checks request signatures against the Users' certificates. */
  signing: DuisSigning;
  /** Records the Service Audit Trail; without it nothing is recorded. */
  audit?: AuditRecorder;
  log: (line: string) => void;
}

/** Thrown inside a transaction to roll it back with a refusal. */
class Rollback extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.reason);
  }
}

/** 'serviceD' and '/api/v1/serviceD' alike; undefined for anything else. */
export function servicePathOf(path: string): ServicePath | undefined {
  const last = path.trim().replace(/\/+$/, '').split('/').pop() ?? '';
  return (SERVICE_PATHS as readonly string[]).includes(last) ? (last as ServicePath) : undefined;
}

function signatureRefusalCode(c: Assumptions['codes'], problem: DuisSignatureProblem): ResponseCode {
  switch (problem) {
    case 'missing':
      return c.signatureMissing;
    case 'unknown-certificate':
      return c.signerUnknown;
    case 'not-originator':
    case 'not-dcc':
      return c.signerNotOriginator;
    default:
      return c.signatureInvalid;
  }
}

export class DspPipeline {
  private readonly replies: Replies;

  constructor(private readonly d: PipelineDeps) {
    this.replies = new Replies(d.ctx.assumptions, d.ctx.now);
  }

  private get codes() {
    return this.d.ctx.assumptions.codes;
  }

  async handle(path: string, body: string | Buffer): Promise<WireReply> {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;

    // 1-2. size and schema, before anything reads the document
    const verdict = this.d.validator.validate(bytes);
    if (!verdict.valid) {
      const kind = verdict.errors[0]?.kind;
      const code = kind === 'size' ? this.codes.bodyTooLarge : kind === 'schema' ? this.codes.schemaInvalid : this.codes.notWellFormed;
      // a schema-invalid document is well-formed and DTD-free: its Header may still say who asked
      const to = kind === 'schema' ? this.salvageHeader(bytes.toString('utf8')) : {};
      this.d.log(`refused ${code}: ${kind}: ${verdict.errors[0]?.message ?? ''}`);
      return this.replies.error(code, to, true);
    }
    const xml = bytes.toString('utf8');

    // 3. reading
    let view: RequestView;
    try {
      view = readRequest(xml);
    } catch (e) {
      if (!(e instanceof DuisRequestReadError)) throw e;
      this.d.log(`refused ${this.codes.unreadableRequest}: ${e.message}`);
      return this.replies.error(this.codes.unreadableRequest, {}, true);
    }
    const h = view.header;
    const to: ReplyTo = {
      requestId: h.requestId.raw,
      serviceReference: h.serviceReference,
      serviceReferenceVariant: h.serviceReferenceVariant,
      schemaVersion: view.schemaVersion,
    };
    const refused = (r: Refusal): WireReply => {
      this.d.log(`refused ${r.code} ${h.serviceReferenceVariant} ${h.requestId.raw}: ${r.reason}`);
      return this.replies.error(r.code, this.knownService(to));
    };

    let reply: WireReply;
    try {
      const result = this.process(path, xml, view);
      reply = isRefusal(result) ? refused(result) : result;
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
      reply = refused(e.refusal);
    }
    // the one place requests and their synchronous answers enter the Service Audit Trail
    this.d.audit?.exchange(view, reply);
    return reply;
  }

  /** The generic checks, then the handler. A Refusal, or the reply to send. */
  private process(path: string, xml: string, view: RequestView): Refusal | WireReply {
    const c = this.codes;
    const h = view.header;
    const cv = h.commandVariant;
    const srvId = h.serviceReferenceVariant;

    // 4. path
    const servicePath = servicePathOf(path);
    if (servicePath === undefined) return refuse(c.wrongPath, `"${path}" is not serviceD, serviceS or serviceT`);
    if (servicePathFor(cv) !== servicePath) return refuse(c.wrongPath, `CommandVariant ${cv} belongs on ${servicePathFor(cv)}, not ${servicePath}`);

    // 5. User
    const originator = h.requestId.originator;
    const user = this.d.ctx.users.byUserId(originator);
    if (!user) return refuse(c.unknownUser, `${originator} is not a known DCC User`);

    // 5b. signature: once the claimed originator is known, the request must be signed with one of
    // its certificates; nothing after this trusts an unsigned or forged request
    if (this.d.ctx.rules.checkRequestSignatures) {
      const sig = this.d.signing.checkRequest(xml, originator);
      if (!sig.ok) return refuse(signatureRefusalCode(c, sig.problem), `signature: ${sig.reason}`);
    }

    // 6. OriginatorCounter
    const requestKey = h.requestId.raw.toUpperCase();
    const last = this.d.counters.last(originator);
    const counter = h.requestId.counter;
    const pending = SIGNED_PRE_COMMAND_CVS.has(cv) ? this.d.preCommands.get(requestKey) : undefined;
    // a CV 5 (or 6) reuses its CV 4's RequestID, whatever the User sent in between; taking the
    // pre-command on acceptance makes that good once
    const counterOk = pending !== undefined || last === undefined || counter > last;
    if (!counterOk) return refuse(c.counterNotIncreasing, `OriginatorCounter ${counter} is not above ${last} from ${originator}`);

    // 7. SRV in scope
    const handler = HANDLERS.get(srvId);
    if (!this.d.table.has(srvId) || !handler) return refuse(c.srvNotSupported, `SRV ${srvId} is not implemented by the reference`);
    const srv = this.d.table.get(srvId);
    if (srv.serviceReference !== h.serviceReference) {
      return refuse(c.srvBodyMismatch, `ServiceReference ${h.serviceReference} does not go with SRV ${srvId} (${srv.serviceReference})`);
    }

    // 8. command variant
    if (!srv.commandVariants.includes(cv)) return refuse(c.commandVariantNotAllowed, `CommandVariant ${cv} is not allowed for SRV ${srvId}`);
    if ((LOCAL_DELIVERY_CVS.has(cv) || WAN_AND_LOCAL_CVS.has(cv)) && handler.kind !== 'device') return refuse(c.localDeliveryNotSupported, `SRV ${srvId} has no device command to deliver locally`);
    let body = view.body;
    let bodyName = view.bodyName;
    // the request whose body is carried out: for a CV 5 / CV 6, its CV 4
    let operativeXml = xml;
    if (SIGNED_PRE_COMMAND_CVS.has(cv)) {
      if (bodyName !== 'SignedPreCommand') return refuse(c.srvBodyMismatch, `a CV ${cv} carries SignedPreCommand, not ${bodyName}`);
      if (!pending || pending.srv !== srvId) return refuse(c.signedPreCommandWithoutTransform, `no CV 4 pre-command outstanding for ${h.requestId.raw} (${srvId})`);
      const original = readRequest(pending.requestXml);
      body = original.body;
      bodyName = original.bodyName;
      operativeXml = pending.requestXml;
    } else if (handler.bodies[srvId] !== bodyName) {
      return refuse(c.srvBodyMismatch, `SRV ${srvId} carries ${handler.bodies[srvId]}, not ${bodyName}`);
    }

    // 9. role
    if (!this.d.ctx.defects.skipRoleCheck && !user.roles.some((r) => (srv.eligibleRoles as string[]).includes(r))) {
      return refuse(c.roleNotEligible, `${user.name} holds ${user.roles.join(', ')}; SRV ${srvId} is for ${srv.eligibleRoles.join(', ')}`);
    }

    const req: AcceptedRequest = {
      view,
      user,
      srv,
      requestId: h.requestId.raw,
      target: eui64(h.requestId.target),
      commandVariant: cv,
      body,
      bodyName,
    };
    const accept = () => this.d.counters.accept(originator, counter);

    // 10. target, then the Service Request itself
    if (handler.kind === 'non-device') {
      if (req.target !== DCC_ACCESS_CONTROL_BROKER) return refuse(c.wrongBusinessTarget, `a non-device request goes to ${DCC_ACCESS_CONTROL_BROKER}, not ${req.target}`);
      return this.runNonDevice(handler, req, accept);
    }
    return this.runDevice(handler, req, operativeXml, requestKey, accept);
  }

  private runNonDevice(handler: NonDeviceHandler, req: AcceptedRequest, accept: () => void): WireReply {
    const outcome = this.d.db.transaction(() => {
      const r = handler.run(this.d.ctx, req);
      if (isRefusal(r)) throw new Rollback(r);
      accept();
      return r;
    })();
    return this.replies.success(outcome.code ?? this.codes.nonDeviceSuccess, this.replyTo(req), outcome.content);
  }

  private runDevice(handler: DeviceHandler, req: AcceptedRequest, xml: string, requestKey: string, accept: () => void): Refusal | WireReply {
    const c = this.codes;
    const ctx = this.d.ctx;
    const device = ctx.smi.get(req.target);
    if (!device) return refuse(c.unknownDevice, `device ${req.target} is not in the SMI`);
    const denied = handler.authorise ? handler.authorise(ctx, req, device) : mustBeResponsibleSupplier(ctx.assumptions, req.user, device);
    if (denied) return denied;
    const problem = handler.check(ctx, req, device);
    if (problem) return problem;

    if (req.commandVariant === 4) {
      const gbcsPayload = encodePayload({ kind: 'pre-command', srv: req.srv.srv, target: req.target, request: req.requestId });
      this.d.db.transaction(() => {
        accept();
        this.d.preCommands.store({ requestId: requestKey, originator: req.user.id, target: req.target, srv: req.srv.srv, requestXml: xml, gbcsPayload });
      })();
      return this.replies.success('I0', this.replyTo(req), { kind: 'PreCommand', gbcsVersion: ctx.assumptions.preCommandGbcsVersion, gbcsPayload });
    }
    const local = LOCAL_DELIVERY_CVS.has(req.commandVariant) || WAN_AND_LOCAL_CVS.has(req.commandVariant);
    const wan = !LOCAL_DELIVERY_CVS.has(req.commandVariant);
    this.d.db.transaction(() => {
      accept();
      if (SIGNED_PRE_COMMAND_CVS.has(req.commandVariant)) this.d.preCommands.take(requestKey);
      // kept so that the device's response, returned with 8.13 after local delivery, can be processed
      if (local) this.d.ctx.localCommands.store({ requestId: req.requestId, originator: req.user.id, target: req.target, srv: req.srv.srv, commandVariant: req.commandVariant, requestXml: xml });
    })();
    if (wan) this.dispatch(handler, req);
    if (!local) return this.replies.success('I99', this.replyTo(req));
    // CV 2 / 6: the User gets the command to deliver on site; CV 3 / 7: that too, and the device's WAN answer follows
    const gbcsPayload = encodeLocalCommand({ srv: req.srv.srv, target: req.target, request: req.requestId, command: handler.command(req, this.d.ctx) });
    const code = wan ? this.codes.wanAndLocalAccepted : 'I0';
    return this.replies.success(code, this.replyTo(req), { kind: 'LocalCommand', gbcsPayload });
  }

  /** The command goes to the device; its answer (or the lack of one) reaches the User later. */
  private dispatch(handler: DeviceHandler, req: AcceptedRequest): void {
    const { outbox } = this.d;
    const a = this.d.ctx.assumptions;
    outbox.schedule(a.timings.deviceResponseMs, async () => {
      const outcome = this.d.ctx.devices.execute(handler.command(req, this.d.ctx));
      if (!outcome.reachesDsp) {
        outbox.schedule(a.timings.noResponseTimeoutMs, () => outbox.send(this.noResponse(req)));
        return;
      }
      if (outcome.applied) this.d.db.transaction(() => handler.onApplied(this.d.ctx, req, outcome))();
      await outbox.send(this.deviceAnswer(handler, req, outcome));
    });
  }

  // --- asynchronous messages -------------------------------------------------------------------

  private asyncEnvelope(req: AcceptedRequest, from: string) {
    const a = this.d.ctx.assumptions;
    const seq = this.d.sequences.next('response-id');
    return {
      ...(a.asyncCarriesRequestId ? { requestId: req.requestId } : {}),
      responseId: `${from}:${req.user.id}:${seq}`,
      responseDateTime: this.d.ctx.now(),
      ...this.replies.schemaVersion(req.view.schemaVersion),
    };
  }

  private service(req: AcceptedRequest) {
    return { serviceReference: req.srv.serviceReference, serviceReferenceVariant: req.srv.srv };
  }

  private deviceAnswer(handler: DeviceHandler, req: AcceptedRequest, outcome: DeviceOutcome): string {
    const a = this.d.ctx.assumptions;
    if (outcome.applied && handler.successReport === 'han-device-log-alert') {
      return buildDccAlert({
        ...this.asyncEnvelope(req, DCC_ACCESS_CONTROL_BROKER),
        dccAlertCode: a.hanDeviceLogAlertCode,
        alert: { kind: 'UpdateHANDeviceLogResult', updateHanDeviceLogServiceRequestId: req.requestId },
      });
    }
    const gbcsPayload = encodeDeviceResponse({ srv: req.srv.srv, device: req.target, request: req.requestId }, outcome);
    const responseCode = outcome.applied ? 'I0' : (a.deviceRejected[req.srv.serviceReference] ?? a.deviceRejected.default);
    return buildDeviceResponse({ ...this.asyncEnvelope(req, req.target), ...this.service(req), gbcsPayload, responseCode });
  }

  private noResponse(req: AcceptedRequest): string {
    return buildErrorResponse({ ...this.asyncEnvelope(req, DCC_ACCESS_CONTROL_BROKER), ...this.service(req), responseCode: this.codes.noDeviceResponse });
  }

  // --- echoing the request ---------------------------------------------------------------------

  private replyTo(req: AcceptedRequest): ReplyTo {
    return { requestId: req.requestId, ...this.service(req), schemaVersion: req.view.schemaVersion };
  }

  /** The reply's ServiceReference(Variant) only when the XSD would accept them. */
  private knownService(to: ReplyTo): ReplyTo {
    const srv = to.serviceReferenceVariant;
    if (srv !== undefined && this.d.table.has(srv) && this.d.table.serviceReference(srv) === to.serviceReference) return to;
    const { serviceReference: _r, serviceReferenceVariant: _v, ...rest } = to;
    return rest;
  }

  /** RequestID, SRV and schemaVersion from a well-formed but schema-invalid request, where they are themselves valid. */
  private salvageHeader(xml: string): ReplyTo {
    try {
      const root = readXml(xml);
      const h = child(root, 'Header');
      const out: ReplyTo = {};
      const rid = child(h, 'RequestID')?.text.trim();
      if (rid !== undefined && /^([0-9A-Fa-f]{2}-){7}[0-9A-Fa-f]{2}:([0-9A-Fa-f]{2}-){7}[0-9A-Fa-f]{2}:(0|[1-9][0-9]{0,19})$/.test(rid)) {
        if (BigInt(rid.split(':')[2]!) < 2n ** 64n) out.requestId = rid;
      }
      const srv = child(h, 'ServiceReferenceVariant')?.text.trim();
      const ref = child(h, 'ServiceReference')?.text.trim();
      if (srv !== undefined && ref !== undefined) {
        out.serviceReference = ref;
        out.serviceReferenceVariant = srv;
      }
      const sv = root.attrs['schemaVersion'];
      if (sv !== undefined) out.schemaVersion = sv;
      return this.knownService(out);
    } catch {
      return {};
    }
  }
}
