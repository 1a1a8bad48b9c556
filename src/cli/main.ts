// The sec-conformance command: a thin registry of subcommands. Each subcommand lives in its
// own module and exports a register function taking the program.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { CliError, EXIT_FAILED, EXIT_INTERNAL, EXIT_USAGE } from './cli-error.ts';
import { registerValidate } from './validate-command.ts';
import { registerServe } from './serve-command.ts';
import { registerRun } from './run-command.ts';
import { registerSelfTest } from './self-test-command.ts';
import { registerCheckSpec } from './check-spec-command.ts';
import { registerFlags } from './flags-command.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('sec-conformance')
  .description('Conformance suite for GB smart metering DUIS (the DCC User Interface)')
  .version(pkg.version)
  // throw instead of exiting, so usage errors map to exit 2; subcommands registered below inherit this
  .exitOverride()
  .showHelpAfterError('(run with --help for usage)');

registerValidate(program);
registerServe(program);
registerRun(program);
registerSelfTest(program);
registerCheckSpec(program);
registerFlags(program);

// downstream closed early (e.g. `| head`): stop quietly instead of dying with a stack trace;
// exit non-zero, as the run did not finish and so cannot claim that everything passed
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(EXIT_FAILED);
  throw e;
});

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // commander has already printed its message; --help and --version arrive here with 0
    process.exitCode = e.exitCode === 0 ? 0 : EXIT_USAGE;
  } else if (e instanceof CliError) {
    process.stderr.write(`sec-conformance: ${e.message}\n`);
    process.exitCode = e.exitCode;
  } else {
    process.stderr.write(`sec-conformance: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = EXIT_INTERNAL;
  }
}
