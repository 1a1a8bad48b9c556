// What the suite needs of any DUIS endpoint, reference or external. Steps talk to a Target
// only: DUIS in, DUIS out, plus named capabilities for what DUIS itself cannot do.
import type { WanCoverageEntry } from '../wan-coverage.ts';
import type { Fuel } from '../service-flags.ts';

/** DCC Boxed's three request paths, chosen by command variant. */
export type ServicePath = 'serviceD' | 'serviceS' | 'serviceT';

/** Non-device CV 2, 6, 8 -> serviceD; CV 4 (transform) -> serviceT; send CV 1, 3, 5, 7 -> serviceS. */
export function servicePathFor(commandVariant: number): ServicePath {
  if (commandVariant === 4) return 'serviceT';
  if (commandVariant === 2 || commandVariant === 6 || commandVariant === 8) return 'serviceD';
  return 'serviceS';
}

/**
 * What a target may offer beyond DUIS. A scenario tagged @needs:<capability> runs only on a
 * target that offers it; elsewhere it is NOT APPLICABLE.
 */
export type Capability =
  | 'fault-injection' // make a simulated device lose or refuse a response
  | 'inventory-fixtures' // create Communications Hubs and devices on demand (DCC-side stock)
  | 'clock' // set the target's clock
  | 'ssi' // Self-Service Interface
  | 'registration-files' // read the DCC Service Flag export files
  | 'feature-switches' // turn the DCC's per-fuel MP077 feature switches on and off
  | 'inspection' // read state DUIS does not show: a device's own HAN log, the SMI's join records, certificate records
  | 'local-delivery' // carry a command returned for local delivery to its device, as an installer's hand-held terminal
  | 'wan-coverage-data' // know the SM WAN coverage data the target answers 12.1 from
  | 'firmware-images' // know a firmware image on the target's Central Products List (hash and version) for a device
  | 'registration-requests' // have the DCC answer a gas Registration Data Provider's request about Meter Points (E46)
  | 'dcc-operations'; // have the DCC do what it does without a Service Request: set a device's status (Suspended, Recovery, Recovered)

export const ALL_CAPABILITIES: readonly Capability[] = [
  'fault-injection',
  'inventory-fixtures',
  'clock',
  'ssi',
  'registration-files',
  'feature-switches',
  'inspection',
  'local-delivery',
  'wan-coverage-data',
  'firmware-images',
  'registration-requests',
  'dcc-operations',
];

export interface WireReply {
  status: number;
  contentType: string;
  body: string;
}

/** A message the target delivered asynchronously to the User's endpoint (device response, alert). */
export interface AsyncDelivery {
  body: string;
  receivedAt: Date;
}

/** Faults a simulated device can be told to show on its next command. */
export type DeviceFault =
  | 'response-lost' // the device applies the command, but its response never reaches the DSP
  | 'device-rejects' // the device refuses the command and says so
  | 'no-answer' // the device neither applies nor answers its next command
  | 'powered-off'; // from now on the device is off: it neither joins the HAN nor answers

export const DEVICE_FAULTS: readonly DeviceFault[] = ['response-lost', 'device-rejects', 'no-answer', 'powered-off'];

/** A Communications Hub as delivered by DCC: both functions' EUIs. */
export interface CommsHubFixture {
  chf: string;
  gpf: string;
}

/** A SMETS1 device as DCC's migration puts it in the SMI: SMETS1 devices are never pre-notified. */
export interface Smets1DeviceFixture {
  deviceType: string;
  /** User ID of its Responsible Supplier. */
  responsibleSupplier: string;
  esmeVariant?: string;
}

/** A device's own certificates (by DUIS CredentialType: serial) as the device uses them and as DCC records them. */
export interface DeviceCredentialsView {
  device: Record<string, string>;
  inventory: Record<string, string>;
  smkiRepository: Record<string, string>;
}

/** An Organisation Certificate DCC tracks as placed on a device; fingerprint: SHA-256 of the DER, upper-case hex. */
export interface TrackedOrgCertificate {
  role: string;
  usage: string;
  fingerprint: string;
}

/** A firmware image on the Central Products List: its SHA-256 (DUIS FirmwareHash, 64 hex digits) and version. */
export interface FirmwareImageFixture {
  hash: string;
  firmwareVersion: string;
}

/** How a User signs in to the Self-Service Interface. */
export interface SsiAccount {
  /** The DCC User it signs in as (User ID). */
  userId: string;
  login: string;
  password: string;
}

/** Where a target's Self-Service Interface is, and the accounts the suite may use. */
export interface SsiAccess {
  /** Base URL, e.g. http://127.0.0.1:8079/ssi (sign-in at <url>/login, API at <url>/api/...). */
  url: string;
  accounts: SsiAccount[];
}

/** DCC-side operations of the reference, for targets that offer them. */
export interface TargetControl {
  /**
   * A Communications Hub in the SMI as DCC delivers it: made on demand ('inventory-fixtures'), or
   * the next one an external endpoint's target file lists.
   */
  provisionCommsHub?(opts?: { status?: string; gpfStatus?: string }): Promise<CommsHubFixture>;
  /**
   * The EUI of a device of `type` the endpoint has, from its target file's fixtures; without
   * `status`, one not yet in the SMI (to be pre-notified). Absent: steps make up EUIs.
   */
  deviceFixture?(type: string, opts?: { status?: string }): Promise<string>;
  /** 'inventory-fixtures': a migrated SMETS1 device, Commissioned, in the SMI. */
  enrolSmets1Device?(opts: Smets1DeviceFixture): Promise<{ deviceId: string }>;
  /** 'fault-injection': the named device shows this fault on its next command. */
  injectFault?(deviceId: string, fault: DeviceFault): Promise<void>;
  /** 'clock': the target's notion of now. */
  setClock?(now: Date): Promise<void>;
  /** 'inspection': the EUIs in a device's own HAN device log, as the device holds it. */
  deviceLog?(deviceId: string): Promise<string[]>;
  /** 'inspection': the EUIs the SMI records as joined to this device. */
  smiJoins?(deviceId: string): Promise<string[]>;
  /** 'inspection': the device's certificates, its own and as the Inventory and the SMKI Repository hold them. */
  deviceCredentials?(deviceId: string): Promise<DeviceCredentialsView>;
  /** 'inspection': the Organisation Certificates DCC tracks as on the device. */
  trackedOrgCertificates?(deviceId: string): Promise<TrackedOrgCertificate[]>;
  /** 'fault-injection': the device starts using a new certificate of that CredentialType without DCC hearing of it. */
  renewDeviceCertificate?(deviceId: string, credentialType: string): Promise<void>;
  /**
   * 'local-delivery': hand a LocalCommand's GBCSPayload to the device over its HAN, as an
   * installer's hand-held terminal would; the device's response (base64), or undefined when the
   * device does not answer.
   */
  deliverLocalCommand?(deviceId: string, gbcsPayload: string): Promise<string | undefined>;
  /** 'inspection': settings a device holds, by name (access-restricted-from, billing-calendar, firmware-hash). */
  deviceSettings?(deviceId: string): Promise<Record<string, string>>;
  /** 'inspection': what the DCC records of a device beyond what 8.2 shows, by name (access-restricted-from, billing-calendar). */
  dccDeviceRecords?(deviceId: string): Promise<Record<string, string>>;
  /** 'firmware-images': an image the Central Products List holds for the device, other than the version the Inventory says it runs. */
  firmwareImage?(deviceId: string): Promise<FirmwareImageFixture>;
  /** 'wan-coverage-data': the properties whose 12.1 answer is known, with that answer. */
  wanCoverage?(): Promise<WanCoverageEntry[]>;
  /**
   * 'registration-files': have the DCC export one fuel's DCC Service Flag file now and return its
   * text: the changes not notified yet, which are then notified (a second call returns none of them).
   */
  registrationFile?(fuel: Fuel): Promise<string>;
  /** 'feature-switches': turn a fuel's MP077 feature switch on or off. */
  setFeatureSwitch?(fuel: Fuel, on: boolean): Promise<void>;
  /**
   * 'registration-requests': a gas Registration Data Provider asks the DCC about these Meter
   * Points (MPRNs); the DCC's answer, one E46 record per Meter Point in the order asked.
   */
  answerFlagRequest?(meterPoints: readonly string[]): Promise<string>;
  /** 'dcc-operations': the DCC moves a device to a status it sets itself (Suspended, Recovery, Recovered). */
  setDeviceStatusByDcc?(deviceId: string, status: string): Promise<void>;
  /** 'ssi': the Self-Service Interface's URL and sign-in accounts (started on first call where it needs starting). */
  ssi?(): Promise<SsiAccess>;
}

export interface Target {
  readonly name: string;
  readonly capabilities: ReadonlySet<Capability>;
  readonly control: TargetControl;
  /** POST a DUIS document to one of the service paths; resolves with whatever came back. */
  post(path: ServicePath, body: string): Promise<WireReply>;
  /**
   * The next asynchronous delivery whose Header RequestID equals `requestId`, waiting up to
   * `timeoutMs`; rejects with a clear error when none arrives.
   */
  awaitDelivery(requestId: string, timeoutMs: number): Promise<AsyncDelivery>;
  /** Release connections, servers, databases. */
  close(): Promise<void>;
}
