// Commands DCC returned to a User for local delivery (CV 2, CV 6), kept so that the device's
// response, when the User brings it back with 8.13, can be matched to its request and processed
// as DCC would process the same response over the WAN. Keyed by RequestID (upper-case).
import type { Clock } from '../clock.ts';
import type { Db } from './database.ts';

export interface LocalCommandRecord {
  /** RequestID as the User wrote it. */
  requestId: string;
  originator: string;
  target: string;
  srv: string;
  commandVariant: number;
  /** The request whose body the command carries out (for a CV 6, its CV 4). */
  requestXml: string;
  issuedAt: string;
  /** When its response came back through 8.13; a response is taken back once. */
  responseReturnedAt?: string;
}

export class LocalCommands {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS smi_local_commands (
        request_key TEXT PRIMARY KEY,
        request_id TEXT NOT NULL,
        originator TEXT NOT NULL,
        target TEXT NOT NULL,
        srv TEXT NOT NULL,
        command_variant INTEGER NOT NULL,
        request_xml TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        response_returned_at TEXT
      );
    `);
  }

  store(r: Omit<LocalCommandRecord, 'issuedAt' | 'responseReturnedAt'>): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO smi_local_commands (request_key, request_id, originator, target, srv, command_variant, request_xml, issued_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.requestId.toUpperCase(), r.requestId, r.originator, r.target, r.srv, r.commandVariant, r.requestXml, this.clock().toISOString());
  }

  get(requestId: string): LocalCommandRecord | undefined {
    const r = this.db.prepare('SELECT * FROM smi_local_commands WHERE request_key = ?').get(requestId.trim().toUpperCase()) as Record<string, string | number | null> | undefined;
    if (!r) return undefined;
    return {
      requestId: String(r['request_id']),
      originator: String(r['originator']),
      target: String(r['target']),
      srv: String(r['srv']),
      commandVariant: Number(r['command_variant']),
      requestXml: String(r['request_xml']),
      issuedAt: String(r['issued_at']),
      ...(r['response_returned_at'] !== null ? { responseReturnedAt: String(r['response_returned_at']) } : {}),
    };
  }

  markResponseReturned(requestId: string): void {
    this.db.prepare('UPDATE smi_local_commands SET response_returned_at = ? WHERE request_key = ?').run(this.clock().toISOString(), requestId.trim().toUpperCase());
  }
}
