// The conformance formatter: a Cucumber formatter (listed in the run's formats) that reads the
// message stream and, when the run ends, writes conformance.json and conformance.html and prints
// the per-requirement summary whose last line is "N passed, N failed".
//
// Options come from formatOptions.conformance (see ConformanceFormatOptions); world parameters
// are not visible to formatters, so the run configuration puts what the report needs here.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Formatter, type IFormatterOptions } from '@cucumber/cucumber';
import { loadKnownDeviations, type KnownDeviation } from '../runner/known-deviations.ts';
import type { Envelope } from './messages.ts';
import { ReportCollector, type ConformanceReport, type RunInfo } from './model.ts';
import { writeReports } from './writers.ts';
import { formatSummary } from './summary.ts';

export interface ConformanceFormatOptions {
  /** Folder for conformance.json and conformance.html; default "reports" under the working directory. */
  reportsDir?: string;
  /** Known-deviations file (YAML or JSON). */
  knownDeviations?: string;
  /** What the run was pointed at, shown in the report's header. */
  run?: RunInfo;
  /** One line per finished scenario on stderr (default true), so a long run shows it is alive. */
  progress?: boolean;
}

export default class ConformanceFormatter extends Formatter {
  static override readonly documentation = 'SEC conformance verdicts per requirement: conformance.json, conformance.html and a summary ending "N passed, N failed"';

  private readonly collector = new ReportCollector();
  private readonly options: ConformanceFormatOptions;
  private readonly deviations: KnownDeviation[];
  private readonly reportsDir: string;

  constructor(options: IFormatterOptions) {
    super(options);
    this.options = (options.parsedArgvOptions['conformance'] ?? {}) as ConformanceFormatOptions;
    this.reportsDir = resolve(options.cwd, this.options.reportsDir ?? 'reports');
    // a bad deviations file stops the run before any scenario: its verdicts would be wrong
    this.deviations = this.options.knownDeviations ? loadKnownDeviations(resolve(options.cwd, this.options.knownDeviations)) : [];
    options.eventBroadcaster.on('envelope', (e: Envelope) => {
      this.collector.add(e);
      if (e.testCaseFinished && this.options.progress !== false) {
        const line = this.collector.progressLine(e.testCaseFinished.testCaseStartedId, this.deviations);
        if (line) process.stderr.write(`${line}\n`);
      }
    });
  }

  override async finished(): Promise<void> {
    const report: ConformanceReport = this.collector.report(this.options.run ?? {}, this.deviations);
    mkdirSync(this.reportsDir, { recursive: true });
    writeReports(report, this.reportsDir);
    this.log(formatSummary(report));
    await super.finished();
  }
}
