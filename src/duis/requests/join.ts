// 8.7 Join Service and 8.8 Unjoin Service, critical (x.1) and non-critical (x.2). Sent to one
// device (target) naming the other (OtherDeviceID); the body shape is the same for all four.
import { sr } from '../xml.ts';
import { buildRequest, type DuisRequest, type RequestContext, type RequestOptions } from './envelope.ts';
import { euiElement } from './values.ts';

export interface JoinParams {
  /** The device the command goes to (e.g. the ESME or GSME). */
  target: string;
  /** The device to join to it or unjoin from it (e.g. the IHD, PPMID or CAD). */
  otherDeviceId: string;
}

const SRVS = {
  JoinServiceCritical: '8.7.1',
  JoinServiceNonCritical: '8.7.2',
  UnjoinServiceCritical: '8.8.1',
  UnjoinServiceNonCritical: '8.8.2',
} as const;

function joinOrUnjoin(element: keyof typeof SRVS, ctx: RequestContext, p: JoinParams, options?: RequestOptions): DuisRequest {
  return buildRequest(ctx, SRVS[element], p.target, sr(element, euiElement('OtherDeviceID', p.otherDeviceId)), options);
}

export const joinServiceCritical = (ctx: RequestContext, p: JoinParams, options?: RequestOptions): DuisRequest =>
  joinOrUnjoin('JoinServiceCritical', ctx, p, options);
export const joinServiceNonCritical = (ctx: RequestContext, p: JoinParams, options?: RequestOptions): DuisRequest =>
  joinOrUnjoin('JoinServiceNonCritical', ctx, p, options);
export const unjoinServiceCritical = (ctx: RequestContext, p: JoinParams, options?: RequestOptions): DuisRequest =>
  joinOrUnjoin('UnjoinServiceCritical', ctx, p, options);
export const unjoinServiceNonCritical = (ctx: RequestContext, p: JoinParams, options?: RequestOptions): DuisRequest =>
  joinOrUnjoin('UnjoinServiceNonCritical', ctx, p, options);
