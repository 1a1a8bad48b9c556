// Validates DUIS documents (requests, responses, alerts) against the compiled DUIS schema.
// Input is untrusted: size is checked before parsing, DTDs are refused, nothing external is loaded.
import { ParseOption, XmlDocument, XmlLibError, type XsdValidator } from 'libxml2-wasm';
import type { ErrorDetail } from 'libxml2-wasm';
import { compileSchemaSet } from '../../schemas/compile.ts';
import { resolveSchemaSet } from '../../schemas/locate.ts';
import type { SchemaSet } from '../../schemas/schema-set.ts';

export type IssueKind = 'size' | 'not-well-formed' | 'dtd' | 'schema';

export interface ValidationIssue {
  kind: IssueKind;
  /** 1-based line in the document; 0 when the issue is not tied to a line. */
  line: number;
  /** Element path, e.g. /sr:Request/sr:Header/sr:CommandVariant, when known. */
  path?: string;
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  errors: ValidationIssue[];
  /** Root element as {namespace}local, when the document parsed. */
  root?: string;
}

export interface ValidatorOptions {
  /** Folder of another DUIS release; default $SEC_CONFORMANCE_SCHEMA_DIR, else bundled V5.1. */
  schemaDir?: string;
  /** Bodies larger than this are refused unparsed. */
  maxBytes?: number;
}

/** 2 MiB: the largest RTDS request is ~27 KB; firmware images are not carried in DUIS bodies. */
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

// NONET and NO_XXE: never fetch or read anything a document points at. No NOENT: entities
// are never substituted. No HUGE: libxml2's default depth and size limits stay on.
const PARSE_OPTIONS = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

export class DuisValidator {
  readonly schemaSet: SchemaSet;
  readonly maxBytes: number;
  private readonly xsd: XsdValidator;

  private constructor(schemaSet: SchemaSet, maxBytes: number) {
    this.schemaSet = schemaSet;
    this.maxBytes = maxBytes;
    this.xsd = compileSchemaSet(schemaSet);
  }

  static async load(options: ValidatorOptions = {}): Promise<DuisValidator> {
    const set = await resolveSchemaSet(options.schemaDir);
    return new DuisValidator(set, options.maxBytes ?? DEFAULT_MAX_BYTES);
  }

  validate(input: string | Uint8Array): ValidationResult {
    const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    if (bytes.byteLength > this.maxBytes) {
      return fail([{ kind: 'size', line: 0, message: `document is ${bytes.byteLength} bytes, over the limit of ${this.maxBytes}` }]);
    }
    let doc: XmlDocument;
    try {
      doc = XmlDocument.fromBuffer(bytes, { option: PARSE_OPTIONS });
    } catch (e) {
      return fail(issuesFrom(e, 'not-well-formed'));
    }
    try {
      const root = `{${doc.root.namespaceUri ?? ''}}${doc.root.name}`;
      if (doc.dtd) {
        // DUIS never uses a DTD; refusing it outright closes entity expansion and XXE together
        return fail([{ kind: 'dtd', line: 1, message: 'document has a DOCTYPE; DUIS messages must not declare a DTD' }], root);
      }
      try {
        this.xsd.validate(doc);
        return { valid: true, errors: [], root };
      } catch (e) {
        return fail(issuesFrom(e, 'schema'), root);
      }
    } finally {
      doc.dispose();
    }
  }
}

function fail(errors: ValidationIssue[], root?: string): ValidationResult {
  return { valid: false, errors, ...(root ? { root } : {}) };
}

function issuesFrom(e: unknown, kind: IssueKind): ValidationIssue[] {
  if (e instanceof XmlLibError && e.details?.length) {
    return e.details.filter((d: ErrorDetail) => d.level >= 2).map((d: ErrorDetail) => ({
      kind,
      line: d.line ?? 0,
      ...(d.xpath ? { path: d.xpath } : {}),
      message: d.message.trim(),
    }));
  }
  return [{ kind, line: 0, message: (e as Error)?.message?.trim() ?? String(e) }];
}
