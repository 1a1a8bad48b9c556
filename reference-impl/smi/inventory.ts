// The Smart Metering Inventory: devices, their status and who may act on them, the CH device
// logs and join relationships as DCC records them. Plain data in, plain data out: no DUIS here.
import type { DeviceStatus, DeviceType } from '../../src/duis/responses.ts';
import type { Clock } from '../clock.ts';
import type { Statement } from 'better-sqlite3';
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
  /** SMETS1 Service Provider: held only for a SMETS1 device (enrolled by migration, not pre-notified). */
  s1sp?: string;
  /** DUIS CSPRegion as the inventory shows it ('SMETS1' for a SMETS1 device). */
  cspRegion?: string;
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
  s1sp: 's1sp',
  cspRegion: 'csp_region',
};

const FIELDS = Object.keys(COLUMNS) as (keyof SmiDevice)[];

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

/** Told of every device added, updated or deleted: before and after (undefined when absent). */
export type DeviceChangeListener = (before: SmiDevice | undefined, after: SmiDevice | undefined) => void;

export interface SmiInventoryOptions {
  /** The Network Operator recorded for a device that enters the SMI without one. */
  networkOperatorFor?: (device: SmiDevice) => string | undefined;
}

export class SmiInventory {
  /** Prepared statements by SQL text: preparing costs more than running these small queries. */
  private readonly statements = new Map<string, Statement>();
  /** Data management that follows device changes (MP077's DCC Service Status); set once by the reference. */
  onDeviceChange?: DeviceChangeListener;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: SmiInventoryOptions = {},
  ) {
    createSmiSchema(db);
  }

  private sql(text: string): Statement {
    let st = this.statements.get(text);
    if (!st) {
      st = this.db.prepare(text);
      this.statements.set(text, st);
    }
    return st;
  }

  private now(): string {
    return this.clock().toISOString();
  }

  // --- devices ---------------------------------------------------------------------------------

  get(deviceId: string): SmiDevice | undefined {
    const row = this.sql('SELECT * FROM smi_devices WHERE device_id = ?').get(deviceId) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  has(deviceId: string): boolean {
    return this.sql('SELECT 1 FROM smi_devices WHERE device_id = ?').get(deviceId) !== undefined;
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
    this.sql(`INSERT INTO smi_devices (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...values);
    this.onDeviceChange?.(undefined, this.get(device.deviceId));
  }

  /**
   * Many devices in one transaction through one prepared statement: for benches and large
   * fixtures, where a DUIS install flow per device would measure the flow, not the SMI.
   * All or nothing: a device already held aborts the lot.
   */
  addMany(devices: Iterable<SmiDevice>): number {
    const cols = [...FIELDS.map((f) => COLUMNS[f]), 'created_at', 'updated_at'];
    const insert = this.db.prepare(`INSERT INTO smi_devices (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
    const now = this.now();
    let n = 0;
    this.db.transaction(() => {
      for (const d of devices) {
        insert.run(...FIELDS.map((f) => (d[f] as string | undefined) ?? null), now, now);
        n++;
      }
    })();
    return n;
  }

  /** Set the given fields; `null` clears one. */
  update(deviceId: string, changes: { [K in keyof SmiDevice]?: SmiDevice[K] | null }): void {
    const fields = Object.keys(changes).filter((f) => f !== 'deviceId') as (keyof SmiDevice)[];
    if (fields.length === 0) return;
    const before = this.onDeviceChange ? this.get(deviceId) : undefined;
    const sets = [...fields.map((f) => `${COLUMNS[f]} = ?`), 'updated_at = ?'];
    const values = [...fields.map((f) => (changes[f] ?? null) as string | null), this.now(), deviceId];
    const r = this.sql(`UPDATE smi_devices SET ${sets.join(', ')} WHERE device_id = ?`).run(...values);
    if (r.changes === 0) throw new SmiError(`device ${deviceId} is not in the SMI`);
    this.onDeviceChange?.(before, this.get(deviceId));
  }

  setStatus(deviceId: string, status: DeviceStatus): void {
    this.update(deviceId, { status });
  }

  delete(deviceId: string): void {
    const before = this.onDeviceChange ? this.get(deviceId) : undefined;
    this.sql('DELETE FROM smi_devices WHERE device_id = ?').run(deviceId);
    this.sql('DELETE FROM smi_han_log WHERE device_id = ? OR hub_id = ?').run(deviceId, deviceId);
    this.sql('DELETE FROM smi_joins WHERE device_a = ? OR device_b = ?').run(deviceId, deviceId);
    if (before) this.onDeviceChange?.(before, undefined);
  }

  /** Devices whose import, secondary import or export MPxN is `mpxn`, or a CHF installed for it. */
  byMpxn(mpxn: string): SmiDevice[] {
    const rows = this
      .sql(
        `SELECT * FROM smi_devices WHERE import_mpxn = @m OR secondary_import_mpan = @m OR export_mpan = @m OR install_mpxn = @m ORDER BY created_at, device_id`,
      )
      .all({ m: mpxn }) as Row[];
    return rows.map(fromRow);
  }

  byUprn(uprn: string): SmiDevice[] {
    return (this.sql('SELECT * FROM smi_devices WHERE uprn = ? ORDER BY created_at, device_id').all(uprn) as Row[]).map(fromRow);
  }

  byAddress(postCode: string, addressIdentifier: string): SmiDevice[] {
    return (
      this
        .sql('SELECT * FROM smi_devices WHERE post_code = ? AND address_identifier = ? ORDER BY created_at, device_id')
        .all(postCode, addressIdentifier) as Row[]
    ).map(fromRow);
  }

  /** The CHF and every device recorded on its HAN (GPF included). */
  onHub(chfId: string): SmiDevice[] {
    return (
      this.sql('SELECT * FROM smi_devices WHERE device_id = ? OR comms_hub = ? ORDER BY created_at, device_id').all(chfId, chfId) as Row[]
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
    return (this.sql('SELECT * FROM smi_devices ORDER BY created_at, device_id').all() as Row[]).map(fromRow);
  }

  // --- HAN device logs (the SMI's mirror) --------------------------------------------------------

  addToHanLog(hubId: string, deviceId: string): void {
    this.sql('INSERT OR IGNORE INTO smi_han_log (hub_id, device_id, added_at) VALUES (?, ?, ?)').run(hubId, deviceId, this.now());
  }

  removeFromHanLog(hubId: string, deviceId: string): void {
    this.sql('DELETE FROM smi_han_log WHERE hub_id = ? AND device_id = ?').run(hubId, deviceId);
  }

  hanLog(hubId: string): string[] {
    return (this.sql('SELECT device_id FROM smi_han_log WHERE hub_id = ? ORDER BY device_id').all(hubId) as { device_id: string }[]).map(
      (r) => r.device_id,
    );
  }

  // --- joins -----------------------------------------------------------------------------------

  recordJoin(a: string, b: string): void {
    const [x, y] = a < b ? [a, b] : [b, a];
    this.sql('INSERT OR IGNORE INTO smi_joins (device_a, device_b, joined_at) VALUES (?, ?, ?)').run(x, y, this.now());
  }

  removeJoin(a: string, b: string): void {
    const [x, y] = a < b ? [a, b] : [b, a];
    this.sql('DELETE FROM smi_joins WHERE device_a = ? AND device_b = ?').run(x, y);
  }

  isJoined(a: string, b: string): boolean {
    const [x, y] = a < b ? [a, b] : [b, a];
    return this.sql('SELECT 1 FROM smi_joins WHERE device_a = ? AND device_b = ?').get(x, y) !== undefined;
  }

  /** Devices the SMI records as joined to `deviceId`. */
  joinsOf(deviceId: string): string[] {
    const rows = this
      .sql('SELECT device_b AS other FROM smi_joins WHERE device_a = @d UNION SELECT device_a AS other FROM smi_joins WHERE device_b = @d ORDER BY other')
      .all({ d: deviceId }) as { other: string }[];
    return rows.map((r) => r.other);
  }
}
