// The suite and the reference as separate processes, for the tests that drive an external target
// the way someone certifying an endpoint would: `sec-conformance serve` in one process, `run
// --target-file` in another, and what they wrote read back.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ConformanceReport, ScenarioResult } from '../src/report/model.ts';

export const ROOT = new URL('..', import.meta.url).pathname;
export const BIN = join(ROOT, 'bin', 'sec-conformance.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Served {
  url: string;
  stop(): Promise<void>;
}

/** `sec-conformance serve` in its own process; its log goes to a file so no pipe can fill up. */
export async function serve(args: string[], dir: string): Promise<Served> {
  const log = openSync(join(dir, 'serve.log'), 'w');
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', log] });
  closeSync(log);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no URL within 30 s: ${readFileSync(join(dir, 'serve.log'), 'utf8')}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^listening on (https?:\/\/\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${readFileSync(join(dir, 'serve.log'), 'utf8')}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  lastLine: string;
  report: ConformanceReport;
  reports: string;
  ms: number;
}

/** `sec-conformance run` in its own process (async: the served reference is another child of ours). */
export function run(args: string[], reports: string): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'run', '--reports', reports, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      let report: ConformanceReport;
      try {
        report = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
      } catch (e) {
        reject(new Error(`no conformance.json (exit ${code}): ${(e as Error).message}\n${stdout}\n${stderr}`));
        return;
      }
      resolve({ code, stdout, stderr, lastLine: stdout.trimEnd().split('\n').at(-1) ?? '', report, reports, ms: Date.now() - started });
    });
  });
}

export const scenarios = (r: ConformanceReport): (ScenarioResult & { requirement: string | null })[] =>
  r.modifications.flatMap((m) => m.requirements.flatMap((q) => q.scenarios.map((s) => ({ ...s, requirement: q.id }))));

/** Verdict per scenario, keyed by where it is written (outline rows have their own line). */
export const verdicts = (r: ConformanceReport): Record<string, string> => Object.fromEntries(scenarios(r).map((s) => [`${s.uri}:${s.line} ${s.name}`, s.verdict]));

export function targetFile(dir: string, name: string, content: Record<string, unknown>): string {
  const file = join(dir, name);
  writeFileSync(file, stringify(content));
  return file;
}
