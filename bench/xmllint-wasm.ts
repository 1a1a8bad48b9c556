// Runs xmllint-wasm (libxml2's own xmllint, compiled to WebAssembly) over many documents in
// one call and reads back a verdict per document. Used as an independent check on our
// validator (test/xmllint-crosscheck.test.ts) and as a point of comparison (bench/validate.ts).
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';
import { wrapperSchema } from '../schemas/compile.ts';
import type { SchemaSet } from '../schemas/schema-set.ts';

/** The schema files under the plain names our wrapper schema imports (xmllint can't follow names with spaces). */
export function xmllintSchemaFiles(set: SchemaSet): { schema: XMLFileInfo; preload: XMLFileInfo[] } {
  return {
    schema: { fileName: 'wrapper.xsd', contents: wrapperSchema() },
    preload: [
      { fileName: 'duis.xsd', contents: set.duis.bytes },
      { fileName: 'mmc.xsd', contents: set.mmc.bytes },
      { fileName: 'xmldsig.xsd', contents: set.xmldsig.bytes },
    ],
  };
}

/** "not-parsed": xmllint could not parse the document, so never got to the schema. */
export type XmllintVerdict = 'valid' | 'invalid' | 'not-parsed';

/**
 * One xmllint run over all `docs`, a verdict for each: xmllint prints "NAME validates" or
 * "NAME fails to validate"; a document that does not parse gets neither line.
 */
export async function xmllintWasmVerdicts(set: SchemaSet, docs: ReadonlyArray<string | Uint8Array>): Promise<XmllintVerdict[]> {
  const names = docs.map((_, i) => `doc-${String(i).padStart(5, '0')}.xml`);
  const { schema, preload } = xmllintSchemaFiles(set);
  const totalBytes = docs.reduce((n, d) => n + (typeof d === 'string' ? Buffer.byteLength(d) : d.byteLength), 0);
  let output: string;
  try {
    const result = await validateXML({
      xml: docs.map((contents, i) => ({ fileName: names[i]!, contents })),
      schema,
      preload,
      // the in-memory file system holds every document at once; the 32 MiB default is too small for big batches
      maxMemoryPages: Math.min(65536, 1024 + Math.ceil((totalBytes * 4) / 65536)),
    });
    output = result.rawOutput;
  } catch (e) {
    // xmllint exits 1 when the last failure was a parse error, and the library rejects on
    // that; the per-file lines are still in its stderr. Anything else (schema did not
    // compile, out of memory) is a real failure of the run.
    const err = e as Error & { code?: number };
    if (err.code !== 1) throw e;
    output = err.message;
  }
  const said = new Map<string, XmllintVerdict>();
  for (const line of output.split('\n')) {
    const m = /^(doc-\d{5}\.xml) (validates|fails to validate)$/.exec(line.trim());
    if (m) said.set(m[1]!, m[2] === 'validates' ? 'valid' : 'invalid');
  }
  return names.map((n) => said.get(n) ?? 'not-parsed');
}
