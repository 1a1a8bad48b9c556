// The reference DCC: Data Service Provider (dsp/), Smart Metering Inventory (smi/) and simulated
// HAN devices (devices/), in process. DUIS in through handle(); asynchronous responses and alerts
// out through `deliver`; DCC-side operations DUIS has no request for through `control`.
// Requests must be signed by their originator (the pipeline checks); everything the reference
// emits, synchronous or not, is signed with the DSP's key in one place: emit() below.
import { NO_DEFECTS, type DspDefects } from './dsp/defects.ts';
import type { Baseline } from '../src/baseline.ts';
import { srvTableFor } from '../src/duis/srv-table.ts';
import type { DeviceStatus } from '../src/duis/responses.ts';
import type { CommsHubFixture, DeviceCredentialsView, DeviceFault, FirmwareImageFixture, Smets1DeviceFixture, TargetControl, WireReply } from '../src/targets/target.ts';
import { defaultWanCoverage, loadWanCoverageFile, parseWanCoverage, type WanCoverageEntry } from '../src/wan-coverage.ts';
import { DEFAULT_FLAG_PROFILE, FUELS, type FlagProfile, type Fuel } from '../src/service-flags.ts';
import { UserDirectory } from '../src/users.ts';
import { DCC_ACCESS_CONTROL_BROKER } from '../src/duis/header.ts';
import type { DuisSigning } from '../src/sign/duis-signing.ts';
import type { DuisValidator } from '../src/validation/validator.ts';
import { MutableClock, systemClock, type Clock } from './clock.ts';
import { DEVICE_CREDENTIAL_TYPES, type DeviceCredentialType } from './devices/certificates.ts';
import { decodeLocalCommand, encodeDeviceResponse } from './devices/payload.ts';
import { SimulatedDevices, type DeviceCommand, type SimulatedDeviceState } from './devices/simulated-devices.ts';
import { resolveAssumptions, type AssumptionOverrides, type Assumptions } from './dsp/assumptions.ts';
import type { DspContext } from './dsp/handler.ts';
import { Outbox, type Deliver } from './dsp/outbox.ts';
import { HANDLERS } from './dsp/handlers/index.ts';
import { DspPipeline } from './dsp/pipeline.ts';
import { ServiceStatusTracker } from './dsp/service-status.ts';
import { exportServiceFlags } from './registration/export.ts';
import { respondToFlagRequest } from './registration/respond.ts';
import { AuditRecorder } from './dsp/audit-recorder.ts';
import { networkOperatorPolicy } from './dsp/network-operator.ts';
import { AuditTrail, type AuditEntry } from './smi/audit-trail.ts';
import { createReferenceSsi, type ReferenceSsi, type SsiCredential } from './ssi/index.ts';
import { dspRules, type DspRules } from './modifications/index.ts';
import { OriginatorCounters, Sequences } from './smi/counters.ts';
import { CentralProductsList, defaultCentralProductsList, type FirmwareImage } from './smi/central-products-list.ts';
import { CertificateRecords } from './smi/certificates.ts';
import { DeviceRecords } from './smi/device-records.ts';
import { openDatabase } from './smi/database.ts';
import { LocalCommands } from './smi/local-commands.ts';
import { SmiInventory, type SmiDevice } from './smi/inventory.ts';
import { PreCommands } from './smi/pre-commands.ts';
import { ServiceFlagStore, type MeterPointFlag } from './smi/service-flags.ts';
import { snapshot, type Snapshot } from './smi/snapshot.ts';

export { DEFAULT_ASSUMPTIONS, assumptionTable, type Assumptions, type AssumptionOverrides } from './dsp/assumptions.ts';
export { dspRules, type DspRules } from './modifications/index.ts';
export type { SmiDevice } from './smi/inventory.ts';
export type { AuditEntry, AuditKind } from './smi/audit-trail.ts';
export type { Snapshot } from './smi/snapshot.ts';
export type { MeterPointFlag } from './smi/service-flags.ts';
export { decodePayload } from './devices/payload.ts';
export type { ReferenceSsi, SsiCredential } from './ssi/index.ts';

export interface ReferenceSmiOptions {
  baseline: Baseline;
  validator: DuisValidator;
  /**
   * Keys: the Users' certificates its signatures are checked against, and the DSP's private key
   * (the access control broker's, 90-B3-D5-1F-30-00-00-02) every response is signed with.
   * buildSigning() from src/sign/signing-settings.ts gives DCC Boxed's test set.
   */
  signing: DuisSigning;
  /** SQLite file; default ':memory:' (a fresh, isolated inventory). A file keeps everything across restarts. */
  dbFile?: string;
  clock?: Clock;
  users?: UserDirectory;
  /** Where asynchronous responses and alerts go (the User's endpoint). Without it they are dropped. */
  deliver?: Deliver;
  assumptions?: AssumptionOverrides;
  /** Replace rules after the baseline has shaped them: a deliberately faulty variant for self-tests. */
  rules?: Partial<Omit<DspRules, 'applied'>>;
  /** Deliberate defects for the self-test (dsp/defects.ts); never set in a real run. */
  defects?: Partial<DspDefects>;
  /** Refusals and async errors, one line each. Default: silent. */
  log?: (line: string) => void;
  /**
   * SM WAN coverage 12.1 answers from: a JSON or YAML file, or the entries. Default: the
   * reference's own reference-impl/data/wan-coverage.json.
   */
  wanCoverage?: string | readonly WanCoverageEntry[];
  /** Firmware images 11.3 may activate (the Central Products List). Default: two made-up images that fit every device. */
  centralProductsList?: readonly FirmwareImage[];
  /** Which of seed 004's readings MP077 follows; default legal-text. No effect before MP077. */
  flagProfile?: FlagProfile;
  /** MP077 feature switches to set on start (a database keeps the last ones set; a new one starts with both on). */
  flagSwitches?: Partial<Record<Fuel, boolean>>;
  /** Self-Service Interface accounts; default one per User, login = User ID, random password. */
  ssiAccounts?: readonly SsiCredential[];
}

/** What provisionCommsHub accepts here: TargetControl's options plus premises details. */
export interface CommsHubOptions {
  status?: string;
  /** The GPF's status when it differs from the CHF's (default: the same). */
  gpfStatus?: string;
  uprn?: string;
  postCode?: string;
  addressIdentifier?: string;
}

export interface ReferenceControl
  extends Required<
    Pick<
      TargetControl,
      | 'injectFault'
      | 'setClock'
      | 'deviceLog'
      | 'smiJoins'
      | 'enrolSmets1Device'
      | 'deviceCredentials'
      | 'trackedOrgCertificates'
      | 'renewDeviceCertificate'
      | 'deliverLocalCommand'
      | 'deviceSettings'
      | 'dccDeviceRecords'
      | 'firmwareImage'
      | 'wanCoverage'
      | 'registrationFile'
      | 'setFeatureSwitch'
      | 'answerFlagRequest'
      | 'setDeviceStatusByDcc'
    >
  > {
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
  /** A Meter Point's DCC Service Flag and notified state (MP077). */
  meterPoint(fuel: Fuel, mpxn: string): MeterPointFlag | undefined;
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
  /**
   * Bench and fixture helper: write devices straight into the SMI, in one transaction, without
   * DUIS (no pre-notification, no simulated device). Returns how many were written.
   */
  seedInventory(devices: Iterable<SmiDevice>): number;
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
  const flagProfile = opts.flagProfile ?? DEFAULT_FLAG_PROFILE;
  const defects: DspDefects = { ...NO_DEFECTS, ...opts.defects };
  const rules = dspRules(opts.baseline, opts.rules, { flagProfile, defects });
  const db = openDatabase(opts.dbFile ?? ':memory:');
  const users = opts.users ?? new UserDirectory();
  const smi = new SmiInventory(db, now, { networkOperatorFor: networkOperatorPolicy(assumptions.networkOperator, users) });
  const flags = new ServiceFlagStore(db);
  // `flags export --db` on this file applies the rules the reference last ran with
  flags.recordRules({ baseline: opts.baseline.toString(), flagProfile });
  for (const fuel of FUELS) if (opts.flagSwitches?.[fuel] !== undefined) flags.setSwitch(fuel, opts.flagSwitches[fuel]);
  const tracker = new ServiceStatusTracker(smi, flags, rules.serviceFlags, assumptions.serviceFlags, now, defects);
  smi.onDeviceChange = (before, after) => tracker.onDeviceChange(before, after);
  const devices = new SimulatedDevices(db);
  const counters = new OriginatorCounters(db);
  const preCommands = new PreCommands(db, now);
  const sequences = new Sequences(db);
  if (!opts.signing.canSignAs(DCC_ACCESS_CONTROL_BROKER)) {
    throw new Error(`the reference signs its responses as the DSP (${DCC_ACCESS_CONTROL_BROKER}), but its keys hold no private key for it`);
  }
  // the one place DUIS leaves the reference: replies and asynchronous deliveries alike are signed here
  const emit = (xml: string): string => opts.signing.signAs(DCC_ACCESS_CONTROL_BROKER, xml);
  const deliver = opts.deliver;
  const table = srvTableFor(opts.validator.schemaSet);
  const trail = new AuditTrail(db);
  const audit = new AuditRecorder({ trail, table, users, now, log, defects });
  const outbox = new Outbox(deliver ? (xml) => deliver(emit(xml)) : undefined, log, (xml) => audit.delivery(xml));
  const certificates = new CertificateRecords(db, now);
  const records = new DeviceRecords(db, now);
  const centralProductsList = new CentralProductsList(opts.centralProductsList ?? defaultCentralProductsList());
  const wanCoverage: readonly WanCoverageEntry[] =
    typeof opts.wanCoverage === 'string' ? loadWanCoverageFile(opts.wanCoverage) : opts.wanCoverage ? parseWanCoverage([...opts.wanCoverage], 'wanCoverage') : defaultWanCoverage();
  const ctx: DspContext = {
    smi,
    devices,
    rules,
    assumptions,
    users,
    now,
    defects,
    table,
    localCommands: new LocalCommands(db, now),
    certificates,
    records,
    centralProductsList,
    wanCoverage,
    deviceHandlerFor: (srv) => {
      const h = HANDLERS.get(srv);
      return h?.kind === 'device' ? h : undefined;
    },
  };
  const pipeline = new DspPipeline({
    db,
    ctx,
    validator: opts.validator,
    table,
    counters,
    preCommands,
    sequences,
    outbox,
    signing: opts.signing,
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
      const gpfStatus = (o.gpfStatus ?? status) as DeviceStatus;
      if (!DEVICE_STATUSES.includes(gpfStatus)) throw new Error(`provisionCommsHub: "${o.gpfStatus}" is not a DUIS DeviceStatus`);
      return db.transaction(() => {
        const n = sequences.next('comms-hub');
        const base = `00-DB-C0-${hexBytes(n, 4)}`;
        const chf = `${base}-01`;
        const gpf = `${base}-02`;
        const uprn = o.uprn !== undefined && /^[0-9]+$/.test(o.uprn.trim()) ? String(BigInt(o.uprn.trim())) : o.uprn;
        const premises = { ...(uprn !== undefined ? { uprn } : {}), ...(o.postCode !== undefined ? { postCode: o.postCode } : {}), ...(o.addressIdentifier !== undefined ? { addressIdentifier: o.addressIdentifier } : {}) };
        smi.add({ deviceId: chf, deviceType: 'CHF', status, manufacturer: 'DCC0', model: 'CH-REF-1', smetsChtsVersion: 'CHTS V1.0', ...premises });
        smi.add({ deviceId: gpf, deviceType: 'GPF', status: gpfStatus, manufacturer: 'DCC0', model: 'CH-REF-1', smetsChtsVersion: 'CHTS V1.0', commsHub: chf });
        devices.ensure(chf);
        devices.ensure(gpf);
        return { chf, gpf };
      })();
    },
    async enrolSmets1Device(o: Smets1DeviceFixture): Promise<{ deviceId: string }> {
      open();
      if (!o || typeof o.deviceType !== 'string' || typeof o.responsibleSupplier !== 'string') {
        throw new Error('enrolSmets1Device: deviceType and responsibleSupplier are required');
      }
      return db.transaction(() => {
        const deviceId = `00-DB-51-${hexBytes(sequences.next('smets1-device'), 5)}`;
        smi.add({
          deviceId,
          deviceType: o.deviceType as SmiDevice['deviceType'],
          status: 'Commissioned', // [I] migration enrols SMETS1 devices already in service
          manufacturer: 'S101',
          model: 'SMETS1-REF',
          smetsChtsVersion: 'SMETS1',
          responsibleSupplier: normalise(o.responsibleSupplier),
          s1sp: assumptions.smets1ServiceProvider,
          cspRegion: 'SMETS1',
          ...(o.esmeVariant !== undefined ? { esmeVariant: o.esmeVariant } : {}),
        });
        return { deviceId };
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
    async deviceCredentials(deviceId: string): Promise<DeviceCredentialsView> {
      open();
      const id = normalise(deviceId);
      if (!smi.has(id)) throw new Error(`device ${id} is not in the SMI`);
      const view: DeviceCredentialsView = { device: {}, inventory: {}, smkiRepository: {} };
      for (const t of DEVICE_CREDENTIAL_TYPES) {
        view.device[t] = devices.credential(id, t);
        view.inventory[t] = certificates.deviceCertificate('inventory', id, t);
        view.smkiRepository[t] = certificates.deviceCertificate('smki', id, t);
      }
      return view;
    },
    async deviceSettings(deviceId: string): Promise<Record<string, string>> {
      open();
      return devices.settings(normalise(deviceId));
    },
    async dccDeviceRecords(deviceId: string): Promise<Record<string, string>> {
      open();
      return records.of(normalise(deviceId));
    },
    async firmwareImage(deviceId: string): Promise<FirmwareImageFixture> {
      open();
      const device = smi.get(normalise(deviceId));
      if (!device) throw new Error(`firmwareImage: device ${normalise(deviceId)} is not in the SMI`);
      const image = centralProductsList.for(device).find((i) => i.firmwareVersion !== device.firmwareVersion);
      if (!image) throw new Error(`firmwareImage: the Central Products List holds no other image for ${device.manufacturer} ${device.model}`);
      return { hash: image.hash, firmwareVersion: image.firmwareVersion };
    },
    async trackedOrgCertificates(deviceId: string) {
      open();
      return certificates.orgCertificates(normalise(deviceId));
    },
    async renewDeviceCertificate(deviceId: string, credentialType: string): Promise<void> {
      open();
      if (!DEVICE_CREDENTIAL_TYPES.includes(credentialType as DeviceCredentialType)) {
        throw new Error(`renewDeviceCertificate: "${credentialType}" is not one of ${DEVICE_CREDENTIAL_TYPES.join(', ')}`);
      }
      devices.renewCredential(normalise(deviceId), credentialType as DeviceCredentialType);
    },
    async deliverLocalCommand(deviceId: string, gbcsPayload: string): Promise<string | undefined> {
      open();
      // the hand-held terminal talks to the device, not to DCC: only the device's state changes
      const id = normalise(deviceId);
      const local = decodeLocalCommand(gbcsPayload);
      if (!local) throw new Error('deliverLocalCommand: not a local command this reference returned');
      if (local.target !== id) throw new Error(`deliverLocalCommand: the command is for ${local.target}, not ${id}`);
      const outcome = devices.execute(local.command as DeviceCommand);
      if (!outcome.answered) return undefined;
      return encodeDeviceResponse({ srv: local.srv, device: id, request: local.request }, outcome);
    },
    async wanCoverage(): Promise<WanCoverageEntry[]> {
      return wanCoverage.map((e) => ({ ...e }));
    },
    async registrationFile(fuel: Fuel): Promise<string> {
      open();
      if (!FUELS.includes(fuel)) throw new Error(`registrationFile: fuel must be one of ${FUELS.join(', ')}`);
      let text = '';
      await exportServiceFlags(flags, rules.serviceFlags, fuel, (chunk) => void (text += chunk), { now: now(), ...(defects.registrationForgetsNotified ? { forgetNotified: true } : {}) });
      return text;
    },
    async setFeatureSwitch(fuel: Fuel, on: boolean): Promise<void> {
      open();
      if (!FUELS.includes(fuel)) throw new Error(`setFeatureSwitch: fuel must be one of ${FUELS.join(', ')}`);
      // kept even without MP077, where nothing reads it: a User system sees the old behaviour, as with the switch off
      flags.setSwitch(fuel, on);
    },
    async answerFlagRequest(meterPoints: readonly string[]): Promise<string> {
      open();
      return respondToFlagRequest(flags, rules.serviceFlags, meterPoints, {
        now: now(),
        rejectedFlag: { MP077: assumptions.serviceFlags.rejectedFlag, 'before-MP077': assumptions.serviceFlags.rejectedFlagBeforeMp077 },
        ...(defects.flagResponseGivesNotifiedFlag ? { notifiedFlagOnly: true } : {}),
      });
    },
    async setDeviceStatusByDcc(deviceId: string, status: string): Promise<void> {
      open();
      // the DCC's own operations (CPL suspension, SMKI recovery): through the SMI like any status change, so the flag tracker hears of it
      const id = normalise(deviceId);
      const allowed = assumptions.lifecycle.dccSetStatuses;
      if (!allowed.includes(status as DeviceStatus)) throw new Error(`setDeviceStatusByDcc: the DCC sets only ${allowed.join(', ')}; got ${JSON.stringify(status)}`);
      if (!smi.has(id)) throw new Error(`setDeviceStatusByDcc: device ${id} is not in the SMI`);
      smi.setStatus(id, status as DeviceStatus);
    },
  };

  return {
    handle: async (path, body) => {
      open();
      const reply = await pipeline.handle(path, body);
      return { ...reply, body: emit(reply.body) };
    },
    control,
    inspect: {
      snapshot: () => snapshot(db),
      device: (id) => smi.get(normalise(id)),
      hanLog: (hub) => smi.hanLog(normalise(hub)),
      deviceState: (id) => devices.state(normalise(id)),
      meterPoint: (fuel, mpxn) => flags.get(fuel, mpxn),
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
    seedInventory: (list) => {
      open();
      return smi.addMany(list);
    },
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
