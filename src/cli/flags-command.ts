// `sec-conformance flags`: MP077's DCC Service Flag registration files from the command line.
//   flags export   the DCC's export for one fuel on a reference database (the serve --db file)
//   flags switch   turn a fuel's MP077 feature switch on or off in that database
//   flags respond  the DCC's E46 answer to a gas RDP's request about Meter Points, on that database
//   flags check    check any registration file against our record schema (schemas/registration-files.ts)
//   flags compare  run the suite once per MP077 reading and compare verdicts per requirement
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ExportDatabaseError, exportFlagsToFile, setSwitchInDatabase } from '../../reference-impl/registration/file-export.ts';
import { respondFromDatabase } from '../../reference-impl/registration/file-respond.ts';
import { checkFlagRequest, FlagRequestError, parseFlagRequestFile } from '../../reference-impl/registration/respond.ts';
import { formatIssues, layout, LAYOUT_IDS, RegistrationFileChecker, type FlagSide, type LayoutId } from '../../schemas/registration-files.ts';
import type { ConformanceReport } from '../report/model.ts';
import { compareProfiles, formatComparison, renderComparisonHtml } from '../report/profiles-comparison.ts';
import { FLAG_PROFILES, FUELS, parseFuel, type FlagProfile, type Fuel } from '../service-flags.ts';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './cli-error.ts';
import { PROJECT_ROOT } from './run-command.ts';

export function registerFlags(program: Command): void {
  const flags = program.command('flags').description('MP077 DCC Service Flags: export, check and compare registration files');

  flags
    .command('export')
    .description('write the DCC Service Flag changes not yet notified for one fuel to FILE, then mark them notified')
    .addOption(new Option('--fuel <fuel>', 'gas (DCC Status File of E45 records) or electricity (our ESF layout, not D0350)').argParser(fuelArg).makeOptionMandatory())
    .requiredOption('--out <file>', 'file to write (replaced only once complete)')
    .requiredOption('--db <file>', 'the reference database (the file serve --db uses)')
    .addOption(new Option('--batch-size <n>', 'rows read per query').argParser(positive).default(10_000))
    .addHelpText('after', '\nA second run writes nothing new; changes kept while a fuel\'s switch was off go out on the first run after it is on.')
    .action(async (o: { fuel: Fuel; out: string; db: string; batchSize: number }) => {
      try {
        const r = await exportFlagsToFile({ db: o.db, fuel: o.fuel, out: o.out, batchSize: o.batchSize });
        process.stdout.write(
          `${r.records} ${r.fuel} record(s) written to ${r.out} (values sent: ${r.values.join(', ')}; baseline ${r.baseline}, flag profile ${r.flagProfile}, ` +
            `${r.side === 'MP077' ? `feature switch ${r.switchOn ? 'on' : 'off'}` : 'before MP077'})\n`,
        );
      } catch (e) {
        if (e instanceof ExportDatabaseError) throw new CliError(e.message, EXIT_USAGE);
        throw e;
      }
    });

  flags
    .command('switch')
    .description("turn a fuel's MP077 feature switch on or off in a reference database")
    .addOption(new Option('--fuel <fuel>', 'gas or electricity').argParser(fuelArg).makeOptionMandatory())
    .addOption(new Option('--on', 'send the new values (A, N, I)').conflicts('off'))
    .addOption(new Option('--off', 'send A only, keeping the new values until the switch is on'))
    .requiredOption('--db <file>', 'the reference database (the file serve --db uses)')
    .action((o: { fuel: Fuel; on?: boolean; off?: boolean; db: string }) => {
      if (!o.on && !o.off) throw new CliError('say --on or --off', EXIT_USAGE);
      try {
        const r = setSwitchInDatabase(o.db, o.fuel, Boolean(o.on));
        process.stdout.write(`${o.fuel} feature switch ${o.on ? 'on' : 'off'}${r.switches ? '' : ` (the reference ran with baseline ${r.baseline}, without MP077: the switch has no effect there)`}\n`);
      } catch (e) {
        if (e instanceof ExportDatabaseError) throw new CliError(e.message, EXIT_USAGE);
        throw e;
      }
    });

  flags
    .command('respond')
    .description("answer a gas Registration Data Provider's request about Meter Points: one E46 record per MPRN, AC with the flag the DCC holds or RJ")
    .argument('[mprns...]', 'Meter Point References asked about (or --request)')
    .option('--request <file>', 'the request: one MPRN per line (blank lines ignored)')
    .addOption(new Option('--fuel <fuel>', 'gas (the only fuel with a response record, E46)').argParser(fuelArg).default('gas'))
    .requiredOption('--out <file>', 'file to write the E46 records to')
    .requiredOption('--db <file>', 'the reference database (the file serve --db uses)')
    .addHelpText('after', '\nRead-only: an answer notifies nothing, so the next flags export still carries every pending change.')
    .action((mprns: string[], o: { request?: string; fuel: Fuel; out: string; db: string }) => {
      if (o.fuel !== 'gas') throw new CliError('only gas has a response record (E46); the seed gives none for electricity', EXIT_USAGE);
      try {
        const asked = [...(o.request !== undefined ? requestFile(o.request) : []), ...mprns];
        if (asked.length === 0) throw new CliError('say which Meter Points: MPRNs as arguments or --request FILE', EXIT_USAGE);
        const r = respondFromDatabase({ db: o.db, meterPoints: checkFlagRequest(asked), out: o.out });
        process.stdout.write(
          `${r.accepted + r.rejected} E46 record(s) written to ${r.out}: ${r.accepted} accepted (AC), ${r.rejected} rejected (RJ) ` +
            `(baseline ${r.baseline}, flag profile ${r.flagProfile}, ${r.side === 'MP077' ? `feature switch ${r.switchOn ? 'on' : 'off'}` : 'before MP077'})\n`,
        );
      } catch (e) {
        if (e instanceof ExportDatabaseError || e instanceof FlagRequestError) throw new CliError(e.message, EXIT_USAGE);
        throw e;
      }
    });

  flags
    .command('check')
    .description('check a registration file against our record schema, record by record')
    .argument('<file>', 'the file')
    .addOption(new Option('--layout <layout>', 'gas-status-file (E45), gas-response (E46) or electricity (ESF)').choices([...LAYOUT_IDS]))
    .addOption(new Option('--fuel <fuel>', 'shorthand: gas -> gas-status-file, electricity -> electricity').argParser(fuelArg))
    .option('--before-mp077', 'the flag values before MP077 (A, S, W) instead of after (A, N, I)')
    .addOption(new Option('--max-issues <n>', 'stop listing after this many').argParser(positive).default(100))
    .action(async (file: string, o: { layout?: LayoutId; fuel?: Fuel; beforeMp077?: boolean; maxIssues: number }) => {
      const id: LayoutId | undefined = o.layout ?? (o.fuel === 'gas' ? 'gas-status-file' : o.fuel === 'electricity' ? 'electricity' : undefined);
      if (!id) throw new CliError('say which layout: --layout or --fuel', EXIT_USAGE);
      if (!existsSync(file)) throw new CliError(`no such file: ${file}`, EXIT_USAGE);
      const side: FlagSide = o.beforeMp077 ? 'before-MP077' : 'MP077';
      const l = layout(id, side);
      const checker = await checkFileStreaming(file, new RegistrationFileChecker(l, o.maxIssues));
      if (checker.valid) {
        process.stdout.write(`PASS ${file}: ${checker.recordCount} record(s), a valid ${l.title} (${side} values)\n`);
        process.exitCode = EXIT_OK;
      } else {
        process.stdout.write(`FAIL ${file}: not a valid ${l.title} (${side} values)\n${formatIssues(checker.issues)}\n`);
        process.exitCode = EXIT_FAILED;
      }
    });

  flags
    .command('compare')
    .description('run the suite once per MP077 reading (legal-text, dsp-assessment) and compare verdicts per requirement')
    .argument('[features...]', 'feature files or folders (default: features/MP077)')
    .option('--target <target>', 'as for run', 'ref')
    .option('--target-options <json>', 'as for run')
    .option('--baseline <spec>', 'as for run', 'all')
    .option('--reference-baseline <spec>', 'as for run')
    .option('--reference-flag-profile <name>', 'make the reference follow this reading in both runs (default: the reading of each run)')
    .option('--tags <expr>', 'as for run')
    .option('--schema-dir <dir>', 'as for run')
    .option('--users <file>', 'as for run')
    .option('--reports <dir>', 'writes flags-profiles.json and .html here, each run under profiles/<name>/', 'reports')
    .addHelpText('after', '\nThe last line is "N passed, N failed" over both runs. Exit status 0 only when both runs passed.')
    .action(async (features: string[], o: CompareOptions) => {
      process.exitCode = await compare(features, o);
    });
}

interface CompareOptions {
  target: string;
  targetOptions?: string;
  baseline: string;
  referenceBaseline?: string;
  referenceFlagProfile?: string;
  tags?: string;
  schemaDir?: string;
  users?: string;
  reports: string;
}

async function compare(features: string[], o: CompareOptions): Promise<number> {
  if (o.referenceFlagProfile !== undefined && !(FLAG_PROFILES as readonly string[]).includes(o.referenceFlagProfile)) {
    throw new CliError(`--reference-flag-profile must be one of ${FLAG_PROFILES.join(', ')}`, EXIT_USAGE);
  }
  const reportsDir = isAbsolute(o.reports) ? o.reports : resolve(o.reports);
  const paths = features.length ? features : [join(PROJECT_ROOT, 'features', 'MP077')];
  const reports = {} as Record<FlagProfile, ConformanceReport>;
  for (const profile of FLAG_PROFILES) {
    const dir = join(reportsDir, 'profiles', profile);
    mkdirSync(dir, { recursive: true });
    rmSync(join(dir, 'conformance.json'), { force: true });
    const args = [join(PROJECT_ROOT, 'bin', 'sec-conformance.js'), 'run', ...paths, '--flag-profile', profile, '--reports', dir, '--target', o.target, '--baseline', o.baseline];
    for (const [flag, v] of [
      ['--target-options', o.targetOptions],
      ['--reference-baseline', o.referenceBaseline],
      ['--reference-flag-profile', o.referenceFlagProfile],
      ['--tags', o.tags],
      ['--schema-dir', o.schemaDir],
      ['--users', o.users],
    ] as const) {
      if (v !== undefined) args.push(flag, v);
    }
    process.stderr.write(`\n=== flag profile ${profile}\n`);
    const status = await new Promise<number>((done) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      // the runs' own output goes to stderr: stdout ends with the comparison
      child.stdout.pipe(process.stderr, { end: false });
      child.stderr.pipe(process.stderr, { end: false });
      child.on('close', (code) => done(code ?? 1));
    });
    const file = join(dir, 'conformance.json');
    if (!existsSync(file)) {
      process.stdout.write(`the ${profile} run wrote no report (exit ${status})\n0 passed, 1 failed\n`);
      return EXIT_FAILED;
    }
    reports[profile] = JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
  }
  const comparison = compareProfiles(reports);
  writeFileSync(join(reportsDir, 'flags-profiles.json'), `${JSON.stringify(comparison, null, 2)}\n`);
  writeFileSync(join(reportsDir, 'flags-profiles.html'), renderComparisonHtml(comparison));
  process.stdout.write(`${formatComparison(comparison)}\n`);
  return comparison.failed === 0 && comparison.passed > 0 ? EXIT_OK : EXIT_FAILED;
}

/** Feed a file to the checker in chunks, line by line, whatever its size. */
async function checkFileStreaming(file: string, checker: RegistrationFileChecker): Promise<RegistrationFileChecker> {
  let rest = '';
  let lastByteLf = true;
  let empty = true;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    if ((chunk as string).length) empty = false;
    const lines = text.split('\n');
    rest = lines.pop()!;
    for (const line of lines) checker.line(line);
    lastByteLf = text.endsWith('\n');
  }
  if (rest !== '') checker.line(rest);
  checker.end(empty || lastByteLf);
  return checker;
}

function requestFile(file: string): string[] {
  if (!existsSync(file)) throw new CliError(`no such request file: ${file}`, EXIT_USAGE);
  try {
    return parseFlagRequestFile(readFileSync(file, 'utf8'));
  } catch (e) {
    if (e instanceof FlagRequestError) throw new FlagRequestError(`${file}, ${e.message}`);
    throw e;
  }
}

function fuelArg(value: string): Fuel {
  try {
    return parseFuel(value);
  } catch {
    throw new InvalidArgumentError(`expected ${FUELS.join(' or ')}`);
  }
}

function positive(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number, at least 1');
  return Number(value);
}
