// Every choice the reference makes that DUIS (as far as this project has read it) does not pin
// down, in one place. A value marked [I] is inferred; [V] is read in the DUIS XSD or a SEC
// modification document. The README lists them (assumptionTable()); a run overrides any of
// them with createReferenceSmi({ assumptions }).
//
// Meanings of the generic codes E1..E21 come from a third-party summary of the DUIS response code
// table (not DCC's own text), so each stays [I] until checked against DUIS itself. The V5.1 XSD
// lists the codes but says nothing of their meaning. E40..E44 are placeholders: DUIS has codes
// of those numbers whose meanings we do not know; override them once known.
import { DEFAULT_GENERIC_CODES } from '../../src/duis/generic-codes.ts';
import type { ResponseCode } from '../../src/duis/responses.ts';
import type { DccAlertCode } from '../../src/duis/alerts.ts';
import type { DeviceStatus } from '../../src/duis/responses.ts';
import type { LegacyServiceFlag, ServiceFlag } from '../../src/service-flags.ts';

export interface ResponseCodeAssumptions {
  /** Body over the size limit, refused unparsed. */
  bodyTooLarge: ResponseCode;
  /** Not well-formed XML, or a DOCTYPE. */
  notWellFormed: ResponseCode;
  /** Well-formed but not valid against the DUIS XSD (includes an SRV the XSD does not list). */
  schemaInvalid: ResponseCode;
  /** Valid against the XSD but not a request this reader understands (e.g. an sr:Response posted as a request). */
  unreadableRequest: ResponseCode;
  /** Request sent to the wrong one of serviceD / serviceS / serviceT for its command variant. */
  wrongPath: ResponseCode;
  /** BusinessOriginatorID is not a known DCC User. */
  unknownUser: ResponseCode;
  /** The request carries no XMLDSig signature. */
  signatureMissing: ResponseCode;
  /** The signature is not of DUIS's shape, or its digest or value does not verify. */
  signatureInvalid: ResponseCode;
  /** The signature names a certificate the DSP does not hold. */
  signerUnknown: ResponseCode;
  /** The signing certificate is not one of the originator's (another User signed it). */
  signerNotOriginator: ResponseCode;
  /** OriginatorCounter not above the last one accepted from that originator. */
  counterNotIncreasing: ResponseCode;
  /** An SRV the XSD lists but this reference does not implement. */
  srvNotSupported: ResponseCode;
  /** Header ServiceReference is not the one the SRV belongs to, or the Body element is not the SRV's. */
  srvBodyMismatch: ResponseCode;
  /** CommandVariant not allowed for the SRV. */
  commandVariantNotAllowed: ResponseCode;
  /** CV 2, 3, 6, 7 (local delivery): allowed by DUIS, not offered by this reference. */
  localDeliveryNotSupported: ResponseCode;
  /** CV 5 with no outstanding CV 4 pre-command for that RequestID (or for another SRV / target). */
  signedPreCommandWithoutTransform: ResponseCode;
  /** The User holds none of the SRV's eligible roles. */
  roleNotEligible: ResponseCode;
  /** Non-device request whose BusinessTargetID is not the DCC access control broker. */
  wrongBusinessTarget: ResponseCode;
  /** The device named (BusinessTargetID or in the body) is not in the SMI. */
  unknownDevice: ResponseCode;
  /** The User may not act on this device (not its Responsible Supplier). */
  notResponsibleSupplier: ResponseCode;
  /** Device SMI status incompatible with the Service Request. */
  deviceStatus: ResponseCode;
  /** Service Request not compatible with the device's type. */
  deviceType: ResponseCode;
  /** Successful non-device request with no data to return. */
  nonDeviceSuccess: ResponseCode;
  /** 12.2 for a device the SMI already holds. */
  prenotifyDuplicate: ResponseCode;
  /** 8.2 found nothing for the DeviceID / MPxN / UPRN / PropertyFilter. */
  readInventoryNotFound: ResponseCode;
  /** 8.4 (pre-MP125 rule) from a User other than the one that pre-notified the device. */
  updateInventoryNotPrenotifier: ResponseCode;
  /** 8.4 (pre-MP125 rule) while the device is not Pending. */
  updateInventoryNotPending: ResponseCode;
  /** 8.8.x before MP178: the SMI holds no join between target and Other Device. */
  notJoinedInSmi: ResponseCode;
  /** 6.23 whose ImportMPxN is not the device's. */
  cosMpxnMismatch: ResponseCode;
  /** The DSP heard nothing from the device (no answer, or the answer was lost). */
  noDeviceResponse: ResponseCode;
  /** 12.1: the coverage data holds nothing for the UPRN or address. */
  wanMatrixNoMatch: ResponseCode;
  /** 8.14.2: the device named is not a CHF. */
  chInstallNotChf: ResponseCode;
  /** 8.14.2: the install date-time is in the future. */
  chInstallFutureDate: ResponseCode;
  /** 8.14.2 (a warning, the request is processed): the CHF was not InstalledNotCommissioned. */
  chInstallNotInstalledNotCommissioned: ResponseCode;
  /** 8.13 without OriginalRequestID (a device alert returned locally): not handled by the reference. */
  localResponseWithoutRequest: ResponseCode;
  /** 8.13 whose OriginalRequestID was never returned for local delivery (unknown, or sent over the WAN). */
  localResponseUnknownRequest: ResponseCode;
  /** 8.13 from a User other than the one the command was returned to. */
  localResponseOtherUser: ResponseCode;
  /** 8.13 for a Service Request whose responses are not on the 8.13 list. */
  localResponseSrvNotListed: ResponseCode;
  /** 8.13 for a response already returned. */
  localResponseAlreadyReturned: ResponseCode;
  /** 8.13 whose DeviceGBCSResponse is not the target device's response to that request. */
  localResponseMismatch: ResponseCode;
  /** The synchronous reply to a CV 3 / CV 7 (sent over the WAN and returned for local delivery), which carries the LocalCommand. */
  wanAndLocalAccepted: ResponseCode;
  /** 6.15.2 whose DeviceCertificate cannot be read, or is for neither digital signature nor key agreement. */
  deviceCertificateUnusable: ResponseCode;
}

export interface Assumptions {
  codes: ResponseCodeAssumptions;
  /**
   * Code of the asynchronous response when a device refuses a command, by ServiceReference
   * ("8.7"); `default` for the rest. GBCS carries the refusal inside the payload, so a DSP may
   * well forward it as I0.
   */
  deviceRejected: Record<string, ResponseCode> & { default: ResponseCode };
  /** DCCAlertCode of the UpdateHANDeviceLogResult alert that reports an 8.11 outcome. */
  hanDeviceLogAlertCode: DccAlertCode;
  /** Whether asynchronous responses and DCC alerts about a request carry its RequestID in the Header. */
  asyncCarriesRequestId: boolean;
  http: {
    /** HTTP status with a successful DUIS response. */
    ok: number;
    /** HTTP status with a DUIS error response to a readable request. */
    error: number;
    /** HTTP status with the DUIS error response to a body too large, not XML, or not schema-valid. */
    unreadable: number;
  };
  /**
   * ServiceReference(Variant) written into an error response when the request's own could not be
   * read (the XSD makes both mandatory in a ResponseMessage).
   */
  unreadableService: { serviceReference: string; serviceReferenceVariant: string };
  /** Whether a response carries the request's schemaVersion (else always "5.1"). */
  echoSchemaVersion: boolean;
  /** GBCSVersion written into a CV 4 PreCommand. */
  preCommandGbcsVersion: string;
  /** S1SP the SMI holds for a SMETS1 device enrolled by the migration fixture (what marks it SMETS1). */
  smets1ServiceProvider: string;
  timings: {
    /** Delay before a device's response reaches the User (ms of real time). */
    deviceResponseMs: number;
    /** How long the DSP waits for a device before reporting noDeviceResponse (ms of real time). */
    noResponseTimeoutMs: number;
  };
  lifecycle: {
    /** SMI status of a Communications Hub (CHF and GPF) as DCC delivers it. */
    commsHubDelivered: DeviceStatus;
    /** Statuses of the CHF in which 8.14.1 is accepted. */
    chfInstallFrom: DeviceStatus[];
    /** After 8.11 Add, an online device joins the CH's HAN and takes this status. */
    afterHanJoin: DeviceStatus;
    /** Whether the Other Device of a join whose response reached the DSP becomes Commissioned (IHD, PPMID, CAD, HCALCS, GPF). */
    joinCommissionsOtherDevice: boolean;
    /** Statuses that mean "on the HAN": required of both devices for 8.7 Join, of the target for 8.8 Unjoin and 6.23, of the hub for 8.11. */
    onHan: DeviceStatus[];
    /** Statuses from which 8.1.1 commissions a device. */
    commissionFrom: DeviceStatus[];
    /** Statuses from which 8.3 decommissions a device. */
    decommissionFrom: DeviceStatus[];
    /** 6.8 to a GSME: once the GSME applied the billing calendar, the DCC sends it on to the GSME's GPF. */
    gasBillingCalendarToGpf: boolean;
    /** Statuses the DCC sets itself, with no Service Request (control.setDeviceStatusByDcc). */
    dccSetStatuses: DeviceStatus[];
  };
  /** MP077: DCC Service Flags per Meter Point. */
  serviceFlags: {
    /** Which of a smart meter's Meter Points (8.11 whitelist entry, 8.4 UpdateMPxN) carry a DCC Service Flag. */
    meterPointFields: ('ImportMPxN' | 'SecondaryImportMPAN' | 'ExportMPAN')[];
    /** Statuses in which another smart meter still holds a Meter Point, so decommissioning or unlinking one does not make it N (PIA 3.1.2 rule 3). */
    holdingStatuses: DeviceStatus[];
    /** The DCC Service Flag an E46 with Outcome Code RJ carries after MP077 (the field is mandatory; registration/respond.ts). */
    rejectedFlag: ServiceFlag;
    /** The same before MP077, when the record's values were A, S and W. */
    rejectedFlagBeforeMp077: LegacyServiceFlag;
  };
  /**
   * The Network Operator the SMI records for a device when it enters the SMI (12.2, or DCC's
   * own Communications Hub stock). Each value is a User ID, "role:ED" / "role:GT" (the first
   * known User holding that role), or "" for none.
   */
  networkOperator: {
    /** ESME, HCALCS. */
    electricity: string;
    /** GSME, GPF. */
    gas: string;
    /** Devices serving both fuels (CHF, IHD, PPMID, CAD): "electricity" or "gas", whose operator they get. */
    dualFuelDevices: 'electricity' | 'gas';
  };
  /** The Self-Service Interface (Service Audit Trail) of the reference. */
  ssi: {
    /** A session unused this long ends (minutes of the reference's clock). */
    sessionIdleMinutes: number;
    /** Most entries one page or API answer lists, newest first (SEC H8.16(b) asks for at least three months). */
    maxEntries: number;
  };
}

export const DEFAULT_ASSUMPTIONS: Assumptions = {
  codes: {
    bodyTooLarge: 'E40', // [I] no DUIS code known for an oversized body; placeholder
    notWellFormed: 'E41', // [I] no DUIS code known for XML that does not parse; placeholder
    schemaInvalid: 'E42', // [I] no DUIS code known for a schema-invalid request; placeholder
    unreadableRequest: 'E42', // [I] treated as schema-invalid
    wrongPath: DEFAULT_GENERIC_CODES.wrongPath as ResponseCode, // [I] request type not valid for the URL (third-party summary of DUIS)
    unknownUser: 'E1', // [I] User / role not a valid SEC party (third-party summary)
    signatureMissing: 'E3', // [I] no DUIS code known to us for signature failures; E3 is the unassigned gap between E2 and E4 of the third-party summary
    signatureInvalid: 'E3', // [I] as signatureMissing
    signerUnknown: 'E3', // [I] as signatureMissing
    signerNotOriginator: 'E3', // [I] as signatureMissing
    counterNotIncreasing: 'E43', // [I] no DUIS code known for a replayed / lower OriginatorCounter; placeholder
    srvNotSupported: 'E44', // [I] placeholder: the SRV exists in DUIS, the reference does not offer it
    srvBodyMismatch: 'E12', // [I] nearest generic code (request / command variant combination)
    commandVariantNotAllowed: 'E12', // [I] command variant not applicable to the request (third-party summary)
    localDeliveryNotSupported: 'E17', // [I] request not available for local delivery (third-party summary)
    signedPreCommandWithoutTransform: 'E12', // [I] nearest generic code
    roleNotEligible: DEFAULT_GENERIC_CODES.roleNotEligible as ResponseCode, // [I] role may not send this Service Reference (third-party summary)
    wrongBusinessTarget: 'E19', // [I] Device ID invalid (third-party summary)
    unknownDevice: 'E19', // [I] device does not exist (third-party summary)
    notResponsibleSupplier: DEFAULT_GENERIC_CODES.notEntitledToDevice as ResponseCode, // [I] User not authorised for the device (third-party summary)
    deviceStatus: DEFAULT_GENERIC_CODES.deviceStatusIncompatible as ResponseCode, // [I] device SMI status incompatible with the request (duis-notes; third-party summary)
    deviceType: 'E11', // [I] request not compatible with the device (third-party summary)
    nonDeviceSuccess: 'I99', // [I] I99 for a successful non-device request with no data (duis-notes; third-party summary)
    prenotifyDuplicate: 'E120201', // [I] a 12.2-specific code from the XSD; its meaning is not known here
    readInventoryNotFound: 'E080201', // [I] an 8.2-specific code from the XSD; its meaning is not known here
    updateInventoryNotPrenotifier: 'E4', // [I] generic not-authorised code; the XSD's E080405..E080415 carry no meanings we could check
    updateInventoryNotPending: 'E5', // [I] generic status code; see above
    notJoinedInSmi: 'E080801', // [V] MP178 modification report, section 2, quoting the DUIS code table
    cosMpxnMismatch: 'E4', // [I] the gaining Supplier is not authorised for a device at another Meter Point
    noDeviceResponse: 'E21', // [I] no response received from the device (third-party summary)
    wanMatrixNoMatch: 'E120101', // [I] a 12.1-specific code from the XSD; its meaning is not known here
    chInstallNotChf: 'E081401', // [V] MP081 legal text, DUIS 3.8.106.3: the device notified is not a CHF
    chInstallFutureDate: 'E081402', // [V] MP081 legal text, DUIS 3.8.106.3: install date and time in the future
    chInstallNotInstalledNotCommissioned: 'W081401', // [V] MP081 legal text, DUIS 3.8.106.3: CHF status is not InstalledNotCommissioned
    localResponseWithoutRequest: 'E081301', // [I] an 8.13-specific code from the XSD; its meaning is not known here
    localResponseUnknownRequest: 'E081301', // [I] likewise
    localResponseOtherUser: 'E4', // [I] generic not-authorised code
    localResponseSrvNotListed: 'E081302', // [I] an 8.13-specific code from the XSD; its meaning is not known here
    localResponseAlreadyReturned: 'E081301', // [I] treated as an unknown request: nothing is waiting for it
    localResponseMismatch: 'E081303', // [I] an 8.13-specific code from the XSD; its meaning is not known here
    wanAndLocalAccepted: 'I0', // [I] it carries data (the LocalCommand) like CV 2's reply; the device's WAN answer follows as for CV 1
    deviceCertificateUnusable: 'E061501', // [I] a 6.15-specific code from the XSD; its meaning is not known here
  },
  deviceRejected: {
    '8.7': 'E080721', // [I] E080721..23 look like device-side failures, by their numbering only
    '8.8': 'E080821', // [I] likewise E080821..22
    default: 'I0', // [I] the device's refusal travels inside the GBCS payload
  },
  hanDeviceLogAlertCode: 'N12', // [I] placeholder N-code for the UpdateHANDeviceLogResult alert
  asyncCarriesRequestId: true, // [I] lets a User match the outcome to its request by Header RequestID
  http: {
    ok: 200, // [I] DCC Boxed answers DUIS with 200
    error: 200, // [I] a DUIS error is a DUIS Response, carried with 200
    unreadable: 200, // [I] even an unreadable request gets a DUIS Response (without RequestID)
  },
  unreadableService: {
    serviceReference: '8.2', // [I] arbitrary placeholder: the XSD makes it mandatory
    serviceReferenceVariant: '8.2', // [I] likewise
  },
  echoSchemaVersion: true, // [I] a 5.4 request gets a 5.4 response
  preCommandGbcsVersion: '3.2', // [I] GBCS encoding is out of scope; any string is schema-valid
  smets1ServiceProvider: 'SMETS1-SP-REF', // [I] DUIS's S1SP names a SMETS1 Service Provider; any string is schema-valid
  timings: {
    deviceResponseMs: 0, // [I] in-process: immediately after the synchronous reply
    noResponseTimeoutMs: 50, // [I] in-process: short, so scenarios need not wait; a real DSP waits far longer
  },
  lifecycle: {
    commsHubDelivered: 'Pending', // [I] DCC stock not yet installed
    chfInstallFrom: ['Pending', 'InstalledNotCommissioned'], // [I] not yet installed with SM WAN
    afterHanJoin: 'InstalledNotCommissioned', // [I] duis-notes lifecycle
    joinCommissionsOtherDevice: true, // [I] a Type 2 device / GPF has no 8.1.1 of its own in this model
    onHan: ['InstalledNotCommissioned', 'Commissioned'], // [I] joined to the CH's HAN
    commissionFrom: ['InstalledNotCommissioned'], // [I] duis-notes lifecycle
    decommissionFrom: ['InstalledNotCommissioned', 'Commissioned', 'Suspended'], // [I] installed devices only
    gasBillingCalendarToGpf: true, // [I] the GPF keeps the gas billing calendar too (why DCC needs 6.8's response, MP081's list)
    dccSetStatuses: ['Suspended', 'Recovery', 'Recovered'], // [I] firmware off the CPL suspends a device, SMKI recovery moves it to Recovery and Recovered (seed 004, PIA 3.1.1, 3.2); no DUIS request sets them
  },
  serviceFlags: {
    meterPointFields: ['ImportMPxN', 'SecondaryImportMPAN', 'ExportMPAN'], // [I] every MPAN of an ESME and the MPRN of a GSME is a Meter Point with a flag
    holdingStatuses: ['Pending', 'Whitelisted', 'InstalledNotCommissioned', 'Commissioned', 'Suspended', 'Recovery', 'Recovered'], // [I] "still associated with another Smart Meter" (PIA 3.1.2): any status but Decommissioned and Withdrawn
    rejectedFlag: 'N', // [I] an RJ answer tells no flag; N (Non-Active) is the value that claims no smart metering service
    rejectedFlagBeforeMp077: 'S', // [I] before MP077 N did not exist; S is what PIA 2.1 says an SMS whose last meter has gone should be
  },
  networkOperator: {
    electricity: 'role:ED', // [I] the SMI has no registration data: one electricity distributor for every Meter Point
    gas: 'role:GT', // [I] likewise one gas transporter
    dualFuelDevices: 'electricity', // [I] a CH, IHD, PPMID or CAD is on the electricity network's side
  },
  ssi: {
    sessionIdleMinutes: 30, // [I] no SEC figure known; a common idle limit
    maxEntries: 1000, // [I] newest first; the trail itself is never pruned, so three months are always kept
  },
};

/** Overrides: any subset, one level deep (a group given in part keeps its other values). */
export type AssumptionOverrides = {
  [K in keyof Assumptions]?: Assumptions[K] extends unknown[] ? Assumptions[K] : Assumptions[K] extends object ? Partial<Assumptions[K]> : Assumptions[K];
};

export function resolveAssumptions(overrides: AssumptionOverrides = {}): Assumptions {
  const out: Record<string, unknown> = {};
  for (const [k, base] of Object.entries(DEFAULT_ASSUMPTIONS)) {
    const o = (overrides as Record<string, unknown>)[k];
    if (o === undefined) out[k] = structuredClone(base);
    else if (isPlainObject(base) && isPlainObject(o)) out[k] = { ...structuredClone(base), ...o };
    else out[k] = o;
  }
  return out as unknown as Assumptions;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One row per leaf value, for the README's assumption table. */
export function assumptionTable(a: Assumptions = DEFAULT_ASSUMPTIONS): { key: string; value: string }[] {
  const rows: { key: string; value: string }[] = [];
  const walk = (prefix: string, v: unknown) => {
    if (isPlainObject(v)) for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, x);
    else rows.push({ key: prefix, value: Array.isArray(v) ? v.join(', ') : String(v) });
  };
  walk('', a);
  return rows;
}
