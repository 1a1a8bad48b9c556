// Writes the conformance report as JSON (for machines and later comparison), HTML (for people)
// and JUnit XML (for CI).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import type { ConformanceReport } from './model.ts';

export const CONFORMANCE_JSON = 'conformance.json';
export const CONFORMANCE_HTML = 'conformance.html';
export const CONFORMANCE_JUNIT = 'junit.xml';

export function reportPaths(reportsDir: string): { json: string; html: string; junit: string } {
  return { json: join(reportsDir, CONFORMANCE_JSON), html: join(reportsDir, CONFORMANCE_HTML), junit: join(reportsDir, CONFORMANCE_JUNIT) };
}

export function renderJson(report: ConformanceReport): string {
  return JSON.stringify({ format: 'sec-conformance-report/1', ...report }, null, 2) + '\n';
}

/** Write conformance.json, conformance.html and junit.xml into `reportsDir` (which must exist). */
export function writeReports(report: ConformanceReport, reportsDir: string): { json: string; html: string; junit: string } {
  const paths = reportPaths(reportsDir);
  writeFileSync(paths.json, renderJson(report));
  writeFileSync(paths.html, renderHtml(report));
  writeFileSync(paths.junit, renderJunit(report));
  return paths;
}
