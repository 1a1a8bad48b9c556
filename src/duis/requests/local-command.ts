// 8.13 Return Local Command Response: hands DCC a device's GBCS response to a command the User
// delivered locally (CV 2/3/6/7), so DCC can act on it.
import { sr } from '../xml.ts';
import { formatRequestId, parseRequestId, type RequestId } from '../header.ts';
import { buildRequest, type DuisRequest, type RequestContext, type RequestOptions } from './envelope.ts';
import { base64 } from './values.ts';

export interface ReturnLocalCommandResponseParams {
  /** RequestID of the request whose command was delivered locally. */
  originalRequestId?: RequestId | string;
  /** The device's GBCS response, as bytes or base64. */
  deviceGbcsResponse: Uint8Array | string;
}

export function returnLocalCommandResponse(ctx: RequestContext, p: ReturnLocalCommandResponseParams, options?: RequestOptions): DuisRequest {
  const original = p.originalRequestId === undefined ? undefined : typeof p.originalRequestId === 'string' ? parseRequestId(p.originalRequestId) : p.originalRequestId;
  const body = sr('ReturnLocalCommandResponse', [
    original && sr('OriginalRequestID', formatRequestId(original)),
    sr('DeviceGBCSResponse', base64(p.deviceGbcsResponse)),
  ]);
  return buildRequest(ctx, '8.13', undefined, body, options);
}
