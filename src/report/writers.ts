// Writes the conformance report as JSON (for machines and later comparison) and HTML (for people).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml } from './html.ts';
import type { ConformanceReport } from './model.ts';

export const CONFORMANCE_JSON = 'conformance.json';
export const CONFORMANCE_HTML = 'conformance.html';

export function reportPaths(reportsDir: string): { json: string; html: string } {
  return { json: join(reportsDir, CONFORMANCE_JSON), html: join(reportsDir, CONFORMANCE_HTML) };
}

export function renderJson(report: ConformanceReport): string {
  return JSON.stringify({ format: 'sec-conformance-report/1', ...report }, null, 2) + '\n';
}

/** Write conformance.json and conformance.html into `reportsDir` (which must exist). */
export function writeReports(report: ConformanceReport, reportsDir: string): { json: string; html: string } {
  const paths = reportPaths(reportsDir);
  writeFileSync(paths.json, renderJson(report));
  writeFileSync(paths.html, renderHtml(report));
  return paths;
}
