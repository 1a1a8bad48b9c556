// The enumerated values a DUIS release defines: every named xs:simpleType with xs:enumeration
// facets (ResponseCode, ServiceReferenceVariant, DeviceStatus, ESMEVariant, ...) and the length
// facets of string types (WANTechnologyType), read from the schema set the validator uses.
import { XmlDocument, XmlElement } from 'libxml2-wasm';
import { basename } from 'node:path';
import type { SchemaSet } from '../../schemas/schema-set.ts';

const XS = 'http://www.w3.org/2001/XMLSchema';

export interface SimpleTypeFacts {
  values: Set<string>;
  minLength?: number;
  maxLength?: number;
}

/** simpleType name -> facts, for one schema file. */
export type SchemaTypes = Map<string, SimpleTypeFacts>;

export interface DuisVersionTypes {
  /** "DUIS V5.1 (bundled)", "DUIS V5.4 (/path/to/folder)". */
  label: string;
  /** Folder or file the DUIS schema came from. */
  path: string;
  duis: SchemaTypes;
  mmc: SchemaTypes;
}

export function readSchemaTypes(xsd: Uint8Array): SchemaTypes {
  const doc = XmlDocument.fromBuffer(xsd);
  try {
    const types: SchemaTypes = new Map();
    for (const st of doc.find('/xs:schema/xs:simpleType[@name]', { xs: XS })) {
      if (!(st instanceof XmlElement)) continue;
      const facet = (name: string): XmlElement[] =>
        st.find(`xs:restriction/xs:${name}`, { xs: XS }).filter((n): n is XmlElement => n instanceof XmlElement);
      const values = new Set(facet('enumeration').map((e) => e.attr('value')?.value ?? ''));
      const num = (name: string): number | undefined => {
        const v = facet(name)[0]?.attr('value')?.value;
        return v === undefined ? undefined : Number(v);
      };
      const minLength = num('minLength');
      const maxLength = num('maxLength');
      types.set(st.attr('name')!.value, { values, ...(minLength !== undefined ? { minLength } : {}), ...(maxLength !== undefined ? { maxLength } : {}) });
    }
    return types;
  } finally {
    doc.dispose();
  }
}

/** A release's version as its DUIS schema file names it ("DUIS Schema V5.4.xsd" -> "V5.4"). */
export function versionOf(set: SchemaSet): string | undefined {
  return /\bV(\d+(?:\.\d+)+)/i.exec(basename(set.duis.path))?.[0]?.toUpperCase();
}

export function duisVersionTypes(set: SchemaSet, label?: string): DuisVersionTypes {
  const version = versionOf(set);
  return {
    label: label ?? `DUIS ${version ?? '(unknown version)'} (${set.label})`,
    path: set.duis.path,
    duis: readSchemaTypes(set.duis.bytes),
    mmc: readSchemaTypes(set.mmc.bytes),
  };
}
