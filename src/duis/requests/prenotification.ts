// 12.2 Device Pre-notification: tells DCC a device is coming, so it enters the inventory as Pending.
import { sr } from '../xml.ts';
import { buildRequest, type DuisRequest, type RequestContext, type RequestOptions } from './envelope.ts';
import { euiElement, opt } from './values.ts';

export type DeviceType = 'ESME' | 'GSME' | 'GPF' | 'CHF' | 'HCALCS' | 'PPMID' | 'IHD' | 'CAD';

export type EsmeVariant =
  | 'A' | 'B' | 'C' | 'AD' | 'BD' | 'CD' | 'ADE' | 'BDE' | 'CDE' | 'ADF' | 'BDF' | 'CDF' | 'ADEF'
  | 'BDEF' | 'CDEF' | 'ADG' | 'ADEG' | 'AF' | 'BF' | 'CF' | 'AEF' | 'BEF' | 'CEF' | 'AG' | 'AEG';

export interface DevicePrenotificationParams {
  deviceId: string;
  /** Up to 30 characters; RTDS uses the 4-hex-digit manufacturer code ("AB01"). */
  manufacturer: string;
  /** Up to 30 characters; RTDS uses the hex model code ("010A030B"). */
  model: string;
  deviceType: DeviceType;
  smetsChtsVersion?: string;
  firmwareVersion?: string;
  /** ESMEs only. */
  esmeVariant?: EsmeVariant;
  /** For a GSME: the GPF it will be associated with. */
  associatedGpfDeviceId?: string;
}

export function devicePrenotification(ctx: RequestContext, p: DevicePrenotificationParams, options?: RequestOptions): DuisRequest {
  const body = sr('DevicePrenotification', [
    euiElement('DeviceID', p.deviceId),
    sr('DeviceManufacturer', p.manufacturer),
    sr('DeviceModel', p.model),
    sr('DeviceType', p.deviceType),
    opt('SMETSCHTSVersion', p.smetsChtsVersion),
    opt('FirmwareVersion', p.firmwareVersion),
    opt('ESMEVariant', p.esmeVariant),
    p.associatedGpfDeviceId !== undefined && euiElement('AssociatedGPFDeviceID', p.associatedGpfDeviceId),
  ]);
  return buildRequest(ctx, '12.2', undefined, body, options);
}
