// Reads sr:Response documents (synchronous replies, asynchronous device responses, alerts) into
// typed objects, and says what a ResponseCode means. Field names follow the DUIS V5.1 XSD.
import { NS } from '../../schemas/namespaces.ts';
import { XmlReadError, child, childrenNamed, readXml, type XmlView } from './xml.ts';
import {
  DuisReadError,
  bodyElement,
  optionalText,
  parseXsBoolean,
  qualifiedName,
  requiredText,
} from './request-reader.ts';
import { readDccAlertMessage, readDeviceAlert, type DccAlertMessage, type DeviceAlert } from './alerts.ts';

export class DuisResponseReadError extends DuisReadError {}

// ---------------------------------------------------------------------------------------------
// Response codes

/** The sr:ResponseCode enumeration of DUIS V5.1, in schema order. */
export const RESPONSE_CODES = [
  'I0', 'I99', 'E1', 'E2', 'E3', 'E4', 'E5', 'E11', 'E12', 'E13', 'E17', 'E19', 'E20', 'E21', 'E30', 'E31',
  'E40', 'E41', 'E42', 'E43', 'E44', 'E45', 'E46', 'E47', 'E48', 'E49', 'E50', 'E51', 'E52', 'E53', 'E54',
  'E55', 'E56', 'E57', 'E58', 'E59', 'E60', 'E61', 'E62', 'E63', 'E64', 'E65', 'E66', 'E67', 'E68', 'E69',
  'E70', 'E71', 'E100', 'E1000', 'E1001', 'E1003', 'E1004', 'E1006', 'E1007', 'E1008', 'E1010', 'E1011',
  'E010101', 'E010102', 'E010201', 'E030301', 'E030302', 'E040101', 'E041701', 'E050101', 'E050102',
  'E050103', 'E050105', 'E050107', 'E050108', 'E050109', 'E050110', 'E050201', 'E050202', 'W050201',
  'E050301', 'E050302', 'W050301', 'E060501', 'E060502', 'E060701', 'E060801', 'E060802', 'E060803',
  'E061301', 'E061304', 'E061305', 'E061501', 'E061504', 'E061505', 'E061506', 'E061507', 'E061508',
  'E061509', 'E061801', 'E061802', 'E061803', 'E062101', 'E062102', 'E062103', 'E062105', 'E062201',
  'E062202', 'E062203', 'E062301', 'E062302', 'E062303', 'E062304', 'E062305', 'E062306', 'E062401',
  'E062402', 'E062403', 'E062801', 'E062802', 'E062803', 'E080201', 'E080202', 'E080301', 'E080302',
  'E080405', 'E080406', 'E080407', 'E080408', 'E080409', 'E080410', 'E080411', 'E080412', 'E080413',
  'E080414', 'E080415', 'E080501', 'E080502', 'E080503', 'E080601', 'E080602', 'E080604', 'E080606',
  'E080607', 'E080702', 'E080721', 'E080722', 'E080723', 'E080801', 'E080821', 'E080822', 'E080901',
  'E080902', 'E080903', 'E081101', 'E081102', 'E081104', 'E081105', 'E081106', 'E081107', 'E081108',
  'E081109', 'E081110', 'E081111', 'E081202', 'E081204', 'E081205', 'E081221', 'E081222', 'E081223',
  'E081301', 'E081302', 'E081303', 'E081401', 'E081402', 'E081405', 'W081401', 'E110101', 'E110102',
  'E110103', 'E110105', 'W110101', 'E110401', 'E110402', 'E110403', 'E110405', 'W110401', 'E120101',
  'E120102', 'E120201', 'E120203', 'E120204', 'E120207',
] as const;
export type ResponseCode = (typeof RESPONSE_CODES)[number];

const KNOWN_CODES: ReadonlySet<string> = new Set(RESPONSE_CODES);

export function isResponseCode(code: string): code is ResponseCode {
  return KNOWN_CODES.has(code);
}

/** I0 (completed, possibly with data) and I99 (acknowledged; the device response follows). */
export function isSuccess(code: string): boolean {
  return code === 'I0' || code === 'I99';
}

export type ResponseOutcome = 'completed' | 'acknowledged' | 'warning' | 'error';

export interface ResponseCodeInfo {
  code: string;
  outcome: ResponseOutcome;
  /** In the V5.1 enumeration. */
  known: boolean;
  /**
   * For a Service-Reference-specific code (E/W + 6 digits, e.g. E081401) the Service Reference
   * it belongs to ("8.14"); absent for generic codes such as E5 or E13.
   */
  serviceReference?: string;
}

/** What a code says, read from its shape: I0/I99, Wxxxxxx warnings, everything else an error. */
export function classifyResponseCode(code: string): ResponseCodeInfo {
  const outcome: ResponseOutcome =
    code === 'I0' ? 'completed' : code === 'I99' ? 'acknowledged' : code.startsWith('W') ? 'warning' : 'error';
  const specific = /^[EW](\d{2})(\d{2})\d{2}$/.exec(code);
  return {
    code,
    outcome,
    known: isResponseCode(code),
    ...(specific ? { serviceReference: `${Number(specific[1])}.${Number(specific[2])}` } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Types of the response bodies this suite reads field by field

export type DeviceType = 'ESME' | 'GSME' | 'GPF' | 'CHF' | 'HCALCS' | 'PPMID' | 'IHD' | 'CAD';
export type DeviceStatus =
  | 'Pending'
  | 'Whitelisted'
  | 'InstalledNotCommissioned'
  | 'Commissioned'
  | 'Decommissioned'
  | 'Withdrawn'
  | 'Suspended'
  | 'Recovery'
  | 'Recovered';
export type CspRegion = 'North' | 'Central' | 'South' | 'Unknown' | 'SMETS1';
export type CplStatus = 'Active' | 'Cancelled' | 'Expired' | 'Withdrawn';

export interface PropertyFilter {
  postCode: string;
  addressIdentifier: string;
}

/** sr:Device in a DSPInventory (8.2), every field of the XSD in schema order. */
export interface InventoryDevice {
  deviceId: string;
  deviceType: DeviceType;
  deviceStatus?: DeviceStatus;
  deviceManufacturer: string;
  deviceModel: string;
  smetsChtsVersion?: string;
  deviceFirmwareVersion?: string;
  deviceFirmwareVersionStatus?: CplStatus;
  cplStatus?: CplStatus;
  dateCommissioned?: string;
  importMPxN?: string;
  secondaryImportMPAN?: string;
  exportMPAN?: string;
  /** ESMEVariant enumeration (A, B, C, AD, ... AEG); a string so later releases still read. */
  esmeVariant?: string;
  /** xs:positiveInteger of up to 12 digits, kept as written. */
  uprn?: string;
  propertyFilter?: PropertyFilter;
  cspRegion?: CspRegion;
  deviceGbcsVersion?: string;
  hanVariant?: string;
  s1sp?: string;
}

/** What the 12.1 request asked about, echoed in the response. */
export type WanMatrixQuery = { uprn: string } | { partialAddress: PropertyFilter };

/** sr:DSPWANMatrix (12.1). */
export interface WanMatrix {
  request: WanMatrixQuery;
  cspRegion: CspRegion;
  coverageAvailability: boolean;
  anticipatedCoverageDate?: string;
  /** xs:string of 1..30 characters, whitespace kept: MP081 gives " " a meaning of its own. */
  wanTechnology: string;
  connectivityLikelihood: 'High' | 'Medium' | 'Low';
  auxiliaryEquipmentRequired?: string;
  additionalInformation?: string;
}

/** The optional element after ServiceReferenceVariant in a ResponseMessage. */
export type ResponseContent =
  | { kind: 'none' }
  | { kind: 'DSPInventory'; devices: InventoryDevice[] }
  | { kind: 'DSPWANMatrix'; wanMatrix: WanMatrix }
  | { kind: 'GBCSPayload'; gbcsPayload: string }
  | { kind: 'PreCommand'; gbcsVersion: string; gbcsPayload: string }
  | { kind: 'LocalCommand'; gbcsPayload: string }
  /** CINMessage, DSPSchedulesRead, FutureDatedDeviceAlertMessage, ...: kept as read. */
  | { kind: 'other'; name: string; view: XmlView };

export interface ResponseMessage {
  type: 'ResponseMessage';
  serviceReference: string;
  serviceReferenceVariant: string;
  content: ResponseContent;
}

export type ResponseBody =
  | ResponseMessage
  | ({ type: 'DeviceAlertMessage' } & DeviceAlert)
  | ({ type: 'DCCAlertMessage' } & DccAlertMessage)
  /** SMETS1 responses wrap a signed ra: document; not read further here. */
  | { type: 'SMETS1ResponseMessage'; view: XmlView };

export interface ResponseHeader {
  requestId?: string;
  responseId?: string;
  /** A string, not ResponseCode: a target on a later DUIS release may send codes V5.1 lacks. */
  responseCode: string;
  /** xs:dateTime as written. */
  responseDateTime: string;
}

export interface DuisResponse {
  schemaVersion: string;
  header: ResponseHeader;
  body: ResponseBody;
  /** Whether the root carries a ds:Signature; says nothing about its validity. */
  signed: boolean;
}

// ---------------------------------------------------------------------------------------------
// Parser

/**
 * Parse an sr:Response. Validate it with DuisValidator first; this checks only the shape it
 * reads and throws DuisResponseReadError otherwise.
 */
export function parseResponse(xml: string): DuisResponse {
  return relabel(() => readResponseRoot(readXml(xml)));
}

/** Parse an already-read sr:Response view. */
export function readResponse(root: XmlView): DuisResponse {
  return relabel(() => readResponseRoot(root));
}

// xml.ts and the shared readers throw their own classes; callers of this module catch one.
function relabel<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof DuisResponseReadError) throw e;
    if (e instanceof DuisReadError || e instanceof XmlReadError) throw new DuisResponseReadError(e.message);
    throw e;
  }
}

function readResponseRoot(root: XmlView): DuisResponse {
  if (root.ns !== NS.sr || root.local !== 'Response') {
    throw new DuisResponseReadError(`not a DUIS response: root is ${qualifiedName(root)}, expected {${NS.sr}}Response`);
  }
  const schemaVersion = root.attrs['schemaVersion'];
  if (schemaVersion === undefined) throw new DuisResponseReadError('sr:Response has no schemaVersion attribute');
  const h = child(root, 'Header');
  if (!h) throw new DuisResponseReadError('sr:Response has no sr:Header');
  const requestId = optionalText(h, 'RequestID');
  const responseId = optionalText(h, 'ResponseID');
  const header: ResponseHeader = {
    ...(requestId !== undefined ? { requestId: requestId.trim() } : {}),
    ...(responseId !== undefined ? { responseId: responseId.trim() } : {}),
    responseCode: requiredText(h, 'ResponseCode', 'sr:Response/sr:Header', DuisResponseReadError).trim(),
    responseDateTime: requiredText(h, 'ResponseDateTime', 'sr:Response/sr:Header', DuisResponseReadError).trim(),
  };
  return {
    schemaVersion,
    header,
    body: readBody(bodyElement(root, DuisResponseReadError)),
    signed: child(root, 'Signature', NS.ds) !== undefined,
  };
}

function readBody(v: XmlView): ResponseBody {
  if (v.ns !== NS.sr) throw new DuisResponseReadError(`unexpected body element ${qualifiedName(v)}`);
  switch (v.local) {
    case 'ResponseMessage':
      return readResponseMessage(v);
    case 'DeviceAlertMessage':
      return { type: 'DeviceAlertMessage', ...readDeviceAlert(v) };
    case 'DCCAlertMessage':
      return { type: 'DCCAlertMessage', ...readDccAlertMessage(v) };
    case 'SMETS1ResponseMessage':
      return { type: 'SMETS1ResponseMessage', view: v };
    default:
      throw new DuisResponseReadError(`unexpected body element sr:${v.local}`);
  }
}

function readResponseMessage(v: XmlView): ResponseMessage {
  const where = 'sr:ResponseMessage';
  // the content, when there is one, is whatever follows the two service reference elements
  const rest = v.children.filter((c) => !(c.ns === NS.sr && (c.local === 'ServiceReference' || c.local === 'ServiceReferenceVariant')));
  return {
    type: 'ResponseMessage',
    serviceReference: requiredText(v, 'ServiceReference', where, DuisResponseReadError).trim(),
    serviceReferenceVariant: requiredText(v, 'ServiceReferenceVariant', where, DuisResponseReadError).trim(),
    content: rest[0] ? readContent(rest[0]) : { kind: 'none' },
  };
}

function readContent(v: XmlView): ResponseContent {
  const req = (parent: XmlView, local: string) => requiredText(parent, local, `sr:${parent.local}`, DuisResponseReadError);
  if (v.ns === NS.sr) {
    switch (v.local) {
      case 'DSPInventory':
        return { kind: 'DSPInventory', devices: childrenNamed(v, 'Device').map(readDevice) };
      case 'DSPWANMatrix':
        return { kind: 'DSPWANMatrix', wanMatrix: readWanMatrix(v) };
      case 'GBCSPayload':
        return { kind: 'GBCSPayload', gbcsPayload: v.text.trim() };
      case 'PreCommand':
        return { kind: 'PreCommand', gbcsVersion: req(v, 'GBCSVersion'), gbcsPayload: req(v, 'GBCSPayload').trim() };
      case 'LocalCommand':
        return { kind: 'LocalCommand', gbcsPayload: req(v, 'GBCSPayload').trim() };
    }
  }
  return { kind: 'other', name: v.local, view: v };
}

// Optional fields are left out rather than set to undefined, so parsed objects compare equal
// to the inputs they were built from.
function withOptional<T extends object>(base: T, optional: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, val] of Object.entries(optional)) if (val !== undefined) out[k] = val;
  return out as T;
}

const trimmed = (s: string | undefined) => s?.trim();

function readPropertyFilter(v: XmlView | undefined): PropertyFilter | undefined {
  if (!v) return undefined;
  return {
    postCode: requiredText(v, 'PostCode', `sr:${v.local}`, DuisResponseReadError),
    addressIdentifier: requiredText(v, 'AddressIdentifier', `sr:${v.local}`, DuisResponseReadError),
  };
}

function readDevice(v: XmlView): InventoryDevice {
  const where = 'sr:DSPInventory/sr:Device';
  const opt = (local: string) => optionalText(v, local);
  // enumerations, EUIs, dates and integers collapse whitespace; xs:string fields are kept exact
  return withOptional<InventoryDevice>(
    {
      deviceId: requiredText(v, 'DeviceID', where, DuisResponseReadError).trim(),
      deviceType: requiredText(v, 'DeviceType', where, DuisResponseReadError).trim() as DeviceType,
      deviceManufacturer: requiredText(v, 'DeviceManufacturer', where, DuisResponseReadError),
      deviceModel: requiredText(v, 'DeviceModel', where, DuisResponseReadError),
    },
    {
      deviceStatus: trimmed(opt('DeviceStatus')) as DeviceStatus | undefined,
      smetsChtsVersion: opt('SMETSCHTSVersion'),
      deviceFirmwareVersion: opt('DeviceFirmwareVersion'),
      deviceFirmwareVersionStatus: trimmed(opt('DeviceFirmwareVersionStatus')) as CplStatus | undefined,
      cplStatus: trimmed(opt('CPLStatus')) as CplStatus | undefined,
      dateCommissioned: trimmed(opt('DateCommissioned')),
      importMPxN: opt('ImportMPxN'),
      secondaryImportMPAN: opt('SecondaryImportMPAN'),
      exportMPAN: opt('ExportMPAN'),
      esmeVariant: trimmed(opt('ESMEVariant')),
      uprn: trimmed(opt('UPRN')),
      propertyFilter: readPropertyFilter(child(v, 'PropertyFilter')),
      cspRegion: trimmed(opt('CSPRegion')) as CspRegion | undefined,
      deviceGbcsVersion: opt('DeviceGBCSVersion'),
      hanVariant: opt('HANVariant'),
      s1sp: opt('S1SP'),
    },
  );
}

function readWanMatrix(v: XmlView): WanMatrix {
  const where = 'sr:DSPWANMatrix';
  const req = (local: string) => requiredText(v, local, where, DuisResponseReadError);
  const q = child(v, 'Request');
  if (!q) throw new DuisResponseReadError(`${where} has no sr:Request`);
  const uprn = optionalText(q, 'UPRN');
  const partial = readPropertyFilter(child(q, 'PartialAddress'));
  let request: WanMatrixQuery;
  if (uprn !== undefined) request = { uprn: uprn.trim() };
  else if (partial) request = { partialAddress: partial };
  else throw new DuisResponseReadError(`${where}/sr:Request has neither sr:UPRN nor sr:PartialAddress`);
  let coverageAvailability: boolean;
  try {
    coverageAvailability = parseXsBoolean(req('CoverageAvailability'));
  } catch (e) {
    throw new DuisResponseReadError(`${where}/sr:CoverageAvailability: ${(e as Error).message}`);
  }
  return withOptional<WanMatrix>(
    {
      request,
      cspRegion: req('CSPRegion').trim() as CspRegion,
      coverageAvailability,
      wanTechnology: req('WANTechnology'), // not trimmed: " " is a value
      connectivityLikelihood: req('ConnectivityLikelihood').trim() as WanMatrix['connectivityLikelihood'],
    },
    {
      anticipatedCoverageDate: trimmed(optionalText(v, 'AnticipatedCoverageDate')),
      auxiliaryEquipmentRequired: optionalText(v, 'AuxiliaryEquipmentRequired'),
      additionalInformation: optionalText(v, 'AdditionalInformation'),
    },
  );
}
