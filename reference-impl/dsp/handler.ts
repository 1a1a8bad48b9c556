// What a Service Request handler is: the pipeline (pipeline.ts) has already checked everything
// generic (schema, path, User, counter, SRV, command variant, role, BusinessTargetID); a handler
// adds the checks of its own Service Request and says what accepting it does to the SMI.
import type { DspDefects } from './defects.ts';
import type { RequestView } from '../../src/duis/request-reader.ts';
import type { ResponseCode, ResponseContent } from '../../src/duis/responses.ts';
import type { SrvInfo, SrvTable } from '../../src/duis/srv-table.ts';
import type { WanCoverageEntry } from '../../src/wan-coverage.ts';
import type { XmlView } from '../../src/duis/xml.ts';
import type { DccUser, UserDirectory } from '../../src/users.ts';
import type { Clock } from '../clock.ts';
import type { DeviceCommand, DeviceOutcome, SimulatedDevices } from '../devices/simulated-devices.ts';
import type { DspRules } from '../modifications/index.ts';
import type { CentralProductsList } from '../smi/central-products-list.ts';
import type { CertificateRecords } from '../smi/certificates.ts';
import type { DeviceRecords } from '../smi/device-records.ts';
import type { SmiDevice, SmiInventory } from '../smi/inventory.ts';
import type { LocalCommands } from '../smi/local-commands.ts';
import type { Assumptions } from './assumptions.ts';

/** What handlers may use. */
export interface DspContext {
  smi: SmiInventory;
  devices: SimulatedDevices;
  rules: DspRules;
  assumptions: Assumptions;
  users: UserDirectory;
  now: Clock;
  /** Deliberate defects (self-test only); all off in a real run. */
  defects: DspDefects;
  /** The SRV table, for requests rebuilt from records (8.13). */
  table: SrvTable;
  /** Commands returned for local delivery, waiting for their response (8.13). */
  localCommands: LocalCommands;
  /** Device and Organisation Certificates as DCC records them (6.24.2, 6.15.1, 6.21, 6.23). */
  certificates: CertificateRecords;
  /** What the DCC records of a device beyond the Inventory (3.2, 6.8). */
  records: DeviceRecords;
  /** Firmware images by hash (11.3). */
  centralProductsList: CentralProductsList;
  /** SM WAN coverage, what 12.1 answers from. */
  wanCoverage: readonly WanCoverageEntry[];
  /** The handler of a device SRV: 8.13 processes a locally delivered response with it. */
  deviceHandlerFor(srv: string): DeviceHandler | undefined;
}

/** A request that passed every generic check. */
export interface AcceptedRequest {
  view: RequestView;
  user: DccUser;
  srv: SrvInfo;
  /** Header RequestID as written. */
  requestId: string;
  /** BusinessTargetID, normalised. */
  target: string;
  commandVariant: number;
  /** The operative body: for a CV 5, the body of the CV 4 it completes. */
  body: XmlView;
  bodyName: string;
}

export interface Refusal {
  code: ResponseCode;
  /** Why, in words, for logs and test messages (DUIS has nowhere to carry it). */
  reason: string;
}

export const refuse = (code: ResponseCode, reason: string): Refusal => ({ code, reason });

export function isRefusal(x: unknown): x is Refusal {
  return typeof x === 'object' && x !== null && 'code' in x && 'reason' in x;
}

/** A Service Request DCC completes itself (CV 8 to serviceD). */
export interface NonDeviceHandler {
  kind: 'non-device';
  /** Body element each SRV must carry. */
  bodies: Record<string, string>;
  /**
   * Check and apply, inside a transaction that is rolled back when a Refusal comes back (so a
   * handler may refuse after writing). Success: the code (default: nonDeviceSuccess) and content.
   */
  run(ctx: DspContext, req: AcceptedRequest): Refusal | { code?: ResponseCode; content?: ResponseContent };
}

/** A Service Request carried out by a device. */
export interface DeviceHandler {
  kind: 'device';
  bodies: Record<string, string>;
  /**
   * Whether the User may act on this device. Default: the device's Responsible Supplier only.
   * Never loosen role checks here: those ran before.
   */
  authorise?(ctx: DspContext, req: AcceptedRequest, device: SmiDevice): Refusal | undefined;
  /** The Service Request's own checks against the SMI. */
  check(ctx: DspContext, req: AcceptedRequest, device: SmiDevice): Refusal | undefined;
  /** The device command it translates to (from the request, and what the DCC holds). */
  command(req: AcceptedRequest, ctx: DspContext): DeviceCommand;
  /** SMI changes once the device's answer that it applied the command has reached the DSP. */
  onApplied(ctx: DspContext, req: AcceptedRequest, outcome: DeviceOutcome): void;
  /** How success is reported: the device's response (default), or the 8.11 DCC alert. */
  successReport?: 'device-response' | 'han-device-log-alert';
}

export type ServiceHandler = NonDeviceHandler | DeviceHandler;
