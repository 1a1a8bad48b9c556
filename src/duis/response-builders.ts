// Builds sr:Response documents as the reference DCC sends them: synchronous acknowledgements and
// errors, DCC-only data (8.2 inventory, 12.1 WAN matrix), pre-commands, device responses and
// alerts. Output is compact and unsigned; signing appends ds:Signature afterwards.
// Element order follows the DUIS V5.1 XSD; the tests validate every builder against it.
import type { Element } from 'xml-js';
import { NS } from '../../schemas/namespaces.ts';
import { el, sr, toXml, ROOT_NAMESPACES, type Child, type XmlView } from './xml.ts';
import type { DccAlert, DccAlertMessage, DeviceAlert, Throttling } from './alerts.ts';
import {
  isResponseCode,
  type InventoryDevice,
  type PropertyFilter,
  type ResponseCode,
  type ResponseContent,
  type WanMatrix,
} from './responses.ts';

export class ResponseBuildError extends Error {}

/** The DUIS release whose XSD this suite validates against. */
export const DEFAULT_RESPONSE_SCHEMA_VERSION = '5.1';

/** Header fields every response may carry, and the root's schemaVersion. */
export interface EnvelopeFields {
  requestId?: string;
  responseId?: string;
  /** Default now; a string is written as given (it must be an xs:dateTime). */
  responseDateTime?: Date | string;
  schemaVersion?: string;
}

export interface ServiceFields {
  serviceReference: string;
  serviceReferenceVariant: string;
}

function dateTime(d: Date | string | undefined): string {
  if (typeof d === 'string') return d;
  return (d ?? new Date()).toISOString();
}

function checkCode(code: string): void {
  // A typo here would only surface as an XSD failure far from its cause
  if (!isResponseCode(code)) throw new ResponseBuildError(`"${code}" is not a DUIS V5.1 ResponseCode`);
}

/** Any sr:Response: header fields plus one body element (ResponseMessage, alert, ...). */
export function buildResponse(fields: EnvelopeFields & { responseCode: ResponseCode }, bodyChild: Element): string {
  checkCode(fields.responseCode);
  const header = sr('Header', [
    fields.requestId !== undefined && sr('RequestID', fields.requestId),
    fields.responseId !== undefined && sr('ResponseID', fields.responseId),
    sr('ResponseCode', fields.responseCode),
    sr('ResponseDateTime', dateTime(fields.responseDateTime)),
  ]);
  const attributes = { ...ROOT_NAMESPACES, schemaVersion: fields.schemaVersion ?? DEFAULT_RESPONSE_SCHEMA_VERSION };
  return toXml(sr('Response', [header, sr('Body', bodyChild)], attributes));
}

/** sr:ResponseMessage with any of the content the suite reads (or 'none'). */
export function buildResponseMessage(
  fields: EnvelopeFields & ServiceFields & { responseCode: ResponseCode; content?: ResponseContent },
): string {
  const content = fields.content ?? { kind: 'none' };
  return buildResponse(
    fields,
    sr('ResponseMessage', [
      sr('ServiceReference', fields.serviceReference),
      sr('ServiceReferenceVariant', fields.serviceReferenceVariant),
      contentElement(content),
    ]),
  );
}

/** I99: request accepted; for a device request the response follows asynchronously. */
export function buildAcknowledgement(fields: EnvelopeFields & ServiceFields): string {
  return buildResponseMessage({ ...fields, responseCode: 'I99' });
}

/** A response whose Header carries an error or warning code (E5, E13, E081401, W081401, ...). */
export function buildErrorResponse(fields: EnvelopeFields & ServiceFields & { responseCode: ResponseCode }): string {
  return buildResponseMessage(fields);
}

/** 8.2 Read Inventory: I0 with 1..17 devices. */
export function buildInventoryResponse(fields: EnvelopeFields & { devices: InventoryDevice[] }): string {
  const n = fields.devices.length;
  if (n < 1 || n > 17) throw new ResponseBuildError(`DSPInventory holds 1 to 17 devices, not ${n}`);
  return buildResponseMessage({
    ...fields,
    serviceReference: '8.2',
    serviceReferenceVariant: '8.2',
    responseCode: 'I0',
    content: { kind: 'DSPInventory', devices: fields.devices },
  });
}

/** 12.1 Request WAN Matrix: I0 with the CSP region's answer. */
export function buildWanMatrixResponse(fields: EnvelopeFields & { wanMatrix: WanMatrix }): string {
  return buildResponseMessage({
    ...fields,
    serviceReference: '12.1',
    serviceReferenceVariant: '12.1',
    responseCode: 'I0',
    content: { kind: 'DSPWANMatrix', wanMatrix: fields.wanMatrix },
  });
}

/** CV 4 transform: I0 with the GBCS pre-command the User signs and returns as CV 5. */
export function buildPreCommandResponse(
  fields: EnvelopeFields & ServiceFields & { gbcsVersion: string; gbcsPayload: string },
): string {
  return buildResponseMessage({
    ...fields,
    responseCode: 'I0',
    content: { kind: 'PreCommand', gbcsVersion: fields.gbcsVersion, gbcsPayload: fields.gbcsPayload },
  });
}

/** A device's GBCS response (base64), delivered asynchronously. Default code I0. */
export function buildDeviceResponse(
  fields: EnvelopeFields & ServiceFields & { gbcsPayload: string; responseCode?: ResponseCode },
): string {
  return buildResponseMessage({
    ...fields,
    responseCode: fields.responseCode ?? 'I0',
    content: { kind: 'GBCSPayload', gbcsPayload: fields.gbcsPayload },
  });
}

/** CV 2, 3, 6, 7: the command for local delivery, returned to the User. Default code I0. */
export function buildLocalCommandResponse(
  fields: EnvelopeFields & ServiceFields & { gbcsPayload: string; responseCode?: ResponseCode },
): string {
  return buildResponseMessage({
    ...fields,
    responseCode: fields.responseCode ?? 'I0',
    content: { kind: 'LocalCommand', gbcsPayload: fields.gbcsPayload },
  });
}

/** A device alert forwarded by DCC. Default code I0. */
export function buildDeviceAlert(fields: EnvelopeFields & DeviceAlert & { responseCode?: ResponseCode }): string {
  return buildResponse(
    { ...fields, responseCode: fields.responseCode ?? 'I0' },
    sr('DeviceAlertMessage', [sr('AlertCode', fields.alertCode), ...throttling(fields), sr('GBCSPayload', fields.gbcsPayload)]),
  );
}

/** A DCC alert (N-code). Default code I0. */
export function buildDccAlert(fields: EnvelopeFields & DccAlertMessage & { responseCode?: ResponseCode }): string {
  return buildResponse(
    { ...fields, responseCode: fields.responseCode ?? 'I0' },
    sr('DCCAlertMessage', [sr('DCCAlertCode', fields.dccAlertCode), ...throttling(fields), sr('DCCAlert', dccAlertElement(fields.alert))]),
  );
}

// ---------------------------------------------------------------------------------------------
// Elements

function throttling(t: Throttling): Child[] {
  return [
    t.throttledAlertSequenceId !== undefined && sr('ThrottledAlertSequenceId', t.throttledAlertSequenceId),
    t.throttledAlertCount !== undefined && sr('ThrottledAlertCount', t.throttledAlertCount),
  ];
}

/** The content element of a ResponseMessage, or null for 'none'. */
export function contentElement(c: ResponseContent): Element | null {
  switch (c.kind) {
    case 'none':
      return null;
    case 'DSPInventory':
      return sr('DSPInventory', c.devices.map(deviceElement));
    case 'DSPWANMatrix':
      return wanMatrixElement(c.wanMatrix);
    case 'GBCSPayload':
      return sr('GBCSPayload', c.gbcsPayload);
    case 'PreCommand':
      return sr('PreCommand', [sr('GBCSVersion', c.gbcsVersion), sr('GBCSPayload', c.gbcsPayload)]);
    case 'LocalCommand':
      return sr('LocalCommand', sr('GBCSPayload', c.gbcsPayload));
    case 'other':
      return viewToElement(c.view);
  }
}

// An optional field: absent when undefined, so the XSD's minOccurs="0" is honoured.
const opt = (local: string, value: string | undefined): Child => value !== undefined && sr(local, value);

function propertyFilterElement(local: string, p: PropertyFilter | undefined): Child {
  return p !== undefined && sr(local, [sr('PostCode', p.postCode), sr('AddressIdentifier', p.addressIdentifier)]);
}

export function deviceElement(d: InventoryDevice): Element {
  return sr('Device', [
    sr('DeviceID', d.deviceId),
    sr('DeviceType', d.deviceType),
    opt('DeviceStatus', d.deviceStatus),
    sr('DeviceManufacturer', d.deviceManufacturer),
    sr('DeviceModel', d.deviceModel),
    opt('SMETSCHTSVersion', d.smetsChtsVersion),
    opt('DeviceFirmwareVersion', d.deviceFirmwareVersion),
    opt('DeviceFirmwareVersionStatus', d.deviceFirmwareVersionStatus),
    opt('CPLStatus', d.cplStatus),
    opt('DateCommissioned', d.dateCommissioned),
    opt('ImportMPxN', d.importMPxN),
    opt('SecondaryImportMPAN', d.secondaryImportMPAN),
    opt('ExportMPAN', d.exportMPAN),
    opt('ESMEVariant', d.esmeVariant),
    opt('UPRN', d.uprn),
    propertyFilterElement('PropertyFilter', d.propertyFilter),
    opt('CSPRegion', d.cspRegion),
    opt('DeviceGBCSVersion', d.deviceGbcsVersion),
    opt('HANVariant', d.hanVariant),
    opt('S1SP', d.s1sp),
  ]);
}

export function wanMatrixElement(w: WanMatrix): Element {
  const query = 'uprn' in w.request ? sr('UPRN', w.request.uprn) : propertyFilterElement('PartialAddress', w.request.partialAddress);
  return sr('DSPWANMatrix', [
    sr('Request', query),
    sr('CSPRegion', w.cspRegion),
    sr('CoverageAvailability', String(w.coverageAvailability)),
    opt('AnticipatedCoverageDate', w.anticipatedCoverageDate),
    sr('WANTechnology', w.wanTechnology),
    sr('ConnectivityLikelihood', w.connectivityLikelihood),
    opt('AuxiliaryEquipmentRequired', w.auxiliaryEquipmentRequired),
    opt('AdditionalInformation', w.additionalInformation),
  ]);
}

export function dccAlertElement(a: DccAlert): Element {
  switch (a.kind) {
    case 'CommandFailure':
      return sr('CommandFailure', [sr('CommandRequestID', a.commandRequestId), opt('DSPScheduleID', a.dspScheduleId), sr('DeviceID', a.deviceId)]);
    case 'PowerOutageEvent':
      return sr('PowerOutageEvent', [sr('CommsHubDeviceID', a.commsHubDeviceId), sr('StartDateTime', a.startDateTime), sr('MPxN', a.mpxn)]);
    case 'UpdateHANDeviceLogResult':
      return sr('UpdateHANDeviceLogResult', sr('UpdateHANDeviceLogServiceRequestID', a.updateHanDeviceLogServiceRequestId));
    case 'other':
      return viewToElement(a.view);
  }
}

const PREFIXES: Record<string, string> = { [NS.sr]: 'sr', [NS.ra]: 'ra', [NS.ds]: 'ds' };

/**
 * Write a read element back (for content this module has no typed form of). Its namespace must
 * be one the root declares; text goes before child elements, as DUIS has no mixed content.
 */
export function viewToElement(v: XmlView): Element {
  const prefix = PREFIXES[v.ns];
  if (prefix === undefined) throw new ResponseBuildError(`cannot write {${v.ns}}${v.local}: namespace not declared on sr:Response`);
  const attrs = Object.keys(v.attrs).length ? v.attrs : undefined;
  return el(`${prefix}:${v.local}`, [v.children.length === 0 || v.text.trim() ? v.text : null, ...v.children.map(viewToElement)], attrs);
}
