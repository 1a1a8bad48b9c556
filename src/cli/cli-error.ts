// Exit codes shared by every subcommand, so scripts can tell "your files are bad" (1)
// from "you called us wrongly or the schema can't be used" (2).
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** A bug in sec-conformance itself; kept apart from 1 so CI never reads it as "invalid files". */
export const EXIT_INTERNAL = 3;

/** An expected failure: main prints the message (no stack) and exits with the code. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT_USAGE) {
    super(message);
    this.exitCode = exitCode;
  }
}
