// Synchronous replies as DUIS Responses on the wire: the XML from src/duis/response-builders.ts,
// the HTTP status from the assumptions. Unsigned: signing, when wanted, wraps the reference.
import { buildErrorResponse, buildResponseMessage } from '../../src/duis/response-builders.ts';
import type { ResponseCode, ResponseContent } from '../../src/duis/responses.ts';
import type { WireReply } from '../../src/targets/target.ts';
import type { Clock } from '../clock.ts';
import type { Assumptions } from './assumptions.ts';

/** What the reply can echo of the request; any of it may be unknown. */
export interface ReplyTo {
  requestId?: string;
  serviceReference?: string;
  serviceReferenceVariant?: string;
  schemaVersion?: string;
}

export const XML_CONTENT_TYPE = 'application/xml';

export class Replies {
  constructor(
    private readonly a: Assumptions,
    private readonly now: Clock,
  ) {}

  /** schemaVersion for a response: the request's when echoing and it is a decimal, else the builders' default. */
  schemaVersion(requested: string | undefined): { schemaVersion?: string } {
    if (!this.a.echoSchemaVersion || requested === undefined) return {};
    const v = requested.trim();
    return /^[0-9]+(\.[0-9]+)?$/.test(v) ? { schemaVersion: v } : {};
  }

  private envelope(to: ReplyTo) {
    const service =
      to.serviceReference !== undefined && to.serviceReferenceVariant !== undefined
        ? { serviceReference: to.serviceReference, serviceReferenceVariant: to.serviceReferenceVariant }
        : this.a.unreadableService;
    return {
      ...(to.requestId !== undefined ? { requestId: to.requestId } : {}),
      responseDateTime: this.now(),
      ...this.schemaVersion(to.schemaVersion),
      ...service,
    };
  }

  /** An error response; `unreadable` when the request itself could not be read. */
  error(code: ResponseCode, to: ReplyTo, unreadable = false): WireReply {
    const body = buildErrorResponse({ ...this.envelope(to), responseCode: code });
    return { status: unreadable ? this.a.http.unreadable : this.a.http.error, contentType: XML_CONTENT_TYPE, body };
  }

  success(code: ResponseCode, to: ReplyTo, content?: ResponseContent): WireReply {
    const body = buildResponseMessage({ ...this.envelope(to), responseCode: code, ...(content ? { content } : {}) });
    return { status: this.a.http.ok, contentType: XML_CONTENT_TYPE, body };
  }
}
