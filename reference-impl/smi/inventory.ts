// The Smart Metering Inventory: devices, their status and who may act on them, the CH device
// logs and join relationships as DCC records them. Plain data in, plain data out: no DUIS here.
import type { DeviceStatus, DeviceType } from '../../src/duis/responses.ts';
import type { Clock } from '../clock.ts';
import { createSmiSchema, type Db } from './database.ts';

export interface SmiDevice {
  deviceId: string;
  deviceType: DeviceType;
  status: DeviceStatus;
  manufacturer: string;
  model: string;
  firmwareVersion?: string;
  smetsChtsVersion?: string;
  esmeVariant?: string;
  importMpxn?: string;
  secondaryImportMpan?: string;
  exportMpan?: string;
  /** User ID of the Responsible Supplier. */
  responsibleSupplier?: string;
  /** User ID of the Network Operator. */
  networkOperator?: string;
  /** User ID that sent the 12.2 pre-notification. */
  prenotifiedBy?: string;
  /** The CHF whose HAN the device belongs to. */
  commsHub?: string;
  /** For a GSME: the GPF named at pre-notification. */
  associatedGpf?: string;
  /** For a CHF: the MPxN given at install (8.14.1). */
  installMpxn?: string;
  uprn?: string;
  postCode?: string;
  addressIdentifier?: string;
  /** xs:date */
  dateCommissioned?: string;
}

/** Columns of smi_devices by field. */
const COLUMNS: Record<keyof SmiDevice, string> = {
  deviceId: 'device_id',
  deviceType: 'device_type',
  status: 'status',
  manufacturer: 'manufacturer',
  model: 'model',
  firmwareVersion: 'firmware_version',
  smetsChtsVersion: 'smets_chts_version',
  esmeVariant: 'esme_variant',
  importMpxn: 'import_mpxn',
  secondaryImportMpan: 'secondary_import_mpan',
  exportMpan: 'export_mpan',
  responsibleSupplier: 'responsible_supplier',
  networkOperator: 'network_operator',
  prenotifiedBy: 'prenotified_by',
  commsHub: 'comms_hub',
  associatedGpf: 'associated_gpf',
  installMpxn: 'install_mpxn',
  uprn: 'uprn',
  postCode: 'post_code',
  addressIdentifier: 'address_identifier',
  dateCommissioned: 'date_commissioned',
};

type Row = Record<string, string | null>;

function fromRow(row: Row): SmiDevice {
  const out: Record<string, string> = {};
  for (const [field, col] of Object.entries(COLUMNS)) {
    const v = row[col];
    if (v !== null && v !== undefined) out[field] = v;
  }
  return out as unknown as SmiDevice;
}

export class SmiError extends Error {}

export interface SmiInventoryOptions {
  /** The Network Operator recorded for a device that enters the SMI without one. */
  networkOperatorFor?: (device: SmiDevice) => string | undefined;
}

export class SmiInventory {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: SmiInventoryOptions = {},
  ) {
    createSmiSchema(db);
  }

  private now(): string {
    return this.clock().toISOString();
  }

  // --- devices ---------------------------------------------------------------------------------

  get(deviceId: string): SmiDevice | undefined {
    const row = this.db.prepare('SELECT * FROM smi_devices WHERE device_id = ?').get(deviceId) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  has(deviceId: string): boolean {
    return this.db.prepare('SELECT 1 FROM smi_devices WHERE device_id = ?').get(deviceId) !== undefined;
  }

  add(entering: SmiDevice): void {
    if (this.has(entering.deviceId)) throw new SmiError(`device ${entering.deviceId} is already in the SMI`);
    // every way into the SMI passes here, so no handler has to know about Network Operators
    const operator = entering.networkOperator ?? this.options.networkOperatorFor?.(entering);
    const device = operator !== undefined ? { ...entering, networkOperator: operator } : entering;
    const fields = Object.keys(COLUMNS).filter((f) => (device as unknown as Record<string, unknown>)[f] !== undefined) as (keyof SmiDevice)[];
    const cols = [...fields.map((f) => COLUMNS[f]), 'created_at', 'updated_at'];
    const now = this.now();
    const values = [...fields.map((f) => device[f] as string), now, now];
    this.db.prepare(`INSERT INTO smi_devices (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...values);
  }

  /** Set the given fields; `null` clears one. */
  update(deviceId: string, changes: { [K in keyof SmiDevice]?: SmiDevice[K] | null }): void {
    const fields = Object.keys(changes).filter((f) => f !== 'deviceId') as (keyof SmiDevice)[];
    if (fields.length === 0) return;
    const sets = [...fields.map((f) => `${COLUMNS[f]} = ?`), 'updated_at = ?'];
    const values = [...fields.map((f) => (changes[f] ?? null) as string | null), this.now(), deviceId];
    const r = this.db.prepare(`UPDATE smi_devices SET ${sets.join(', ')} WHERE device_id = ?`).run(...values);
    if (r.changes === 0) throw new SmiError(`device ${deviceId} is not in the SMI`);
  }

  setStatus(deviceId: string, status: DeviceStatus): void {
    this.update(deviceId, { status });
  }

  delete(deviceId: string): void {
    this.db.prepare('DELETE FROM smi_devices WHERE device_id = ?').run(deviceId);
    this.db.prepare('DELETE FROM smi_han_log WHERE device_id = ? OR hub_id = ?').run(deviceId, deviceId);
    this.db.prepare('DELETE FROM smi_joins WHERE device_a = ? OR device_b = ?').run(deviceId, deviceId);
  }

  /** Devices whose import, secondary import or export MPxN is `mpxn`, or a CHF installed for it. */
  byMpxn(mpxn: string): SmiDevice[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM smi_devices WHERE import_mpxn = @m OR secondary_import_mpan = @m OR export_mpan = @m OR install_mpxn = @m ORDER BY created_at, device_id`,
      )
      .all({ m: mpxn }) as Row[];
    return rows.map(fromRow);
  }

  byUprn(uprn: string): SmiDevice[] {
    return (this.db.prepare('SELECT * FROM smi_devices WHERE uprn = ? ORDER BY created_at, device_id').all(uprn) as Row[]).map(fromRow);
  }

  byAddress(postCode: string, addressIdentifier: string): SmiDevice[] {
    return (
      this.db
        .prepare('SELECT * FROM smi_devices WHERE post_code = ? AND address_identifier = ? ORDER BY created_at, device_id')
        .all(postCode, addressIdentifier) as Row[]
    ).map(fromRow);
  }

  /** The CHF and every device recorded on its HAN (GPF included). */
  onHub(chfId: string): SmiDevice[] {
    return (
      this.db.prepare('SELECT * FROM smi_devices WHERE device_id = ? OR comms_hub = ? ORDER BY created_at, device_id').all(chfId, chfId) as Row[]
    ).map(fromRow);
  }

  /** Devices this User is the Responsible Supplier or the Network Operator of. */
  forParty(userId: string): SmiDevice[] {
    return (
      this.db
        .prepare('SELECT * FROM smi_devices WHERE responsible_supplier = @u OR network_operator = @u ORDER BY created_at, device_id')
        .all({ u: userId }) as Row[]
    ).map(fromRow);
  }

  all(): SmiDevice[] {
    return (this.db.prepare('SELECT * FROM smi_devices ORDER BY created_at, device_id').all() as Row[]).map(fromRow);
  }

  // --- HAN device logs (the SMI's mirror) --------------------------------------------------------

  addToHanLog(hubId: string, deviceId: string): void {
    this.db.prepare('INSERT OR IGNORE INTO smi_han_log (hub_id, device_id, added_at) VALUES (?, ?, ?)').run(hubId, deviceId, this.now());
  }

  removeFromHanLog(hubId: string, deviceId: string): void {
    this.db.prepare('DELETE FROM smi_han_log WHERE hub_id = ? AND device_id = ?').run(hubId, deviceId);
  }

  hanLog(hubId: string): string[] {
    return (this.db.prepare('SELECT device_id FROM smi_han_log WHERE hub_id = ? ORDER BY device_id').all(hubId) as { device_id: string }[]).map(
      (r) => r.device_id,
    );
  }

  // --- joins -----------------------------------------------------------------------------------

  recordJoin(a: string, b: string): void {
    const [x, y] = a < b ? [a, b] : [b, a];
    this.db.prepare('INSERT OR IGNORE INTO smi_joins (device_a, device_b, joined_at) VALUES (?, ?, ?)').run(x, y, this.now());
  }

  removeJoin(a: string, b: string): void {
    const [x, y] = a < b ? [a, b] : [b, a];
    this.db.prepare('DELETE FROM smi_joins WHERE device_a = ? AND device_b = ?').run(x, y);
  }

  isJoined(a: string, b: string): boolean {
    const [x, y] = a < b ? [a, b] : [b, a];
    return this.db.prepare('SELECT 1 FROM smi_joins WHERE device_a = ? AND device_b = ?').get(x, y) !== undefined;
  }

  /** Devices the SMI records as joined to `deviceId`. */
  joinsOf(deviceId: string): string[] {
    const rows = this.db
      .prepare('SELECT device_b AS other FROM smi_joins WHERE device_a = @d UNION SELECT device_a AS other FROM smi_joins WHERE device_b = @d ORDER BY other')
      .all({ d: deviceId }) as { other: string }[];
    return rows.map((r) => r.other);
  }
}
