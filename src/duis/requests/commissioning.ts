// 8.1.1 Commission Device: a critical request (CV 4 then 5) whose body synchronises the
// device clock; DCC marks the device Commissioned when it succeeds.
import { sr } from '../xml.ts';
import { buildRequest, type DuisRequest, type RequestContext, type RequestOptions } from './envelope.ts';
import { dateTime } from './values.ts';

export interface CommissionDeviceParams {
  /** The device to commission (BusinessTargetID). */
  target: string;
  currentDateTime: Date | string;
  /** Seconds, 0..86400: how far the device clock may be from currentDateTime. */
  tolerancePeriod: number;
}

export function commissionDevice(ctx: RequestContext, p: CommissionDeviceParams, options?: RequestOptions): DuisRequest {
  const body = sr('CommissionDeviceSynchroniseClock', [sr('CurrentDateTime', dateTime(p.currentDateTime)), sr('TolerancePeriod', p.tolerancePeriod)]);
  return buildRequest(ctx, '8.1.1', p.target, body, options);
}
