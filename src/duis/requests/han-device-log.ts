// 8.11 Update HAN Device Log: sent to a CHF (or GPF) to add a device to its log, which
// whitelists it for joining, or to remove one.
import { sr } from '../xml.ts';
import { buildRequest, type DuisRequest, type RequestContext, type RequestOptions } from './envelope.ts';
import { dateTime, euiElement, hex, opt } from './values.ts';

/** What the CHF needs to let the device join its HAN. */
export interface ChfWhitelistEntry {
  /** Seconds, 1..3600, the join window stays open. */
  joinTimePeriod: number;
  /** The device's install code: 6-16 bytes, as bytes or hex text. */
  installCode: Uint8Array | string;
  importMPxN?: string;
  secondaryImportMPAN?: string;
  exportMPAN?: string;
}

interface HanLogCommon {
  /** The CHF or GPF whose device log changes (BusinessTargetID). */
  target: string;
  /** The device added or removed. */
  deviceId: string;
  /** Future-dated execution. */
  executionDateTime?: Date | string;
}

export type UpdateHanDeviceLogParams =
  | (HanLogCommon & { action: 'Add'; whitelist?: ChfWhitelistEntry })
  | (HanLogCommon & { action: 'Remove' });

export function updateHanDeviceLog(ctx: RequestContext, p: UpdateHanDeviceLogParams, options?: RequestOptions): DuisRequest {
  const w = p.action === 'Add' ? p.whitelist : undefined;
  const body = sr('UpdateHANDeviceLog', [
    opt('ExecutionDateTime', p.executionDateTime, dateTime),
    euiElement('DeviceID', p.deviceId),
    sr('RequestType', p.action),
    w &&
      sr('AddDeviceToCHFWhitelist', [
        sr('JoinTimePeriod', w.joinTimePeriod),
        sr('InstallCode', hex(w.installCode)),
        opt('ImportMPxN', w.importMPxN),
        opt('SecondaryImportMPAN', w.secondaryImportMPAN),
        opt('ExportMPAN', w.exportMPAN),
      ]),
  ]);
  return buildRequest(ctx, '8.11', p.target, body, options);
}
