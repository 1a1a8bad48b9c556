// SM WAN coverage data: what a 12.1 Request WAN Matrix answers for a property, and the CHISM
// Annex E table 3 of WAN Variants it must agree with. Coverage is the CSPs' data, not a DUIS
// fact: the reference answers from a file of it, and the suite needs the same file to know what
// to expect from a target (src/targets/with-wan-coverage.ts).
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { CspRegion } from './duis/responses.ts';

/** A row of CHISM Annex E table 3 (as MP081, seed 003 Annex A, gives it). */
export interface WanVariantRow {
  /** The value under DCC 1.3. */
  dcc13: string;
  /** The value under DCC 2.0. */
  dcc20: string;
  /** CSP regions the variant belongs to as DUIS names them; empty for "N/A" (any region). */
  regions: readonly CspRegion[];
}

/**
 * CHISM Annex E table 3, Communications Hub WAN Variants for 12.1. The last row is MP081's: CSP
 * South & Central answers with an availability date and the variant " " while it cannot confirm
 * which variant the property needs.
 */
export const WAN_VARIANTS: readonly WanVariantRow[] = [
  { dcc13: 'Standard 420', dcc20: '420', regions: ['North'] },
  { dcc13: 'Variant 450', dcc20: '450', regions: ['North'] },
  { dcc13: 'Cellular', dcc20: 'Cellular', regions: ['South', 'Central'] },
  { dcc13: 'Cellular+Mesh', dcc20: 'Cellular+Mesh', regions: ['South', 'Central'] },
  { dcc13: 'No Coverage Intended', dcc20: 'No Coverage Intended', regions: [] },
  { dcc13: ' ', dcc20: ' ', regions: ['South', 'Central'] },
];

/** The WAN Variant a CSP gives while it cannot yet confirm one (MP081). */
export const UNCONFIRMED_WAN_VARIANT = ' ';
export const NO_COVERAGE_INTENDED = 'No Coverage Intended';

/** The table 3 row of a WAN Variant, in either column; undefined for anything else. */
export function wanVariantRow(variant: string): WanVariantRow | undefined {
  return WAN_VARIANTS.find((r) => r.dcc13 === variant || r.dcc20 === variant);
}

/** What 12.1 answers for one property. */
export interface WanCoverageEntry {
  /** Up to 12 digits; at least one of uprn and postCode + addressIdentifier. */
  uprn?: string;
  postCode?: string;
  addressIdentifier?: string;
  cspRegion: CspRegion;
  coverageAvailability: boolean;
  /** xs:date, when coverage is planned. */
  anticipatedCoverageDate?: string;
  /** A table 3 value, written into DSPWANMatrix/WANTechnology as is (" " included). */
  wanVariant: string;
  connectivityLikelihood: 'High' | 'Medium' | 'Low';
  auxiliaryEquipmentRequired?: string;
  additionalInformation?: string;
}

export class WanCoverageError extends Error {}

const REGIONS: readonly CspRegion[] = ['North', 'Central', 'South', 'Unknown', 'SMETS1'];
const LIKELIHOODS = ['High', 'Medium', 'Low'] as const;

/** A coverage file's data: `{ properties: [...] }` or the list itself. Throws WanCoverageError naming the entry. */
export function parseWanCoverage(data: unknown, source = 'coverage data'): WanCoverageEntry[] {
  const list = Array.isArray(data) ? data : (data as { properties?: unknown } | null)?.properties;
  if (!Array.isArray(list)) throw new WanCoverageError(`${source}: expected a list of properties, or {properties: [...]}`);
  return list.map((raw, i) => parseEntry(raw, `${source}, property ${i + 1}`));
}

function parseEntry(raw: unknown, where: string): WanCoverageEntry {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new WanCoverageError(`${where}: not an object`);
  const o = raw as Record<string, unknown>;
  const str = (k: string): string | undefined => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (typeof v === 'number' && k === 'uprn') return String(v);
    if (typeof v !== 'string') throw new WanCoverageError(`${where}: "${k}" must be a string`);
    return v;
  };
  const uprn = str('uprn')?.trim();
  const postCode = str('postCode');
  const addressIdentifier = str('addressIdentifier');
  if (uprn !== undefined && !/^[0-9]{1,12}$/.test(uprn)) throw new WanCoverageError(`${where}: "uprn" must be 1 to 12 digits`);
  if ((postCode === undefined) !== (addressIdentifier === undefined)) throw new WanCoverageError(`${where}: "postCode" and "addressIdentifier" go together`);
  if (uprn === undefined && postCode === undefined) throw new WanCoverageError(`${where}: needs a "uprn" or a "postCode" with an "addressIdentifier"`);

  const cspRegion = str('cspRegion') as CspRegion | undefined;
  if (!cspRegion || !REGIONS.includes(cspRegion)) throw new WanCoverageError(`${where}: "cspRegion" must be one of ${REGIONS.join(', ')}`);
  if (typeof o['coverageAvailability'] !== 'boolean') throw new WanCoverageError(`${where}: "coverageAvailability" must be true or false`);
  const coverageAvailability = o['coverageAvailability'];
  const anticipatedCoverageDate = str('anticipatedCoverageDate');
  if (anticipatedCoverageDate !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(anticipatedCoverageDate) || Number.isNaN(Date.parse(anticipatedCoverageDate)))) {
    throw new WanCoverageError(`${where}: "anticipatedCoverageDate" must be a date such as 2026-03-31`);
  }
  const wanVariant = str('wanVariant');
  const row = wanVariant === undefined ? undefined : wanVariantRow(wanVariant);
  if (wanVariant === undefined || !row) {
    throw new WanCoverageError(`${where}: "wanVariant" ${JSON.stringify(wanVariant)} is not in CHISM Annex E table 3 (${WAN_VARIANTS.map((r) => JSON.stringify(r.dcc20)).join(', ')})`);
  }
  if (row.regions.length && !row.regions.includes(cspRegion)) {
    throw new WanCoverageError(`${where}: WAN Variant ${JSON.stringify(wanVariant)} belongs to CSP ${row.regions.join(' & ')}, not ${cspRegion}`);
  }
  if (row.dcc20 === UNCONFIRMED_WAN_VARIANT && anticipatedCoverageDate === undefined) {
    throw new WanCoverageError(`${where}: the unconfirmed WAN Variant " " comes with an anticipated coverage date (CHISM table 3, MP081)`);
  }
  if (row.dcc20 === NO_COVERAGE_INTENDED && coverageAvailability) {
    throw new WanCoverageError(`${where}: "No Coverage Intended" cannot have coverage available`);
  }
  const likelihood = str('connectivityLikelihood');
  if (!LIKELIHOODS.includes(likelihood as (typeof LIKELIHOODS)[number])) throw new WanCoverageError(`${where}: "connectivityLikelihood" must be High, Medium or Low`);
  const aux = str('auxiliaryEquipmentRequired');
  const info = str('additionalInformation');
  if (aux !== undefined && aux.length > 50) throw new WanCoverageError(`${where}: "auxiliaryEquipmentRequired" is at most 50 characters`);
  if (info !== undefined && info.length > 250) throw new WanCoverageError(`${where}: "additionalInformation" is at most 250 characters`);
  return {
    ...(uprn !== undefined ? { uprn: String(BigInt(uprn)) } : {}),
    ...(postCode !== undefined ? { postCode, addressIdentifier: addressIdentifier! } : {}),
    cspRegion,
    coverageAvailability,
    ...(anticipatedCoverageDate !== undefined ? { anticipatedCoverageDate } : {}),
    wanVariant,
    connectivityLikelihood: likelihood as WanCoverageEntry['connectivityLikelihood'],
    ...(aux !== undefined ? { auxiliaryEquipmentRequired: aux } : {}),
    ...(info !== undefined ? { additionalInformation: info } : {}),
  };
}

/** Read a coverage file (JSON or YAML). */
export function loadWanCoverageFile(path: string | URL): WanCoverageEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new WanCoverageError(`cannot read coverage file ${path}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text); // YAML is a superset of JSON
  } catch (e) {
    throw new WanCoverageError(`coverage file ${path} is neither JSON nor YAML: ${(e as Error).message}`);
  }
  return parseWanCoverage(data, String(path));
}

/** The default coverage data the reference ships with (reference-impl/data/wan-coverage.json). */
export const DEFAULT_WAN_COVERAGE_FILE = new URL('../reference-impl/data/wan-coverage.json', import.meta.url);

let defaultCoverage: readonly WanCoverageEntry[] | undefined;

/** The default file's entries, read once per process (every in-process scenario builds a reference). */
export function defaultWanCoverage(): readonly WanCoverageEntry[] {
  defaultCoverage ??= Object.freeze(loadWanCoverageFile(DEFAULT_WAN_COVERAGE_FILE).map((e) => Object.freeze(e)));
  return defaultCoverage;
}

/** A property as 12.1 names it. */
export type WanQuery = { uprn: string } | { postCode: string; addressIdentifier: string };

const postCodeKey = (p: string): string => p.replace(/\s+/g, '').toUpperCase();

/** The entry for a property: by UPRN (as a number), or by post code (spacing and case ignored) and address identifier. */
export function findCoverage(entries: readonly WanCoverageEntry[], q: WanQuery): WanCoverageEntry | undefined {
  if ('uprn' in q) {
    const t = q.uprn.trim();
    if (!/^[0-9]+$/.test(t)) return undefined;
    const uprn = String(BigInt(t));
    return entries.find((e) => e.uprn === uprn);
  }
  const pc = postCodeKey(q.postCode);
  const id = q.addressIdentifier.trim().toUpperCase();
  return entries.find((e) => e.postCode !== undefined && postCodeKey(e.postCode) === pc && e.addressIdentifier!.trim().toUpperCase() === id);
}
