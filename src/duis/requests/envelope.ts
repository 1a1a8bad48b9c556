// Wraps a request body in its Header and sr:Request for a given SRV: picks the command variant
// from the SRV table, the target (DCC access control broker for non-device requests), and the
// next OriginatorCounter. Every typed builder goes through `buildRequest`; `requestHeader` is
// there for requests built elsewhere (the CV 5 signed pre-command, say).
import type { Element } from 'xml-js';
import {
  DCC_ACCESS_CONTROL_BROKER,
  DEFAULT_SCHEMA_VERSION,
  eui64,
  formatRequestId,
  headerElement,
  parseRequestId,
  requestElement,
  type HeaderFields,
  type RequestId,
  type RequestIdCounter,
} from '../header.ts';
import type { SrvTable } from '../srv-table.ts';
import { toXml } from '../xml.ts';

/** Who sends, how counters are drawn, and which DUIS release's SRV table applies. */
export interface RequestContext {
  table: SrvTable;
  counter: RequestIdCounter;
  /** BusinessOriginatorID: the User ID (EUI-64) the requests come from. */
  originator: string;
  /** sr:Request@schemaVersion; default "5.1". */
  schemaVersion?: string;
}

/** Per-request choices every builder accepts. */
export interface RequestOptions {
  /** Must be one the SRV allows; default from the SRV table (non-device 8, critical 4, else 1). */
  commandVariant?: number;
  /** Reuse a RequestID (a CV 5 goes out with its CV 4's ID) instead of drawing a new counter. */
  requestId?: RequestId | string;
  firstInSequence?: boolean;
  precedingServiceRequestId?: RequestId | string;
}

/** A built, unsigned request. */
export interface DuisRequest {
  srv: string;
  serviceReference: string;
  commandVariant: number;
  /** RequestID as written in the Header. */
  requestId: string;
  id: RequestId;
  /** The sr:Request tree, for signing or deliberate mangling. */
  document: Element;
  /** Compact XML of `document`. */
  xml: string;
}

export class RequestBuildError extends Error {}

/** The Header for `srv` sent to `target` (omit it for non-device SRVs), with its RequestID. */
export function requestHeader(ctx: RequestContext, srv: string, target: string | undefined, options: RequestOptions = {}): { fields: HeaderFields; id: RequestId; element: Element } {
  const info = ctx.table.get(srv);
  const commandVariant = ctx.table.commandVariantFor(srv, options.commandVariant);
  let id: RequestId;
  if (options.requestId !== undefined) {
    id = typeof options.requestId === 'string' ? parseRequestId(options.requestId) : options.requestId;
  } else {
    const to = target ?? (info.nonDevice ? DCC_ACCESS_CONTROL_BROKER : undefined);
    if (to === undefined) throw new RequestBuildError(`SRV ${srv} (${info.title}) is a device request: it needs a target device`);
    id = ctx.counter.nextId(ctx.originator, eui64(to));
  }
  const fields: HeaderFields = {
    requestId: id,
    ...(options.firstInSequence !== undefined ? { firstInSequence: options.firstInSequence } : {}),
    ...(options.precedingServiceRequestId !== undefined ? { precedingServiceRequestId: options.precedingServiceRequestId } : {}),
    commandVariant,
    serviceReference: info.serviceReference,
    serviceReferenceVariant: srv,
  };
  return { fields, id, element: headerElement(fields) };
}

/** A whole request: Header for `srv` and `target`, then `body` as the Body's one child. */
export function buildRequest(ctx: RequestContext, srv: string, target: string | undefined, body: Element, options: RequestOptions = {}): DuisRequest {
  const { fields, id, element } = requestHeader(ctx, srv, target, options);
  const document = requestElement(element, body, ctx.schemaVersion ?? DEFAULT_SCHEMA_VERSION);
  return {
    srv,
    serviceReference: fields.serviceReference,
    commandVariant: fields.commandVariant,
    requestId: formatRequestId(id),
    id,
    document,
    xml: toXml(document),
  };
}
