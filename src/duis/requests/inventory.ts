// Smart Metering Inventory requests: 8.2 Read Inventory, 8.3 Decommission Device, 8.4 Update
// Inventory. All non-device: they go to the DCC access control broker.
import type { Element } from 'xml-js';
import { sr } from '../xml.ts';
import { buildRequest, type DuisRequest, type RequestContext, type RequestOptions } from './envelope.ts';
import type { EsmeVariant } from './prenotification.ts';
import { euiElement, opt } from './values.ts';

/** 8.2's four ways to pick inventory entries (the XSD's ReadInventory choice). */
export type ReadInventoryParams =
  | { uprn: number | bigint | string }
  | { deviceId: string }
  | { mpxn: string }
  | { propertyFilter: { postCode: string; addressIdentifier: string } };

export function readInventory(ctx: RequestContext, p: ReadInventoryParams, options?: RequestOptions): DuisRequest {
  let choice: Element;
  if ('uprn' in p) choice = sr('UPRN', String(p.uprn));
  else if ('deviceId' in p) choice = euiElement('DeviceID', p.deviceId);
  else if ('mpxn' in p) choice = sr('MPxN', p.mpxn);
  else choice = sr('PropertyFilter', [sr('PostCode', p.propertyFilter.postCode), sr('AddressIdentifier', p.propertyFilter.addressIdentifier)]);
  return buildRequest(ctx, '8.2', undefined, sr('ReadInventory', choice), options);
}

export function decommissionDevice(ctx: RequestContext, p: { deviceId: string }, options?: RequestOptions): DuisRequest {
  return buildRequest(ctx, '8.3', undefined, sr('DecommissionDevice', euiElement('DeviceID', p.deviceId)), options);
}

/** Details 8.4 may correct; only the ones given are written. */
export interface DeviceDetailsUpdate {
  manufacturer?: string;
  model?: string;
  smetsChtsVersion?: string;
  firmwareVersion?: string;
  esmeVariant?: EsmeVariant;
}

/** One MPxN to set: import MPxN, or (13-digit) secondary import or export MPAN. */
export type MpxnUpdate = { importMPxN: string } | { secondaryImportMPAN: string } | { exportMPAN: string };

/**
 * The XSD's UpdateInventory choice. The V5.1 XSD has a single SRV 8.4 for all of them (no
 * 8.4.x variants): which update it is shows only in the body.
 */
export type InventoryUpdate =
  | { deviceStatusExceptCH: 'Pending' | 'InstalledNotCommissioned' }
  | { deviceStatusCH: 'Commissioned' | 'Withdrawn' | 'InstalledNotCommissioned' }
  | { deviceDetails: DeviceDetailsUpdate }
  | { deleteDevice: true }
  | { mpxn: MpxnUpdate };

export interface UpdateInventoryParams {
  deviceId: string;
  update: InventoryUpdate;
}

export function updateInventory(ctx: RequestContext, p: UpdateInventoryParams, options?: RequestOptions): DuisRequest {
  const u = p.update;
  let choice: Element;
  if ('deviceStatusExceptCH' in u) choice = sr('UpdateDeviceStatusExceptCH', u.deviceStatusExceptCH);
  else if ('deviceStatusCH' in u) choice = sr('UpdateDeviceStatusCH', u.deviceStatusCH);
  else if ('deviceDetails' in u) {
    const d = u.deviceDetails;
    choice = sr('UpdateDeviceDetails', [
      opt('DeviceManufacturer', d.manufacturer),
      opt('DeviceModel', d.model),
      opt('SMETSCHTSVersion', d.smetsChtsVersion),
      opt('FirmwareVersion', d.firmwareVersion),
      opt('ESMEVariant', d.esmeVariant),
    ]);
  } else if ('deleteDevice' in u) choice = sr('DeleteDevice');
  else {
    const m = u.mpxn;
    const [name, value] = 'importMPxN' in m ? ['ImportMPxN', m.importMPxN] : 'secondaryImportMPAN' in m ? ['SecondaryImportMPAN', m.secondaryImportMPAN] : ['ExportMPAN', m.exportMPAN];
    choice = sr('UpdateMPxN', sr(name, value));
  }
  return buildRequest(ctx, '8.4', undefined, sr('UpdateInventory', [euiElement('DeviceID', p.deviceId), choice]), options);
}
