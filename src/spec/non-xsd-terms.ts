// Values the requirements name that DUIS (or the SEC around it) defines somewhere other than an
// XSD enumeration, so the schema check reports them as "not a DUIS XSD enumeration" instead of
// missing. Each entry says where the seed defines it, in the same citation form as a Rule's
// Source line (the spec tests look these citations up in the seeds). A value of these kinds
// that is not listed here is reported as unknown.
import type { TermKind } from './terms.ts';

export interface NonXsdTerm {
  kind: TermKind;
  value: string;
  meaning: string;
  /** Seed file and section, as a Rule's Source line would cite it. */
  source: string;
}

/** XSD string types that carry a non-enumerated kind on the wire: the value must fit their facets. */
export const CARRIER_TYPES: Partial<Record<TermKind, { schema: 'duis' | 'mmc'; type: string }>> = {
  'wan-variant': { schema: 'duis', type: 'WANTechnologyType' },
};

const CHISM_TABLE_3 = '003_713bd418f11cbae1.txt, Appendix I, Table 3 (CHISM Annex E3: WAN Variant values)';
const FLAGS_AFTER = '004_8450724e417126b9.txt, section 3 "Solution" and Appendix X 3.28 (DCC Service Flag values)';
const FLAGS_BEFORE = '004_8450724e417126b9.txt, section 2 "Issue" (the flags in use before MP077)';
const RDIS_RECORDS = '004_8450724e417126b9.txt, Appendix X 3.28 and 3.29 (E46 and E45 record formats)';

export const NON_XSD_TERMS: readonly NonXsdTerm[] = [
  // WANTechnology is a free string (1..30 characters) in the DUIS XSD; CHISM lists the values
  { kind: 'wan-variant', value: '420', meaning: 'WAN Variant for CSP North (DCC 2.0 name)', source: CHISM_TABLE_3 },
  { kind: 'wan-variant', value: 'Standard 420', meaning: 'WAN Variant for CSP North (DCC 1.3 name)', source: CHISM_TABLE_3 },
  { kind: 'wan-variant', value: '450', meaning: 'WAN Variant for CSP North (DCC 2.0 name)', source: CHISM_TABLE_3 },
  { kind: 'wan-variant', value: 'Variant 450', meaning: 'WAN Variant for CSP North (DCC 1.3 name)', source: CHISM_TABLE_3 },
  { kind: 'wan-variant', value: 'Cellular', meaning: 'WAN Variant for CSP South & Central', source: CHISM_TABLE_3 },
  { kind: 'wan-variant', value: 'Cellular+Mesh', meaning: 'WAN Variant for CSP South & Central', source: CHISM_TABLE_3 },
  { kind: 'wan-variant', value: 'No Coverage Intended', meaning: 'no SM WAN coverage intended', source: CHISM_TABLE_3 },
  { kind: 'wan-variant', value: ' ', meaning: 'a space: CSP South & Central coverage with the WAN Variant not yet confirmed (MP081)', source: CHISM_TABLE_3 },
  // DCC Service Flags travel in registration data flows (D0350, DXI), not in DUIS
  { kind: 'service-flag', value: 'A', meaning: 'Active', source: FLAGS_AFTER },
  { kind: 'service-flag', value: 'N', meaning: 'Non-Active (MP077)', source: FLAGS_AFTER },
  { kind: 'service-flag', value: 'I', meaning: 'InstalledNotCommissioned (MP077)', source: FLAGS_AFTER },
  { kind: 'service-flag', value: 'W', meaning: 'Withdrawn (removed by MP077)', source: FLAGS_BEFORE },
  { kind: 'service-flag', value: 'S', meaning: 'Suspended (removed by MP077)', source: FLAGS_BEFORE },
  // registration data records; E45 and E46 happen to be DUIS response codes too, which they are not here
  { kind: 'registration-record', value: 'E45', meaning: 'DCC Status File record to Gas Registration Data Providers', source: RDIS_RECORDS },
  { kind: 'registration-record', value: 'E46', meaning: 'record carrying the DCC Service Flag to Registration Data Providers', source: RDIS_RECORDS },
];

export function nonXsdTerm(kind: TermKind, value: string): NonXsdTerm | undefined {
  return NON_XSD_TERMS.find((t) => t.kind === kind && t.value === value);
}
