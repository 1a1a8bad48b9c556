// The known-deviations list: failures a target is known to show, each with a reason (and a link
// to where it is tracked). A listed failure is reported EXPECTED FAIL; a listed one that passes
// fails the run, so the list never goes stale. Errors are never excused.
//
//   deviations:                      # or a bare list
//     - requirement: MP178-2         # every scenario of requirement MP178-2
//       reason: "DSP still accepts the old install date format"
//       link: https://example.org/issues/12
//     - scenario: "A Supplier reads the inventory of a decommissioned ESME"
//       reason: "..."
//
// JSON with the same shape works too (chosen by the file extension: .json, else YAML).
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface KnownDeviation {
  /** Exact scenario name (as written, outline parameters filled in). */
  scenario?: string;
  /** Requirement ID, as in the Rule's @req: tag ("MP178-2"). */
  requirement?: string;
  reason: string;
  link?: string;
}

export class KnownDeviationsError extends Error {}

const KEYS = new Set(['scenario', 'requirement', 'reason', 'link']);

/** Read and check a known-deviations file. */
export function loadKnownDeviations(path: string): KnownDeviation[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new KnownDeviationsError(`cannot read known-deviations file ${path}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new KnownDeviationsError(`known-deviations file ${path} does not parse: ${(e as Error).message}`);
  }
  return parseKnownDeviations(data, path);
}

/** Check the parsed content of a known-deviations file; `source` names it in messages. */
export function parseKnownDeviations(data: unknown, source = 'known deviations'): KnownDeviation[] {
  if (data === null || data === undefined) return [];
  const list = Array.isArray(data) ? data : isObject(data) && 'deviations' in data ? data['deviations'] : undefined;
  if (list === null) return [];
  if (!Array.isArray(list)) throw new KnownDeviationsError(`${source}: expected a list, or an object with a "deviations" list`);
  return list.map((entry, i) => {
    const where = `${source}: entry ${i + 1}`;
    if (!isObject(entry)) throw new KnownDeviationsError(`${where} is not an object`);
    for (const k of Object.keys(entry)) {
      if (!KEYS.has(k)) throw new KnownDeviationsError(`${where} has unknown key "${k}" (known: ${[...KEYS].join(', ')})`);
    }
    const str = (k: string): string | undefined => {
      const v = entry[k];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'string' || v.trim() === '') throw new KnownDeviationsError(`${where}: "${k}" must be a non-empty string`);
      return v.trim();
    };
    const scenario = str('scenario');
    const requirement = str('requirement');
    const reason = str('reason');
    const link = str('link');
    if (!scenario && !requirement) throw new KnownDeviationsError(`${where} names neither a scenario nor a requirement`);
    if (!reason) throw new KnownDeviationsError(`${where} has no reason: every known deviation says why it is excused`);
    return {
      ...(scenario ? { scenario } : {}),
      ...(requirement ? { requirement: normaliseRequirementId(requirement) } : {}),
      reason,
      ...(link ? { link } : {}),
    };
  });
}

/** "@req:MP178-2", "req:MP178-2" and "MP178-2" all name requirement MP178-2. */
export function normaliseRequirementId(id: string): string {
  return id.trim().replace(/^@?req:/i, '');
}

/** The first deviation that covers a scenario (by name, or by its requirement), if any. */
export function findDeviation(list: readonly KnownDeviation[], scenarioName: string, requirementId: string | undefined): KnownDeviation | undefined {
  return list.find((d) => {
    if (d.scenario !== undefined && d.scenario !== scenarioName) return false;
    if (d.requirement !== undefined && (requirementId === undefined || d.requirement.toLowerCase() !== requirementId.toLowerCase())) return false;
    return true;
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
