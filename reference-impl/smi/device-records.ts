// What the DCC records of a device beyond the Inventory fields 8.2 shows, once a device's
// response tells it: the access restriction a Change of Tenancy set (3.2) and the billing
// calendar the device runs (6.8). One row per device and record; the latest response wins.
import type { Clock } from '../clock.ts';
import type { Db } from './database.ts';

/** The records kept, by name; the reference's inspection shows them under these names. */
export const DEVICE_RECORDS = ['access-restricted-from', 'billing-calendar'] as const;
export type DeviceRecord = (typeof DEVICE_RECORDS)[number];

export class DeviceRecords {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS smi_device_records (
        device_id TEXT NOT NULL,
        record TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (device_id, record)
      );
    `);
  }

  set(deviceId: string, record: DeviceRecord, value: string): void {
    this.db
      .prepare(
        `INSERT INTO smi_device_records (device_id, record, value, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(device_id, record) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(deviceId, record, value, this.clock().toISOString());
  }

  of(deviceId: string): Partial<Record<DeviceRecord, string>> {
    const rows = this.db.prepare('SELECT record, value FROM smi_device_records WHERE device_id = ? ORDER BY record').all(deviceId) as { record: DeviceRecord; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.record, r.value]));
  }
}
