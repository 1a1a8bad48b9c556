// Schema cross-check: every DUIS name a requirement uses is looked up in each DUIS release
// checked (V5.1, and every --schema-dir). A name the release lacks is a defect, reported per
// release; a value DUIS defines outside the XSD is reported as such, with its seed source.
import { CARRIER_TYPES, nonXsdTerm } from './non-xsd-terms.ts';
import type { TermKind, TermUse, TermVocabulary } from './terms.ts';
import type { DuisVersionTypes, SchemaTypes } from './xsd-enumerations.ts';

/** Which XSD simpleTypes list each kind's values; kinds not here are not XSD enumerations. */
export const XSD_TYPES: Partial<Record<TermKind, { schema: 'duis' | 'mmc'; types: string[] }>> = {
  'response-code': { schema: 'duis', types: ['ResponseCode'] },
  srv: { schema: 'duis', types: ['ServiceReferenceVariant', 'ServiceReference'] },
  'device-status': { schema: 'duis', types: ['DeviceStatus'] },
  'device-type': { schema: 'duis', types: ['DeviceType'] },
  'esme-variant': { schema: 'duis', types: ['ESMEVariant'] },
};

export type TermStatus =
  /** In the XSD enumeration. */
  | 'found'
  /** An XSD enumeration kind, but not in this release's list. */
  | 'missing'
  /** Defined outside the XSD (declared list), and fits its carrier type if it has one. */
  | 'not-xsd'
  /** A non-XSD kind whose value is not in the declared list, or does not fit its carrier type. */
  | 'unknown';

export interface TermResult {
  kind: TermKind;
  value: string;
  status: TermStatus;
  /** Why, in a sentence: which type was searched, where a non-XSD value is defined. */
  note: string;
  /** Requirements that use it (null: outside any identified requirement). */
  requirements: (string | null)[];
  uses: TermUse[];
}

export interface VersionResult {
  label: string;
  path: string;
  terms: TermResult[];
  /** Terms with status missing or unknown. */
  defects: TermResult[];
}

export interface SchemaCheckResult {
  versions: VersionResult[];
  /** Number of distinct terms found in the features. */
  termCount: number;
}

/** Words to recognise as statuses and device types: the union over every release checked. */
export function vocabularyOf(versions: readonly DuisVersionTypes[]): TermVocabulary {
  const union = (type: string): Set<string> => new Set(versions.flatMap((v) => [...(v.duis.get(type)?.values ?? [])]));
  return { deviceStatuses: union('DeviceStatus'), deviceTypes: union('DeviceType') };
}

export function checkSchemas(uses: readonly TermUse[], versions: readonly DuisVersionTypes[]): SchemaCheckResult {
  const grouped = new Map<string, TermUse[]>();
  for (const u of uses) {
    const key = `${u.kind}\u0000${u.value}`;
    grouped.set(key, [...(grouped.get(key) ?? []), u]);
  }
  const order = [...grouped.values()].sort((a, b) => a[0]!.kind.localeCompare(b[0]!.kind) || a[0]!.value.localeCompare(b[0]!.value, 'en', { numeric: true }));
  const results: VersionResult[] = versions.map((v) => {
    const terms = order.map((group) => {
      const { kind, value } = group[0]!;
      const requirements = [...new Set(group.map((u) => u.requirement))];
      return { kind, value, requirements, uses: group, ...lookUp(kind, value, v) };
    });
    return { label: v.label, path: v.path, terms, defects: terms.filter((t) => t.status === 'missing' || t.status === 'unknown') };
  });
  return { versions: results, termCount: order.length };
}

function lookUp(kind: TermKind, value: string, v: DuisVersionTypes): { status: TermStatus; note: string } {
  const xsd = XSD_TYPES[kind];
  if (xsd) {
    const schema: SchemaTypes = v[xsd.schema];
    const lists = xsd.types.map((t) => schema.get(t)?.values ?? new Set<string>());
    const where = xsd.types.join(' or ');
    if (kind === 'srv' && value.endsWith('.x')) {
      // "8.7.x": the family exists when any variant (or the reference itself) does
      const prefix = value.slice(0, -2);
      const hit = lists.some((l) => [...l].some((s) => s === prefix || s.startsWith(`${prefix}.`)));
      return hit ? { status: 'found', note: `${where} has ${prefix} variants` } : { status: 'missing', note: `no ${where} value starts with ${prefix}` };
    }
    return lists.some((l) => l.has(value))
      ? { status: 'found', note: `in ${where}` }
      : { status: 'missing', note: `not in ${where}` };
  }
  const declared = nonXsdTerm(kind, value);
  if (!declared) return { status: 'unknown', note: 'not a DUIS XSD enumeration, and not in the list of values defined elsewhere (src/spec/non-xsd-terms.ts)' };
  const carrier = CARRIER_TYPES[kind];
  const facts = carrier ? v[carrier.schema].get(carrier.type) : undefined;
  if (carrier && facts) {
    const len = [...value].length;
    if ((facts.minLength !== undefined && len < facts.minLength) || (facts.maxLength !== undefined && len > facts.maxLength)) {
      return { status: 'unknown', note: `defined outside the XSD (${declared.source}), but ${len} characters do not fit ${carrier.type} (${facts.minLength ?? 0}..${facts.maxLength ?? '∞'})` };
    }
    return { status: 'not-xsd', note: `not a DUIS XSD enumeration: ${declared.meaning}; defined in ${declared.source}; fits ${carrier.type}` };
  }
  return { status: 'not-xsd', note: `not a DUIS XSD enumeration: ${declared.meaning}; defined in ${declared.source}` };
}
