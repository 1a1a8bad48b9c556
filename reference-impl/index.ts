// The reference DCC: Data Service Provider (dsp/), Smart Metering Inventory (smi/) and simulated
// HAN devices (devices/), in process. DUIS in through handle(); asynchronous responses and alerts
// out through `deliver`; DCC-side operations DUIS has no request for through `control`.
import type { Baseline } from '../src/baseline.ts';
import { srvTableFor } from '../src/duis/srv-table.ts';
import type { DeviceStatus } from '../src/duis/responses.ts';
import type { CommsHubFixture, DeviceFault, TargetControl, WireReply } from '../src/targets/target.ts';
import { UserDirectory } from '../src/users.ts';
import type { DuisValidator } from '../src/validation/validator.ts';
import { MutableClock, systemClock, type Clock } from './clock.ts';
import { SimulatedDevices, type SimulatedDeviceState } from './devices/simulated-devices.ts';
import { resolveAssumptions, type AssumptionOverrides, type Assumptions } from './dsp/assumptions.ts';
import type { DspContext } from './dsp/handler.ts';
import { Outbox, type Deliver } from './dsp/outbox.ts';
import { DspPipeline } from './dsp/pipeline.ts';
import { AuditRecorder } from './dsp/audit-recorder.ts';
import { networkOperatorPolicy } from './dsp/network-operator.ts';
import { AuditTrail, type AuditEntry } from './smi/audit-trail.ts';
import { createReferenceSsi, type ReferenceSsi, type SsiCredential } from './ssi/index.ts';
import { dspRules, type DspRules } from './modifications/index.ts';
import { OriginatorCounters, Sequences } from './smi/counters.ts';
import { openDatabase } from './smi/database.ts';
import { SmiInventory, type SmiDevice } from './smi/inventory.ts';
import { PreCommands } from './smi/pre-commands.ts';
import { snapshot, type Snapshot } from './smi/snapshot.ts';

export { DEFAULT_ASSUMPTIONS, assumptionTable, type Assumptions, type AssumptionOverrides } from './dsp/assumptions.ts';
export { dspRules, type DspRules } from './modifications/index.ts';
export type { SmiDevice } from './smi/inventory.ts';
export type { AuditEntry, AuditKind } from './smi/audit-trail.ts';
export type { Snapshot } from './smi/snapshot.ts';
export { decodePayload } from './devices/payload.ts';
export type { ReferenceSsi, SsiCredential } from './ssi/index.ts';

export interface ReferenceSmiOptions {
  baseline: Baseline;
  validator: DuisValidator;
  /** SQLite file; default ':memory:' (a fresh, isolated inventory). A file keeps everything across restarts. */
  dbFile?: string;
  clock?: Clock;
  users?: UserDirectory;
  /** Where asynchronous responses and alerts go (the User's endpoint). Without it they are dropped. */
  deliver?: Deliver;
  assumptions?: AssumptionOverrides;
  /** Replace rules after the baseline has shaped them: a deliberately faulty variant for self-tests. */
  rules?: Partial<Omit<DspRules, 'applied'>>;
  /** Refusals and async errors, one line each. Default: silent. */
  log?: (line: string) => void;
  /** Self-Service Interface accounts; default one per User, login = User ID, random password. */
  ssiAccounts?: readonly SsiCredential[];
}

/** What provisionCommsHub accepts here: TargetControl's options plus premises details. */
export interface CommsHubOptions {
  status?: string;
  uprn?: string;
  postCode?: string;
  addressIdentifier?: string;
}

export interface ReferenceControl extends Required<Pick<TargetControl, 'injectFault' | 'setClock' | 'deviceLog' | 'smiJoins'>> {
  provisionCommsHub(opts?: CommsHubOptions): Promise<CommsHubFixture>;
}

/** Read-only views of state DUIS does not show, for the reference's own tests. */
export interface ReferenceInspection {
  /** Every table, SMI and simulated devices. */
  snapshot(): Snapshot;
  device(deviceId: string): SmiDevice | undefined;
  /** The SMI's mirror of a hub's device log. */
  hanLog(hubId: string): string[];
  /** A simulated device's own state. */
  deviceState(deviceId: string): SimulatedDeviceState | undefined;
  /** The whole Service Audit Trail, oldest first (left out of snapshot(): it is a log, not SMI state). */
  auditTrail(): AuditEntry[];
}

export interface ReferenceSmi {
  /** `path`: '/api/v1/serviceD' or just 'serviceD' (likewise S, T). */
  handle(path: string, body: string | Buffer): Promise<WireReply>;
  readonly control: ReferenceControl;
  readonly inspect: ReferenceInspection;
  readonly baseline: Baseline;
  readonly rules: DspRules;
  readonly assumptions: Assumptions;
  /** The Self-Service Interface: its HTTP handler (for /ssi) and who may sign in. */
  readonly ssi: ReferenceSsi;
  /** The reference's now (the injected clock, moved by control.setClock). */
  now(): Date;
  /** Fixture: a device that is not powered neither joins a HAN nor answers. */
  setDeviceOnline(deviceId: string, online: boolean): void;
  /** Resolves when no device answer or delivery is pending. */
  whenIdle(): Promise<void>;
  /** Errors raised by asynchronous work or by `deliver`. */
  readonly asyncErrors: readonly Error[];
  close(): Promise<void>;
}

const DEVICE_STATUSES: readonly DeviceStatus[] = [
  'Pending',
  'Whitelisted',
  'InstalledNotCommissioned',
  'Commissioned',
  'Decommissioned',
  'Withdrawn',
  'Suspended',
  'Recovery',
  'Recovered',
];

export function createReferenceSmi(opts: ReferenceSmiOptions): ReferenceSmi {
  const log = opts.log ?? (() => undefined);
  const clock = new MutableClock(opts.clock ?? systemClock);
  const now = clock.fn;
  const assumptions = resolveAssumptions(opts.assumptions);
  const rules = dspRules(opts.baseline, opts.rules);
  const db = openDatabase(opts.dbFile ?? ':memory:');
  const users = opts.users ?? new UserDirectory();
  const smi = new SmiInventory(db, now, { networkOperatorFor: networkOperatorPolicy(assumptions.networkOperator, users) });
  const devices = new SimulatedDevices(db);
  const counters = new OriginatorCounters(db);
  const preCommands = new PreCommands(db, now);
  const sequences = new Sequences(db);
  const table = srvTableFor(opts.validator.schemaSet);
  const trail = new AuditTrail(db);
  const audit = new AuditRecorder({ trail, table, users, now, log });
  const outbox = new Outbox(opts.deliver, log, (xml) => audit.delivery(xml));
  const ctx: DspContext = { smi, devices, rules, assumptions, users, now };
  const pipeline = new DspPipeline({
    db,
    ctx,
    validator: opts.validator,
    table,
    counters,
    preCommands,
    sequences,
    outbox,
    audit,
    log,
  });
  const ssi = createReferenceSsi({
    smi,
    trail,
    rules,
    users,
    now,
    assumptions: assumptions.ssi,
    ...(opts.ssiAccounts ? { credentials: opts.ssiAccounts } : {}),
    log,
  });
  let closed = false;
  const open = () => {
    if (closed) throw new Error('the reference SMI is closed');
  };

  const control: ReferenceControl = {
    async provisionCommsHub(o: CommsHubOptions = {}): Promise<CommsHubFixture> {
      open();
      const status = (o.status ?? assumptions.lifecycle.commsHubDelivered) as DeviceStatus;
      if (!DEVICE_STATUSES.includes(status)) throw new Error(`provisionCommsHub: "${o.status}" is not a DUIS DeviceStatus`);
      return db.transaction(() => {
        const n = sequences.next('comms-hub');
        const base = `00-DB-C0-${hexBytes(n, 4)}`;
        const chf = `${base}-01`;
        const gpf = `${base}-02`;
        const uprn = o.uprn !== undefined && /^[0-9]+$/.test(o.uprn.trim()) ? String(BigInt(o.uprn.trim())) : o.uprn;
        const premises = { ...(uprn !== undefined ? { uprn } : {}), ...(o.postCode !== undefined ? { postCode: o.postCode } : {}), ...(o.addressIdentifier !== undefined ? { addressIdentifier: o.addressIdentifier } : {}) };
        smi.add({ deviceId: chf, deviceType: 'CHF', status, manufacturer: 'DCC0', model: 'CH-REF-1', smetsChtsVersion: 'CHTS V1.0', ...premises });
        smi.add({ deviceId: gpf, deviceType: 'GPF', status, manufacturer: 'DCC0', model: 'CH-REF-1', smetsChtsVersion: 'CHTS V1.0', commsHub: chf });
        devices.ensure(chf);
        devices.ensure(gpf);
        return { chf, gpf };
      })();
    },
    async injectFault(deviceId: string, fault: DeviceFault): Promise<void> {
      open();
      // powered-off is a lasting state, not a one-command fault
      if (fault === 'powered-off') devices.setOnline(normalise(deviceId), false);
      else devices.injectFault(normalise(deviceId), fault);
    },
    async setClock(to: Date): Promise<void> {
      clock.set(to);
    },
    async deviceLog(deviceId: string): Promise<string[]> {
      open();
      return devices.log(normalise(deviceId));
    },
    async smiJoins(deviceId: string): Promise<string[]> {
      open();
      return smi.joinsOf(normalise(deviceId));
    },
  };

  return {
    handle: async (path, body) => {
      open();
      return pipeline.handle(path, body);
    },
    control,
    inspect: {
      snapshot: () => snapshot(db),
      device: (id) => smi.get(normalise(id)),
      hanLog: (hub) => smi.hanLog(normalise(hub)),
      deviceState: (id) => devices.state(normalise(id)),
      auditTrail: () => trail.all(),
    },
    baseline: opts.baseline,
    rules,
    assumptions,
    ssi,
    now,
    setDeviceOnline: (id, online) => devices.setOnline(normalise(id), online),
    whenIdle: () => outbox.whenIdle(),
    asyncErrors: outbox.errors,
    close: async () => {
      if (closed) return;
      closed = true;
      outbox.close();
      await outbox.whenIdle(); // work already running finishes; nothing new starts
      db.close();
    },
  };
}

function hexBytes(n: number, bytes: number): string {
  const hex = n.toString(16).toUpperCase().padStart(bytes * 2, '0').slice(-bytes * 2);
  return hex.match(/../g)!.join('-');
}

/** EUIs as the SMI stores them: upper-case, dashed. */
function normalise(id: string): string {
  const hex = id.trim().replace(/[-:]/g, '').toUpperCase();
  return /^[0-9A-F]{16}$/.test(hex) ? hex.match(/../g)!.join('-') : id;
}
