// What the suite needs of any DUIS endpoint, reference or external. Steps talk to a Target
// only: DUIS in, DUIS out, plus named capabilities for what DUIS itself cannot do.

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
  | 'inspection'; // read state DUIS does not show: a device's own HAN log, the SMI's join records

export const ALL_CAPABILITIES: readonly Capability[] = ['fault-injection', 'inventory-fixtures', 'clock', 'ssi', 'registration-files', 'inspection'];

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
  /** 'inventory-fixtures': a Communications Hub in the SMI as DCC delivers it. */
  provisionCommsHub?(opts?: { status?: string }): Promise<CommsHubFixture>;
  /** 'fault-injection': the named device shows this fault on its next command. */
  injectFault?(deviceId: string, fault: DeviceFault): Promise<void>;
  /** 'clock': the target's notion of now. */
  setClock?(now: Date): Promise<void>;
  /** 'inspection': the EUIs in a device's own HAN device log, as the device holds it. */
  deviceLog?(deviceId: string): Promise<string[]>;
  /** 'inspection': the EUIs the SMI records as joined to this device. */
  smiJoins?(deviceId: string): Promise<string[]>;
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
