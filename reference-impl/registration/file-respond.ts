// The DCC's E46 answer on a reference database file (the one `serve --db` uses), for
// `sec-conformance flags respond`: the rules the reference last ran with (recorded in the
// database), the gas feature switch, and the reference's default placeholder flag for an RJ.
// Read-only: answering notifies nothing.
import { existsSync, writeFileSync } from 'node:fs';
import { DEFAULT_ASSUMPTIONS } from '../dsp/assumptions.ts';
import { openDatabase } from '../smi/database.ts';
import { ServiceFlagStore } from '../smi/service-flags.ts';
import { flagSide } from './export.ts';
import { ExportDatabaseError, recordedServiceFlagRules } from './file-export.ts';
import { answerFlagRequest, formatFlagAnswers } from './respond.ts';

export interface FileRespondOptions {
  db: string;
  meterPoints: readonly string[];
  out: string;
  now?: Date;
}

export interface FileRespondResult {
  out: string;
  accepted: number;
  rejected: number;
  baseline: string;
  flagProfile: string;
  side: 'MP077' | 'before-MP077';
  switchOn: boolean;
}

export function respondFromDatabase(o: FileRespondOptions): FileRespondResult {
  // never create an empty database for a mistyped path
  if (!existsSync(o.db)) throw new ExportDatabaseError(`no reference database at ${o.db}`);
  const db = openDatabase(o.db);
  try {
    const store = new ServiceFlagStore(db);
    const { rules, baseline, flagProfile } = recordedServiceFlagRules(store);
    const a = DEFAULT_ASSUMPTIONS.serviceFlags;
    const answers = answerFlagRequest(store, rules.serviceFlags, o.meterPoints, {
      now: o.now ?? new Date(),
      rejectedFlag: { MP077: a.rejectedFlag, 'before-MP077': a.rejectedFlagBeforeMp077 },
    });
    writeFileSync(o.out, formatFlagAnswers(answers));
    return {
      out: o.out,
      accepted: answers.filter((a) => a.outcome === 'AC').length,
      rejected: answers.filter((a) => a.outcome === 'RJ').length,
      baseline,
      flagProfile,
      side: flagSide(rules.serviceFlags),
      switchOn: rules.serviceFlags.switches && store.switchOn('gas'),
    };
  } finally {
    db.close();
  }
}
