// What DCC records of certificates on devices: each device's own Device Certificates, held both
// in the Inventory and in the SMKI Repository (6.24.2 keeps them in line with the device), and
// the Organisation Certificates DCC tracks as placed on each device (6.15.1, 6.21, 6.23, whether
// the response came over the WAN or back through 8.13).
import { deviceCertificateSerial, type DeviceCredentialType, type OrgCertificates } from '../devices/certificates.ts';
import type { Clock } from '../clock.ts';
import type { Db } from './database.ts';

export type CertificateStore = 'inventory' | 'smki';

export interface TrackedOrgCertificate {
  role: string;
  usage: string;
  fingerprint: string;
}

export class CertificateRecords {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    db.exec(`
      -- Device Certificates as each store records them; no row: as manufactured (issue 0).
      CREATE TABLE IF NOT EXISTS smi_device_certificates (
        store TEXT NOT NULL,
        device_id TEXT NOT NULL,
        credential_type TEXT NOT NULL,
        serial TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (store, device_id, credential_type)
      );
      CREATE TABLE IF NOT EXISTS smi_org_certificates (
        device_id TEXT NOT NULL,
        role TEXT NOT NULL,
        usage TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (device_id, role, usage)
      );
    `);
  }

  /** The serial `store` holds for a device's certificate of `type`. */
  deviceCertificate(store: CertificateStore, deviceId: string, type: DeviceCredentialType): string {
    const r = this.db.prepare('SELECT serial FROM smi_device_certificates WHERE store = ? AND device_id = ? AND credential_type = ?').get(store, deviceId, type) as
      | { serial: string }
      | undefined;
    return r?.serial ?? deviceCertificateSerial(deviceId, type, 0);
  }

  setDeviceCertificate(store: CertificateStore, deviceId: string, type: DeviceCredentialType, serial: string): void {
    this.db
      .prepare(
        `INSERT INTO smi_device_certificates (store, device_id, credential_type, serial, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(store, device_id, credential_type) DO UPDATE SET serial = excluded.serial, updated_at = excluded.updated_at`,
      )
      .run(store, deviceId, type, serial, this.clock().toISOString());
  }

  /** The device uses this certificate now: the Inventory and the SMKI Repository both record it. */
  recordDeviceCertificate(deviceId: string, type: DeviceCredentialType, serial: string): void {
    this.setDeviceCertificate('inventory', deviceId, type, serial);
    this.setDeviceCertificate('smki', deviceId, type, serial);
  }

  trackOrgCertificates(deviceId: string, role: string, certificates: OrgCertificates): void {
    const put = this.db.prepare(
      `INSERT INTO smi_org_certificates (device_id, role, usage, fingerprint, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(device_id, role, usage) DO UPDATE SET fingerprint = excluded.fingerprint, updated_at = excluded.updated_at`,
    );
    const now = this.clock().toISOString();
    for (const [usage, fingerprint] of Object.entries(certificates)) put.run(deviceId, role, usage, fingerprint, now);
  }

  orgCertificates(deviceId: string): TrackedOrgCertificate[] {
    return this.db.prepare('SELECT role, usage, fingerprint FROM smi_org_certificates WHERE device_id = ? ORDER BY role, usage').all(deviceId) as TrackedOrgCertificate[];
  }
}
