// The two alert bodies of an sr:Response: a device's own alert (GBCS payload, hex alert code) and
// DCC's alerts (N-codes, with one of the DCCAlert choices). Readers only; builders are in
// response-builders.ts. Readers throw DuisReadError; parseResponse re-labels it.
import { child, type XmlView } from './xml.ts';
import { DuisReadError, optionalText, requiredText } from './request-reader.ts';

/** DCCAlertCode enumeration of DUIS V5.1 (there is no N32). */
export const DCC_ALERT_CODES = [
  'AD1', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9', 'N10', 'N11', 'N12', 'N13', 'N14', 'N15',
  'N16', 'N17', 'N18', 'N19', 'N20', 'N21', 'N22', 'N23', 'N24', 'N25', 'N26', 'N27', 'N28', 'N29', 'N30',
  'N31', 'N33', 'N34', 'N35', 'N36', 'N37', 'N38', 'N39', 'N40', 'N41', 'N42', 'N43', 'N44', 'N45', 'N46',
  'N47', 'N48', 'N49', 'N50', 'N51', 'N52', 'N53', 'N54', 'N55', 'N56', 'N57', 'N58', 'N59', 'N60', 'N61',
  'N62', 'N63', 'N64', 'N65', 'N999',
] as const;
export type DccAlertCode = (typeof DCC_ALERT_CODES)[number];

/** Alert and response counters in DUIS share these two optional throttling fields. */
export interface Throttling {
  throttledAlertSequenceId?: number;
  throttledAlertCount?: number;
}

/** sr:DeviceAlertMessage: AlertCode (xs:hexBinary, e.g. "8F3E"), then the GBCS alert, base64. */
export interface DeviceAlert extends Throttling {
  alertCode: string;
  gbcsPayload: string;
}

export interface CommandFailureAlert {
  kind: 'CommandFailure';
  commandRequestId: string;
  dspScheduleId?: string;
  deviceId: string;
}

export interface PowerOutageAlert {
  kind: 'PowerOutageEvent';
  commsHubDeviceId: string;
  startDateTime: string;
  mpxn: string;
}

export interface UpdateHanDeviceLogResultAlert {
  kind: 'UpdateHANDeviceLogResult';
  updateHanDeviceLogServiceRequestId: string;
}

/** Any other DCCAlert choice, kept as read; `name` is its local name. */
export interface OtherDccAlert {
  kind: 'other';
  name: string;
  view: XmlView;
}

export type DccAlert = CommandFailureAlert | PowerOutageAlert | UpdateHanDeviceLogResultAlert | OtherDccAlert;

/** sr:DCCAlertMessage. `dccAlertCode` is a string: a later DUIS release may add codes. */
export interface DccAlertMessage extends Throttling {
  dccAlertCode: DccAlertCode | (string & {});
  alert: DccAlert;
}

function unsignedInt(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!/^[0-9]+$/.test(t)) throw new DuisReadError(`${what} "${text}" is not an unsigned integer`);
  return Number(t);
}

function readThrottling(v: XmlView): Throttling {
  const seq = unsignedInt(optionalText(v, 'ThrottledAlertSequenceId'), 'ThrottledAlertSequenceId');
  const count = unsignedInt(optionalText(v, 'ThrottledAlertCount'), 'ThrottledAlertCount');
  return { ...(seq !== undefined ? { throttledAlertSequenceId: seq } : {}), ...(count !== undefined ? { throttledAlertCount: count } : {}) };
}

export function readDeviceAlert(v: XmlView): DeviceAlert {
  const where = 'sr:DeviceAlertMessage';
  return {
    alertCode: requiredText(v, 'AlertCode', where).trim(),
    ...readThrottling(v),
    gbcsPayload: requiredText(v, 'GBCSPayload', where).trim(),
  };
}

export function readDccAlertMessage(v: XmlView): DccAlertMessage {
  const where = 'sr:DCCAlertMessage';
  const holder = child(v, 'DCCAlert');
  if (!holder) throw new DuisReadError(`${where} has no sr:DCCAlert`);
  const inner = holder.children[0];
  if (!inner) throw new DuisReadError('sr:DCCAlert is empty');
  return {
    dccAlertCode: requiredText(v, 'DCCAlertCode', where).trim(),
    ...readThrottling(v),
    alert: readDccAlert(inner),
  };
}

function readDccAlert(v: XmlView): DccAlert {
  const where = `sr:${v.local}`;
  // trimmed: EUI, RequestIDType and xs:dateTime collapse whitespace; MPxN is xs:string, kept exact
  const req = (local: string) => requiredText(v, local, where).trim();
  switch (v.local) {
    case 'CommandFailure': {
      const schedule = optionalText(v, 'DSPScheduleID');
      return {
        kind: 'CommandFailure',
        commandRequestId: req('CommandRequestID'),
        ...(schedule !== undefined ? { dspScheduleId: schedule.trim() } : {}),
        deviceId: req('DeviceID'),
      };
    }
    case 'PowerOutageEvent':
      return { kind: 'PowerOutageEvent', commsHubDeviceId: req('CommsHubDeviceID'), startDateTime: req('StartDateTime'), mpxn: requiredText(v, 'MPxN', where) };
    case 'UpdateHANDeviceLogResult':
      return { kind: 'UpdateHANDeviceLogResult', updateHanDeviceLogServiceRequestId: req('UpdateHANDeviceLogServiceRequestID') };
    default:
      return { kind: 'other', name: v.local, view: v };
  }
}
