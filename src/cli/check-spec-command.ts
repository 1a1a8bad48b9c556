// `sec-conformance check-spec`: checks that the suite's requirements, the SEC text they cite,
// DCC's DUIS schema and real runs agree. See src/spec/check-spec.ts for the checks.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { Command } from 'commander';
import { checkSpec, SpecInputError } from '../spec/check-spec.ts';
import { formatSpecSummary, writeSpecOutputs } from '../spec/spec-writers.ts';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './cli-error.ts';
import { PROJECT_ROOT } from './run-command.ts';

export interface CheckSpecCliOptions {
  sources?: string;
  schemaDir?: string[];
  knownDeviations?: string[];
  runs?: string[];
  out?: string;
}

export function registerCheckSpec(program: Command): void {
  program
    .command('check-spec')
    .description('check that requirements trace to the SEC text, that the DUIS names they use exist in the DUIS schema, and how runs behaved per requirement')
    .argument('[features...]', 'feature files or folders (default: the suite\'s features/)')
    .option('--sources <dir>', 'folder of the seed documents the Rules cite (e.g. ../shared/seeds): look every citation up')
    .option('--schema-dir <dir>', 'another DUIS release\'s XSD folder to check besides the bundled V5.1 (repeatable)', collect)
    .option('--known-deviations <file>', 'known-deviations list whose requirement and scenario names must exist (repeatable)', collect)
    .option('--runs <reports...>', 'conformance.json of one or more runs, for the behaviour matrix (put feature paths before this option)')
    .option('--out <dir>', 'folder for spec-check.json, .html, .md and spec-check-junit.xml', 'reports/spec')
    .addHelpText(
      'after',
      '\nExit status: 0 no traceability or schema defect, 1 a defect was found, 2 bad usage (a path that does not exist,\n' +
        'a file that is not a run report or deviations list), 3 an internal error. The behaviour matrix\'s findings are\n' +
        'reported but do not change the exit status.',
    )
    .action(async (features: string[], options: CheckSpecCliOptions) => {
      process.exitCode = await runCheckSpec(features, options, { stdout: process.stdout });
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export async function runCheckSpec(features: readonly string[], o: CheckSpecCliOptions, io: { stdout: Writable }, cwd: string = process.cwd()): Promise<number> {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(cwd, p));
  const mustExist = (flag: string, p: string, kind: 'file' | 'dir'): string => {
    const a = abs(p);
    if (!existsSync(a)) throw new CliError(`${flag} ${p}: no such ${kind === 'dir' ? 'folder' : 'file'}`, EXIT_USAGE);
    if (kind === 'dir' && !statSync(a).isDirectory()) throw new CliError(`${flag} ${p} is not a folder`, EXIT_USAGE);
    return a;
  };
  const paths = features.length ? features.map(abs) : [resolve(PROJECT_ROOT, 'features')];
  const options = {
    features: paths,
    ...(o.sources !== undefined ? { sources: mustExist('--sources', o.sources, 'dir') } : {}),
    schemaDirs: (o.schemaDir ?? []).map((d) => mustExist('--schema-dir', d, 'dir')),
    knownDeviations: (o.knownDeviations ?? []).map((f) => mustExist('--known-deviations', f, 'file')),
    runs: (o.runs ?? []).map((f) => mustExist('--runs', f, 'file')),
    cwd,
  };
  let result;
  try {
    result = await checkSpec(options);
  } catch (e) {
    if (e instanceof SpecInputError) throw new CliError(e.message, EXIT_USAGE);
    throw e;
  }
  const written = writeSpecOutputs(result, abs(o.out ?? 'reports/spec'));
  io.stdout.write(formatSpecSummary(result));
  io.stdout.write(`reports: ${Object.values(written).join(', ')}\n`);
  return result.ok ? EXIT_OK : EXIT_FAILED;
}
