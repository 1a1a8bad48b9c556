// Writes validate's results as they come, one file at a time: text lines for people, or a
// single JSON document for tools. Both honour stream backpressure, so a slow reader never
// makes us buffer thousands of results.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ValidationIssue } from '../validation/validator.ts';

export interface FileIssue extends Omit<ValidationIssue, 'kind'> {
  kind: ValidationIssue['kind'] | 'unreadable';
}

export interface FileVerdict {
  path: string;
  valid: boolean;
  /** Set when the file could not be read at all; it then has one issue of kind "unreadable". */
  unreadable?: true;
  errors: FileIssue[];
}

export interface Summary {
  valid: number;
  invalid: number;
  unreadable: number;
}

export interface ValidateReporter {
  file(verdict: FileVerdict): Promise<void>;
  end(summary: Summary): Promise<void>;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** `PASS path` / `FAIL path` / `UNREADABLE path`, each error indented below, then the counts. */
export function textReporter(out: Writable, schemaLabel: string): ValidateReporter {
  let started = false;
  return {
    async file(v) {
      if (!started) {
        started = true;
        await write(out, `schema: ${schemaLabel}\n`);
      }
      const word = v.unreadable ? 'UNREADABLE' : v.valid ? 'PASS' : 'FAIL';
      await write(out, `${word} ${v.path}\n${v.errors.map((e) => `  ${issueLine(e)}\n`).join('')}`);
    },
    async end(s) {
      if (!started) await write(out, `schema: ${schemaLabel}\n`);
      await write(out, `${summaryLine(s)}\n`);
    },
  };
}

export function summaryLine(s: Summary): string {
  return `${s.valid} valid, ${s.invalid} invalid, ${s.unreadable} unreadable`;
}

/** `line N /element/path: message`; the line is left out when the issue has none (size, unreadable). */
export function issueLine(e: FileIssue): string {
  const where = [e.line > 0 ? `line ${e.line}` : '', e.path ?? ''].filter(Boolean).join(' ');
  // libxml2 messages are one line in practice; keep the one-line-per-error promise regardless
  const message = e.message.replace(/\s*\n\s*/g, ' ');
  return where ? `${where}: ${message}` : message;
}

/** `{"schema": label, "files": [...], "summary": {...}}`, written incrementally. */
export function jsonReporter(out: Writable, schemaLabel: string): ValidateReporter {
  let count = 0;
  const open = async () => write(out, `{"schema":${JSON.stringify(schemaLabel)},"files":[`);
  return {
    async file(v) {
      if (count++ === 0) await open();
      else await write(out, ',');
      await write(out, `\n${JSON.stringify(v)}`);
    },
    async end(s) {
      if (count === 0) await open();
      await write(out, `\n],"summary":${JSON.stringify(s)}}\n`);
    },
  };
}
