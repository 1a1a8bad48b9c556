// Records the Service Audit Trail from what crosses the interface, in two places only: the
// pipeline hands it every request whose Header could be read together with the synchronous reply,
// and the outbox every asynchronous message as it leaves. No handler records anything.
//
// What each entry keeps is the Header-level view (SRV and its title, RequestID, User, devices,
// response or alert code); the XML itself, payloads included, is never stored.
import { DCC_ACCESS_CONTROL_BROKER, eui64, isEui64 } from '../../src/duis/header.ts';
import type { RequestView } from '../../src/duis/request-reader.ts';
import { parseResponse, type DuisResponse } from '../../src/duis/responses.ts';
import type { SrvTable } from '../../src/duis/srv-table.ts';
import type { XmlView } from '../../src/duis/xml.ts';
import type { WireReply } from '../../src/targets/target.ts';
import type { UserDirectory } from '../../src/users.ts';
import type { Clock } from '../clock.ts';
import type { AuditKind, AuditTrail } from '../smi/audit-trail.ts';
import type { DspDefects } from './defects.ts';

export interface AuditRecorderDeps {
  trail: AuditTrail;
  table: SrvTable;
  users: UserDirectory;
  now: Clock;
  log: (line: string) => void;
  /** Self-test defects (dsp/defects.ts); default none. */
  defects?: Pick<DspDefects, 'auditTrailKeepsPayload'>;
}

export class AuditRecorder {
  constructor(private readonly d: AuditRecorderDeps) {}

  /**
   * A request from a known User and the DCC's synchronous answer, refusals included (a refused
   * request was still sent, and its error Response still received). A request from an unknown
   * originator belongs to no User's record and is left out.
   */
  exchange(view: RequestView, reply: WireReply): void {
    this.guard('request', () => {
      const h = view.header;
      const user = this.d.users.byUserId(h.requestId.originator);
      const srv = h.serviceReferenceVariant;
      if (!user || !this.d.table.has(srv)) return;
      const requestId = h.requestId.raw;
      const signed = h.commandVariant === 5;
      // a CV 5 carries only the signed pre-command: its devices are those its CV 4 named
      const devices = (signed ? this.d.trail.firstFor(requestId)?.devices : undefined) ?? devicesNamed(view);
      const at = this.d.now().toISOString();
      const common = { at, srv, title: this.d.table.title(srv), requestId, userId: user.id, devices };
      // self-test defect: the request's payload text kept in its title, where the SSI shows it
      const title = this.d.defects?.auditTrailKeepsPayload ? `${common.title} ${payloadText(view.body)}` : common.title;
      this.d.trail.add({ ...common, title, kind: signed ? 'Signed Pre-Command' : 'Service Request' });
      const response = parseResponse(reply.body);
      this.d.trail.add({ ...common, kind: replyKind(response, this.d.table.isNonDevice(srv)), responseCode: response.header.responseCode });
    });
  }

  /** A device response, DCC response or alert on its way to the User. */
  delivery(xml: string): void {
    this.guard('delivery', () => {
      const r = parseResponse(xml);
      const requestId = r.header.requestId ?? alertedRequestId(r);
      const request = requestId !== undefined ? this.d.trail.firstFor(requestId) : undefined;
      const srv = r.body.type === 'ResponseMessage' ? r.body.serviceReferenceVariant : request?.srv;
      // the User it goes to: the one that sent the request, else the ResponseID's target part
      const userId = request?.userId ?? r.header.responseId?.split(':')[1];
      if (srv === undefined || userId === undefined || !this.d.table.has(srv)) {
        this.d.log(`audit trail: cannot place a delivery (RequestID ${requestId ?? 'none'}) in any User's record`);
        return;
      }
      const alert = r.body.type === 'DCCAlertMessage' ? r.body.dccAlertCode : r.body.type === 'DeviceAlertMessage' ? r.body.alertCode : undefined;
      this.d.trail.add({
        at: this.d.now().toISOString(),
        kind: alert !== undefined ? 'Alert' : 'Service Response',
        srv,
        title: this.d.table.title(srv),
        ...(requestId !== undefined ? { requestId } : {}),
        userId: eui64(userId),
        devices: request?.devices ?? alertedDevices(r),
        responseCode: alert ?? r.header.responseCode,
      });
    });
  }

  /** The trail must never cost a User its answer: a recording failure is logged, not thrown. */
  private guard(what: string, f: () => void): void {
    try {
      f();
    } catch (e) {
      this.d.log(`audit trail: could not record a ${what}: ${(e as Error)?.message ?? String(e)}`);
    }
  }
}

/** I99 acknowledges a device request; to a non-device request it is the whole (data-less) response. */
function replyKind(r: DuisResponse, nonDevice: boolean): AuditKind {
  if (r.header.responseCode === 'I99' && !nonDevice) return 'Acknowledgement';
  if (r.body.type === 'ResponseMessage' && r.body.content.kind === 'PreCommand') return 'Pre-Command';
  return 'Service Response';
}

/**
 * The devices a request concerns: its BusinessTargetID (unless the access control broker) and
 * every EUI-64 in a body element whose name ends in DeviceID (DeviceID, OtherDeviceID,
 * AssociatedGPFDeviceID, ...). Generic, so a new SRV needs nothing here.
 */
export function devicesNamed(view: RequestView): string[] {
  const out = new Set<string>();
  const target = view.header.requestId.target;
  if (isEui64(target) && eui64(target) !== DCC_ACCESS_CONTROL_BROKER) out.add(eui64(target));
  const walk = (v: XmlView): void => {
    if (v.local.endsWith('DeviceID') && isEui64(v.text)) out.add(eui64(v.text));
    for (const c of v.children) walk(c);
  };
  walk(view.body);
  return [...out].sort();
}

/** A DCC alert without a Header RequestID may still name the request it reports on. */
function alertedRequestId(r: DuisResponse): string | undefined {
  if (r.body.type !== 'DCCAlertMessage') return undefined;
  const a = r.body.alert;
  if (a.kind === 'UpdateHANDeviceLogResult') return a.updateHanDeviceLogServiceRequestId;
  if (a.kind === 'CommandFailure') return a.commandRequestId;
  return undefined;
}

function alertedDevices(r: DuisResponse): string[] {
  if (r.body.type !== 'DCCAlertMessage') return [];
  const a = r.body.alert;
  if (a.kind === 'CommandFailure' && isEui64(a.deviceId)) return [eui64(a.deviceId)];
  if (a.kind === 'PowerOutageEvent' && isEui64(a.commsHubDeviceId)) return [eui64(a.commsHubDeviceId)];
  return [];
}

/** Every text node of a request body, for the self-test defect auditTrailKeepsPayload only. */
function payloadText(view: XmlView): string {
  return [view.text.trim(), ...view.children.map(payloadText)].filter((t) => t !== '').join(' ');
}
