// `sec-conformance validate FILE|DIR ...`: checks DUIS documents against the DUIS schema.
// Built for thousands of files per run: the schema is compiled once, files are read one at a
// time and each verdict is written before the next file is read.
import { readFile, stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { Command, InvalidArgumentError, Option } from 'commander';
import { SCHEMA_DIR_ENV } from '../../schemas/locate.ts';
import { DEFAULT_MAX_BYTES, DuisValidator } from '../validation/validator.ts';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './cli-error.ts';
import { fsReason, xmlFilesFrom, type FoundFile } from './xml-files.ts';
import { jsonReporter, textReporter, type FileVerdict, type Summary } from './validate-report.ts';

export interface ValidateOptions {
  schemaDir?: string;
  maxBytes?: number;
  json?: boolean;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check DUIS XML documents (requests, responses, alerts) against the DUIS schema')
    .argument('<paths...>', 'XML files, or folders searched recursively for *.xml (any case)')
    .option('--schema-dir <dir>', `folder of a DUIS release's XSDs, found by targetNamespace (default: $${SCHEMA_DIR_ENV}, else the bundled DUIS V5.1)`)
    .addOption(new Option('--max-bytes <n>', 'refuse documents larger than this many bytes').argParser(positiveInteger).default(DEFAULT_MAX_BYTES))
    .option('--json', 'write one JSON document {schema, files, summary} instead of text lines')
    .addHelpText('after', '\nExit status: 0 all valid, 1 any invalid or unreadable, 2 bad usage or unusable schema.')
    .action(async (paths: string[], options: ValidateOptions) => {
      process.exitCode = await runValidate(paths, options, process.stdout);
    });
}

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('expected a whole number of bytes, at least 1');
  }
  return Number(value);
}

/** Validate every file the paths name, reporting to `out`; resolves to the exit code. */
export async function runValidate(paths: readonly string[], options: ValidateOptions, out: Writable): Promise<number> {
  const validator = await loadValidator(options);
  const label = validator.schemaSet.label;
  const report = options.json ? jsonReporter(out, label) : textReporter(out, label);
  const summary: Summary = { valid: 0, invalid: 0, unreadable: 0 };
  for await (const found of xmlFilesFrom(paths)) {
    const verdict = await check(found, validator);
    if (verdict.unreadable) summary.unreadable++;
    else if (verdict.valid) summary.valid++;
    else summary.invalid++;
    await report.file(verdict);
  }
  await report.end(summary);
  return summary.invalid + summary.unreadable > 0 ? EXIT_FAILED : EXIT_OK;
}

async function loadValidator(options: ValidateOptions): Promise<DuisValidator> {
  try {
    return await DuisValidator.load({
      ...(options.schemaDir !== undefined ? { schemaDir: options.schemaDir } : {}),
      maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    });
  } catch (e) {
    // the schema layer's messages already name the folder and what is missing in it
    throw new CliError(`cannot use the DUIS schema: ${(e as Error)?.message ?? String(e)}`, EXIT_USAGE);
  }
}

async function check(found: FoundFile, validator: DuisValidator): Promise<FileVerdict> {
  const { path } = found;
  if (found.unreadable !== undefined) return unreadable(path, found.unreadable);
  let bytes: Buffer;
  try {
    // an oversized file is refused from its size alone: reading a huge file just to refuse it
    // would defeat the limit
    const { size } = await stat(path);
    if (size > validator.maxBytes) {
      return { path, valid: false, errors: [{ kind: 'size', line: 0, message: `document is ${size} bytes, over the limit of ${validator.maxBytes}` }] };
    }
    bytes = await readFile(path);
  } catch (e) {
    return unreadable(path, fsReason(e));
  }
  const result = validator.validate(bytes);
  return { path, valid: result.valid, errors: result.errors };
}

function unreadable(path: string, reason: string): FileVerdict {
  return { path, valid: false, unreadable: true, errors: [{ kind: 'unreadable', line: 0, message: reason }] };
}
