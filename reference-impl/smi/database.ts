// The SQLite database behind the reference: one file (or ':memory:') holds the SMI's tables and,
// in tables of their own, the simulated devices' state. Each owner creates its own schema on open.
import Database from 'better-sqlite3';

export type Db = Database.Database;

export function openDatabase(file: string = ':memory:'): Db {
  const db = new Database(file);
  // a file DB is written through a WAL so a crash or restart loses nothing committed
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  return db;
}

/** The SMI's own tables. Idempotent: an existing file keeps its data. */
export function createSmiSchema(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS smi_devices (
      device_id TEXT PRIMARY KEY,
      device_type TEXT NOT NULL,
      status TEXT NOT NULL,
      manufacturer TEXT NOT NULL,
      model TEXT NOT NULL,
      firmware_version TEXT,
      smets_chts_version TEXT,
      esme_variant TEXT,
      import_mpxn TEXT,
      secondary_import_mpan TEXT,
      export_mpan TEXT,
      responsible_supplier TEXT,
      network_operator TEXT,
      prenotified_by TEXT,
      comms_hub TEXT,
      associated_gpf TEXT,
      install_mpxn TEXT,
      uprn TEXT,
      post_code TEXT,
      address_identifier TEXT,
      date_commissioned TEXT,
      s1sp TEXT,
      csp_region TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS smi_devices_import_mpxn ON smi_devices(import_mpxn);
    CREATE INDEX IF NOT EXISTS smi_devices_secondary_mpan ON smi_devices(secondary_import_mpan);
    CREATE INDEX IF NOT EXISTS smi_devices_export_mpan ON smi_devices(export_mpan);
    CREATE INDEX IF NOT EXISTS smi_devices_install_mpxn ON smi_devices(install_mpxn);
    CREATE INDEX IF NOT EXISTS smi_devices_comms_hub ON smi_devices(comms_hub);
    CREATE INDEX IF NOT EXISTS smi_devices_uprn ON smi_devices(uprn);
    CREATE INDEX IF NOT EXISTS smi_devices_post_code ON smi_devices(post_code, address_identifier);

    -- The SMI's mirror of each CHF/GPF device log: what the DSP believes the hub has whitelisted.
    CREATE TABLE IF NOT EXISTS smi_han_log (
      hub_id TEXT NOT NULL,
      device_id TEXT NOT NULL,
      added_at TEXT NOT NULL,
      PRIMARY KEY (hub_id, device_id)
    );
    CREATE INDEX IF NOT EXISTS smi_han_log_device ON smi_han_log(device_id);

    -- Join relationships as the SMI records them, written only when the join's response reached
    -- the DSP. Undirected: device_a < device_b.
    CREATE TABLE IF NOT EXISTS smi_joins (
      device_a TEXT NOT NULL,
      device_b TEXT NOT NULL,
      joined_at TEXT NOT NULL,
      PRIMARY KEY (device_a, device_b)
    );
    CREATE INDEX IF NOT EXISTS smi_joins_b ON smi_joins(device_b);

    -- Last OriginatorCounter accepted per BusinessOriginatorID (decimal text: u64 exceeds SQLite's INTEGER).
    CREATE TABLE IF NOT EXISTS smi_originator_counters (
      originator TEXT PRIMARY KEY,
      last_counter TEXT NOT NULL
    );

    -- CV 4 pre-commands waiting for their CV 5.
    CREATE TABLE IF NOT EXISTS smi_pre_commands (
      request_id TEXT PRIMARY KEY,
      originator TEXT NOT NULL,
      target TEXT NOT NULL,
      srv TEXT NOT NULL,
      request_xml TEXT NOT NULL,
      gbcs_payload TEXT NOT NULL,
      created_at TEXT NOT NULL
    );

    -- DCC's own sequence numbers (ResponseIDs, hub EUIs for fixtures).
    CREATE TABLE IF NOT EXISTS smi_sequences (
      name TEXT PRIMARY KEY,
      value INTEGER NOT NULL
    );
  `);
  addMissingColumns(db, 'smi_devices', { s1sp: 'TEXT', csp_region: 'TEXT' });
}

/** Columns added after a database file may have been created: an old file gains them, empty. */
function addMissingColumns(db: Db, table: string, columns: Record<string, string>): void {
  const have = new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
  for (const [name, type] of Object.entries(columns)) {
    if (!have.has(name)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${type}`);
  }
}
