// CV 4 pre-commands DCC has handed out and not yet seen signed (CV 5). Keyed by RequestID, which
// the CV 5 reuses; taking one removes it, so a CV 5 is accepted once.
import type { Clock } from '../clock.ts';
import type { Db } from './database.ts';

export interface PreCommand {
  requestId: string;
  originator: string;
  target: string;
  srv: string;
  /** The CV 4 request as received: its body is what the CV 5 will carry out. */
  requestXml: string;
  /** base64 of the (made-up) GBCS pre-command. */
  gbcsPayload: string;
  createdAt: string;
}

export class PreCommands {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  store(p: Omit<PreCommand, 'createdAt'>): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO smi_pre_commands (request_id, originator, target, srv, request_xml, gbcs_payload, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(p.requestId, p.originator, p.target, p.srv, p.requestXml, p.gbcsPayload, this.clock().toISOString());
  }

  get(requestId: string): PreCommand | undefined {
    const r = this.db.prepare('SELECT * FROM smi_pre_commands WHERE request_id = ?').get(requestId) as Record<string, string> | undefined;
    if (!r) return undefined;
    return {
      requestId: r['request_id']!,
      originator: r['originator']!,
      target: r['target']!,
      srv: r['srv']!,
      requestXml: r['request_xml']!,
      gbcsPayload: r['gbcs_payload']!,
      createdAt: r['created_at']!,
    };
  }

  take(requestId: string): void {
    this.db.prepare('DELETE FROM smi_pre_commands WHERE request_id = ?').run(requestId);
  }
}
