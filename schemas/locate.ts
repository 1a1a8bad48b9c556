// A user's DUIS release is a folder of XSDs whose file names vary between releases
// ("DUIS Schema V5.1.xsd", "DUIS Schema V5.4.xsd", ...): we identify each by its targetNamespace.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { XmlDocument } from 'libxml2-wasm';
import { bundledSchemaDir } from './bundled.ts';
import { NS } from './namespaces.ts';
import type { SchemaFile, SchemaSet } from './schema-set.ts';

/** Environment variable naming the folder of another DUIS release. */
export const SCHEMA_DIR_ENV = 'SEC_CONFORMANCE_SCHEMA_DIR';

export class SchemaLocateError extends Error {}

/** targetNamespace of an XSD, or null when the file is not a schema we can read. */
export function targetNamespaceOf(bytes: Buffer): string | null {
  let doc: XmlDocument | undefined;
  try {
    doc = XmlDocument.fromBuffer(bytes);
    const root = doc.root;
    if (root.name !== 'schema' || root.namespaceUri !== 'http://www.w3.org/2001/XMLSchema') return null;
    return root.attr('targetNamespace')?.value ?? '';
  } catch {
    return null;
  } finally {
    doc?.dispose();
  }
}

/** Find the DUIS, MMC and XMLDSig schemas in `dir` by namespace. XMLDSig may come from the bundled set. */
export async function locateSchemaSet(dir: string): Promise<SchemaSet> {
  const abs = resolve(dir);
  let names: string[];
  try {
    if (!statSync(abs).isDirectory()) throw new SchemaLocateError(`schema dir ${abs} is not a folder`);
    names = readdirSync(abs).filter((n) => /\.xsd$/i.test(n)).sort();
  } catch (e) {
    if (e instanceof SchemaLocateError) throw e;
    throw new SchemaLocateError(`cannot read schema dir ${abs}: ${(e as Error).message}`);
  }
  const byNs = new Map<string, SchemaFile[]>();
  for (const name of names) {
    const path = join(abs, name);
    const bytes = readFileSync(path);
    const ns = targetNamespaceOf(bytes);
    if (ns === null) continue;
    byNs.set(ns, [...(byNs.get(ns) ?? []), { path, bytes }]);
  }
  const pick = (ns: string, what: string): SchemaFile | undefined => {
    const found = byNs.get(ns) ?? [];
    if (found.length > 1) {
      throw new SchemaLocateError(`${abs} has ${found.length} ${what} schemas (${found.map((f) => f.path).join(', ')}); keep one release per folder`);
    }
    return found[0];
  };
  const duis = pick(NS.sr, 'DUIS');
  const mmc = pick(NS.ra, 'MMC');
  if (!duis) throw new SchemaLocateError(`no DUIS schema (targetNamespace ${NS.sr}) in ${abs}`);
  if (!mmc) throw new SchemaLocateError(`no MMC schema (targetNamespace ${NS.ra}) in ${abs}`);
  let xmldsig = pick(NS.ds, 'XMLDSig');
  if (!xmldsig) {
    // XMLDSig is not DUIS-versioned; a release folder without it borrows the bundled copy
    const bundled = await bundledSchemaDir();
    const path = join(bundled, 'xmldsig-core-schema.xsd');
    xmldsig = { path, bytes: readFileSync(path) };
  }
  return { label: abs, duis, mmc, xmldsig };
}

/** The schema set to use: an explicit folder, else $SEC_CONFORMANCE_SCHEMA_DIR, else bundled V5.1. */
export async function resolveSchemaSet(dir?: string): Promise<SchemaSet> {
  const chosen = dir ?? process.env[SCHEMA_DIR_ENV];
  if (chosen) return locateSchemaSet(chosen);
  const set = await locateSchemaSet(await bundledSchemaDir());
  return { ...set, label: 'bundled DUIS V5.1 (@smartdcc/duis-sign-wrap)' };
}
