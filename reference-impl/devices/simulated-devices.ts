// Simulated HAN devices: each keeps its OWN device log and state, in tables apart from the SMI,
// so what a device holds and what the SMI records can diverge (MP178's motivating fault: the
// join worked on the device, its response never reached the DSP). A device carries out commands
// as GBCS requires, a repeated Join included, unless a fault was injected for its next command.
import type { DeviceFault } from '../../src/targets/target.ts';
import type { Db } from '../smi/database.ts';
import { deviceCertificateSerial, type DeviceCredentialType, type OrgCertificates } from './certificates.ts';

/** What the DSP asks a device to do, after translating the Service Request. */
export type DeviceCommand =
  | { kind: 'han-log-add'; target: string; device: string }
  | { kind: 'han-log-remove'; target: string; device: string }
  | { kind: 'join'; target: string; other: string }
  | { kind: 'unjoin'; target: string; other: string }
  | { kind: 'commission'; target: string }
  | { kind: 'change-supplier'; target: string; supplier: string; certificates?: OrgCertificates }
  /** 6.15.1, 6.21: new Organisation Certificates for a remote party's role. */
  | { kind: 'replace-org-certificates'; target: string; role: string; certificates: OrgCertificates }
  /** 6.24.2: the device reads out its own certificate of that type. */
  | { kind: 'read-credential'; target: string; credentialType: DeviceCredentialType }
  /** 6.15.2: the device starts using a new certificate of its own (the serial stands for it). */
  | { kind: 'replace-device-certificate'; target: string; credentialType: DeviceCredentialType; serial: string }
  /** 3.2, 6.8, 11.3 and DCC's own commands: the device keeps a setting (see DEVICE_SETTINGS). */
  | { kind: 'set'; target: string; setting: DeviceSetting; value: string }
  /**
   * 8.12.1, 8.12.2: a replacement hub (CHF or GPF) takes the device log DCC kept of the hub it
   * replaces; the powered devices in it then log the new hub instead of the old one.
   */
  | { kind: 'restore-log'; target: string; replaces: string; entries: string[] };

/**
 * Settings a simulated device keeps, each written by a command. GBCS is out of scope, so these
 * stand for the device's configuration: what a command changed is what the device reports.
 */
export const DEVICE_SETTINGS = ['access-restricted-from', 'billing-calendar', 'firmware-hash'] as const;
export type DeviceSetting = (typeof DEVICE_SETTINGS)[number];

export interface DeviceOutcome {
  /** The device carried the command out (its own state changed). */
  applied: boolean;
  /** The device answered (its response left the device, whether or not it reaches the DSP). */
  answered: boolean;
  /** The answer reaches the DSP. */
  reachesDsp: boolean;
  /** For han-log-add: the added device joined the hub's HAN. */
  joinedHan?: boolean;
  /** For read-credential and replace-device-certificate: the certificate the device uses (its serial). */
  credential?: { type: DeviceCredentialType; serial: string };
  /** For set: the setting as the device now holds it (11.3 reports the activated image's hash). */
  setting?: { name: DeviceSetting; value: string };
}

export interface SimulatedDeviceState {
  deviceId: string;
  online: boolean;
  commissioned: boolean;
  /** User ID of the supplier whose credentials the device trusts. */
  supplier?: string;
  /** The CHF whose HAN the device has joined. */
  hanHub?: string;
  log: string[];
}

export function createDeviceSchema(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS sim_devices (
      device_id TEXT PRIMARY KEY,
      online INTEGER NOT NULL DEFAULT 1,
      commissioned INTEGER NOT NULL DEFAULT 0,
      supplier TEXT,
      han_hub TEXT
    );
    CREATE TABLE IF NOT EXISTS sim_device_log (
      device_id TEXT NOT NULL,
      entry TEXT NOT NULL,
      PRIMARY KEY (device_id, entry)
    );
    CREATE TABLE IF NOT EXISTS sim_faults (
      device_id TEXT PRIMARY KEY,
      fault TEXT NOT NULL
    );
    -- Which issue of each Device Certificate the device uses; no row: as manufactured (0).
    CREATE TABLE IF NOT EXISTS sim_device_credentials (
      device_id TEXT NOT NULL,
      credential_type TEXT NOT NULL,
      generation INTEGER NOT NULL,
      PRIMARY KEY (device_id, credential_type)
    );
    -- A certificate the device was given (6.15.2) rather than one of its issues; wins over the generation.
    CREATE TABLE IF NOT EXISTS sim_device_given_credentials (
      device_id TEXT NOT NULL,
      credential_type TEXT NOT NULL,
      serial TEXT NOT NULL,
      PRIMARY KEY (device_id, credential_type)
    );
    CREATE TABLE IF NOT EXISTS sim_device_settings (
      device_id TEXT NOT NULL,
      setting TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (device_id, setting)
    );
    -- Organisation Certificates the device holds as trust anchors, by role and usage.
    CREATE TABLE IF NOT EXISTS sim_org_certificates (
      device_id TEXT NOT NULL,
      role TEXT NOT NULL,
      usage TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      PRIMARY KEY (device_id, role, usage)
    );
  `);
}

export class SimulatedDevices {
  constructor(private readonly db: Db) {
    createDeviceSchema(db);
  }

  /** The device exists physically (installed, powered unless told otherwise). */
  ensure(deviceId: string): void {
    this.db.prepare('INSERT OR IGNORE INTO sim_devices (device_id) VALUES (?)').run(deviceId);
  }

  setOnline(deviceId: string, online: boolean): void {
    this.ensure(deviceId);
    this.db.prepare('UPDATE sim_devices SET online = ? WHERE device_id = ?').run(online ? 1 : 0, deviceId);
  }

  /** The device shows `fault` on its next command (one fault pending per device; the last one set wins). */
  injectFault(deviceId: string, fault: DeviceFault): void {
    this.db.prepare('INSERT INTO sim_faults (device_id, fault) VALUES (?, ?) ON CONFLICT(device_id) DO UPDATE SET fault = excluded.fault').run(deviceId, fault);
  }

  pendingFault(deviceId: string): DeviceFault | undefined {
    const r = this.db.prepare('SELECT fault FROM sim_faults WHERE device_id = ?').get(deviceId) as { fault: DeviceFault } | undefined;
    return r?.fault;
  }

  /** The serial of the certificate of `type` the device uses now. */
  credential(deviceId: string, type: DeviceCredentialType): string {
    const given = this.db.prepare('SELECT serial FROM sim_device_given_credentials WHERE device_id = ? AND credential_type = ?').get(deviceId, type) as
      | { serial: string }
      | undefined;
    return given?.serial ?? deviceCertificateSerial(deviceId, type, this.generation(deviceId, type));
  }

  /**
   * The device starts using a new issue of its certificate of `type`, without the DCC hearing
   * of it: the Inventory and SMKI Repository now hold an older one (what 6.24.2 then repairs).
   */
  renewCredential(deviceId: string, type: DeviceCredentialType): string {
    this.ensure(deviceId);
    this.db
      .prepare(
        `INSERT INTO sim_device_credentials (device_id, credential_type, generation) VALUES (?, ?, ?)
         ON CONFLICT(device_id, credential_type) DO UPDATE SET generation = excluded.generation`,
      )
      .run(deviceId, type, this.generation(deviceId, type) + 1);
    this.db.prepare('DELETE FROM sim_device_given_credentials WHERE device_id = ? AND credential_type = ?').run(deviceId, type);
    return this.credential(deviceId, type);
  }

  private generation(deviceId: string, type: DeviceCredentialType): number {
    const r = this.db.prepare('SELECT generation FROM sim_device_credentials WHERE device_id = ? AND credential_type = ?').get(deviceId, type) as
      | { generation: number }
      | undefined;
    return r?.generation ?? 0;
  }

  /** The Organisation Certificates the device holds, as `role/usage` -> fingerprint. */
  orgCertificates(deviceId: string): Record<string, string> {
    const rows = this.db.prepare('SELECT role, usage, fingerprint FROM sim_org_certificates WHERE device_id = ? ORDER BY role, usage').all(deviceId) as {
      role: string;
      usage: string;
      fingerprint: string;
    }[];
    return Object.fromEntries(rows.map((r) => [`${r.role}/${r.usage}`, r.fingerprint]));
  }

  private placeOrgCertificates(deviceId: string, role: string, certificates: OrgCertificates): void {
    const put = this.db.prepare(
      `INSERT INTO sim_org_certificates (device_id, role, usage, fingerprint) VALUES (?, ?, ?, ?)
       ON CONFLICT(device_id, role, usage) DO UPDATE SET fingerprint = excluded.fingerprint`,
    );
    for (const [usage, fingerprint] of Object.entries(certificates)) put.run(deviceId, role, usage, fingerprint);
  }

  /** The settings the device holds, by name. */
  settings(deviceId: string): Partial<Record<DeviceSetting, string>> {
    const rows = this.db.prepare('SELECT setting, value FROM sim_device_settings WHERE device_id = ? ORDER BY setting').all(deviceId) as { setting: DeviceSetting; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.setting, r.value]));
  }

  log(deviceId: string): string[] {
    return (this.db.prepare('SELECT entry FROM sim_device_log WHERE device_id = ? ORDER BY entry').all(deviceId) as { entry: string }[]).map((r) => r.entry);
  }

  state(deviceId: string): SimulatedDeviceState | undefined {
    const r = this.db.prepare('SELECT * FROM sim_devices WHERE device_id = ?').get(deviceId) as
      | { device_id: string; online: number; commissioned: number; supplier: string | null; han_hub: string | null }
      | undefined;
    if (!r) return undefined;
    return {
      deviceId: r.device_id,
      online: r.online === 1,
      commissioned: r.commissioned === 1,
      ...(r.supplier !== null ? { supplier: r.supplier } : {}),
      ...(r.han_hub !== null ? { hanHub: r.han_hub } : {}),
      log: this.log(deviceId),
    };
  }

  /** Carry out a command on its target device, honouring (and using up) an injected fault. */
  execute(cmd: DeviceCommand): DeviceOutcome {
    return this.db.transaction((): DeviceOutcome => {
      this.ensure(cmd.target);
      const fault = this.pendingFault(cmd.target);
      if (fault) this.db.prepare('DELETE FROM sim_faults WHERE device_id = ?').run(cmd.target);
      const online = this.state(cmd.target)!.online;
      if (!online || fault === 'no-answer') return { applied: false, answered: false, reachesDsp: false };
      if (fault === 'device-rejects') return { applied: false, answered: true, reachesDsp: true };
      const joinedHan = this.apply(cmd);
      const credential =
        cmd.kind === 'read-credential' || cmd.kind === 'replace-device-certificate'
          ? { type: cmd.credentialType, serial: this.credential(cmd.target, cmd.credentialType) }
          : undefined;
      const setting = cmd.kind === 'set' ? { name: cmd.setting, value: this.settings(cmd.target)[cmd.setting]! } : undefined;
      return {
        applied: true,
        answered: true,
        reachesDsp: fault !== 'response-lost',
        ...(joinedHan !== undefined ? { joinedHan } : {}),
        ...(credential ? { credential } : {}),
        ...(setting ? { setting } : {}),
      };
    })();
  }

  private addLog(deviceId: string, entry: string): void {
    this.ensure(deviceId);
    this.db.prepare('INSERT OR IGNORE INTO sim_device_log (device_id, entry) VALUES (?, ?)').run(deviceId, entry);
  }

  private removeLog(deviceId: string, entry: string): void {
    this.db.prepare('DELETE FROM sim_device_log WHERE device_id = ? AND entry = ?').run(deviceId, entry);
  }

  private apply(cmd: DeviceCommand): boolean | undefined {
    switch (cmd.kind) {
      case 'han-log-add': {
        // the hub whitelists the device; a powered device then joins the hub's HAN and logs the hub
        this.addLog(cmd.target, cmd.device);
        this.ensure(cmd.device);
        if (!this.state(cmd.device)!.online) return false;
        this.db.prepare('UPDATE sim_devices SET han_hub = ? WHERE device_id = ?').run(cmd.target, cmd.device);
        this.addLog(cmd.device, cmd.target);
        return true;
      }
      case 'han-log-remove':
        this.removeLog(cmd.target, cmd.device);
        this.removeLog(cmd.device, cmd.target);
        this.db.prepare('UPDATE sim_devices SET han_hub = NULL WHERE device_id = ? AND han_hub = ?').run(cmd.device, cmd.target);
        return undefined;
      case 'join':
        // GBCS: a device accepts a repeated Join (it is already in the log: nothing changes)
        this.addLog(cmd.target, cmd.other);
        this.addLog(cmd.other, cmd.target);
        return undefined;
      case 'unjoin':
        this.removeLog(cmd.target, cmd.other);
        this.removeLog(cmd.other, cmd.target);
        return undefined;
      case 'commission':
        this.db.prepare('UPDATE sim_devices SET commissioned = 1 WHERE device_id = ?').run(cmd.target);
        return undefined;
      case 'change-supplier':
        this.db.prepare('UPDATE sim_devices SET supplier = ? WHERE device_id = ?').run(cmd.supplier, cmd.target);
        if (cmd.certificates) this.placeOrgCertificates(cmd.target, 'Supplier', cmd.certificates);
        return undefined;
      case 'replace-org-certificates':
        this.placeOrgCertificates(cmd.target, cmd.role, cmd.certificates);
        return undefined;
      case 'read-credential':
        return undefined; // reading changes nothing on the device
      case 'replace-device-certificate':
        this.db
          .prepare(
            `INSERT INTO sim_device_given_credentials (device_id, credential_type, serial) VALUES (?, ?, ?)
             ON CONFLICT(device_id, credential_type) DO UPDATE SET serial = excluded.serial`,
          )
          .run(cmd.target, cmd.credentialType, cmd.serial);
        return undefined;
      case 'set':
        this.db
          .prepare('INSERT INTO sim_device_settings (device_id, setting, value) VALUES (?, ?, ?) ON CONFLICT(device_id, setting) DO UPDATE SET value = excluded.value')
          .run(cmd.target, cmd.setting, cmd.value);
        return undefined;
      case 'restore-log':
        for (const device of cmd.entries) {
          this.addLog(cmd.target, device);
          this.ensure(device);
          if (!this.state(device)!.online) continue;
          this.removeLog(device, cmd.replaces);
          this.addLog(device, cmd.target);
          // a CHF's devices move to the replacement's HAN; a GPF's stay on their hub's
          this.db.prepare('UPDATE sim_devices SET han_hub = ? WHERE device_id = ? AND han_hub = ?').run(cmd.target, device, cmd.replaces);
        }
        return undefined;
    }
  }
}
