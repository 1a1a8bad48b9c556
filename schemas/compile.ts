// Compiling the DUIS schema costs ~100 ms; validating a message ~0.2 ms. So we compile each
// schema set once per process and keep it.
//
// libxml2 cannot follow DUIS's `schemaLocation="MMC Schema V5.1.xsd"` (a name with spaces),
// so a wrapper schema imports each namespace first, under plain names that our own input
// provider serves from memory; libxml2 then skips DUIS's own imports of namespaces it has.
// The provider serves only those names, so no document can make libxml2 read a file.
import { XmlDocument, XsdValidator, xmlRegisterInputProvider } from 'libxml2-wasm';
import { NS } from './namespaces.ts';
import type { SchemaSet } from './schema-set.ts';

const SCHEME = 'sec-conformance-schema://';
const served = new Map<string, Buffer>();
const open = new Map<number, { bytes: Buffer; pos: number }>();
let nextFd = 1;
let registered = false;

function registerProvider(): void {
  if (registered) return;
  registered = true;
  xmlRegisterInputProvider({
    match: (name) => served.has(name),
    open: (name) => {
      const bytes = served.get(name);
      if (!bytes) return undefined;
      const fd = nextFd++;
      open.set(fd, { bytes, pos: 0 });
      return fd;
    },
    read: (fd, buf) => {
      const f = open.get(fd as number);
      if (!f) return -1;
      const n = Math.min(buf.byteLength, f.bytes.length - f.pos);
      buf.set(f.bytes.subarray(f.pos, f.pos + n));
      f.pos += n;
      return n;
    },
    close: (fd) => open.delete(fd as number),
  });
}

export function wrapperSchema(): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:sec-conformance:duis-wrapper">' +
    `<xs:import namespace="${NS.ds}" schemaLocation="xmldsig.xsd"/>` +
    `<xs:import namespace="${NS.ra}" schemaLocation="mmc.xsd"/>` +
    `<xs:import namespace="${NS.sr}" schemaLocation="duis.xsd"/>` +
    '</xs:schema>'
  );
}

export class SchemaCompileError extends Error {}

const compiled = new Map<string, XsdValidator>();
let setCount = 0;
const setIds = new WeakMap<SchemaSet, number>();

/** The compiled validator for a schema set; compiled on first call, then reused. */
export function compileSchemaSet(set: SchemaSet): XsdValidator {
  const key = `${set.duis.path}|${set.mmc.path}|${set.xmldsig.path}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  registerProvider();
  if (!setIds.has(set)) setIds.set(set, ++setCount);
  const base = `${SCHEME}${setIds.get(set)}/`;
  served.set(`${base}xmldsig.xsd`, set.xmldsig.bytes);
  served.set(`${base}mmc.xsd`, set.mmc.bytes);
  served.set(`${base}duis.xsd`, set.duis.bytes);
  // the wrapper document lives as long as the compiled schema that was parsed from it
  const wrapper = XmlDocument.fromString(wrapperSchema(), { url: `${base}wrapper.xsd` });
  try {
    const validator = XsdValidator.fromDoc(wrapper);
    compiled.set(key, validator);
    return validator;
  } catch (e) {
    wrapper.dispose();
    throw new SchemaCompileError(`cannot compile the DUIS schema from ${set.label}: ${(e as Error).message}`);
  }
}
