// What the suite knows about each Service Reference Variant. Two sources, neither copied:
// DCC Boxed's request matrix (name, critical, non-device, roles) from the installed
// @smartdcc/duis-parser, and the DUIS XSD itself (which SRVs exist, their ServiceReference, and
// the allowed command variants, written as a `CV = ...` comment after each enumeration value).
// Reading the XSD at run time lets another DUIS release give its own table.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { XmlComment, XmlDocument, XmlElement, XmlText, type XmlTreeNode } from 'libxml2-wasm';
import type { SchemaSet } from '../../schemas/schema-set.ts';

const XS = 'http://www.w3.org/2001/XMLSchema';

/** DCC User roles as the matrix abbreviates them (IS import supplier, GS gas supplier, ED electricity distributor, ...). */
export type UserRole = 'IS' | 'ES' | 'GS' | 'ED' | 'GT' | 'OU' | 'RSA';

export interface SrvInfo {
  srv: string;
  /** Service request name, e.g. "Unjoin Service (Non-Critical)"; "SRV x.y" when the matrix lacks it. */
  title: string;
  /** Extra text the matrix carries after the name (8.2's "Current and Future Suppliers may use ..."). */
  note?: string;
  /** From the XSD's ServiceReference enumeration (the longest SRV prefix it lists). */
  serviceReference: string;
  critical: boolean;
  nonDevice: boolean;
  eligibleRoles: UserRole[];
  /** Allowed CommandVariants from the XSD comment; empty when the XSD says nothing. */
  commandVariants: number[];
  /** Whether critical/nonDevice came from the matrix, or were inferred from the command variants. */
  source: 'matrix' | 'xsd';
}

export class SrvTableError extends Error {}

/** One row of duis-request-matrix.json, with the keys it actually uses. */
interface MatrixRow {
  'Service Request Name': string;
  'Service Reference': string;
  'Service Reference Variant': string;
  Critical: 'Yes' | 'No';
  'Non-Device Request': 'Yes' | 'No';
  'Eligible User Roles': string[];
}

const require = createRequire(import.meta.url);

/** DCC Boxed's request matrix, read from the installed package. */
export function loadRequestMatrix(): MatrixRow[] {
  const path = require.resolve('@smartdcc/duis-parser/dist/duis-request-matrix.json');
  return JSON.parse(readFileSync(path, 'utf8')) as MatrixRow[];
}

/** What the DUIS XSD says about SRVs: each variant's allowed CVs, and the ServiceReference values. */
export interface XsdSrvFacts {
  commandVariants: Map<string, number[]>;
  serviceReferences: string[];
}

/** Read the ServiceReferenceVariant and ServiceReference enumerations (with their CV comments) from DUIS XSD bytes. */
export function readXsdSrvFacts(xsd: Uint8Array): XsdSrvFacts {
  const doc = XmlDocument.fromBuffer(xsd);
  try {
    const ns = { xs: XS };
    const enumsOf = (type: string) =>
      doc.find(`/xs:schema/xs:simpleType[@name='${type}']/xs:restriction/xs:enumeration`, ns).filter((n): n is XmlElement => n instanceof XmlElement);
    const commandVariants = new Map<string, number[]>();
    for (const e of enumsOf('ServiceReferenceVariant')) {
      const value = e.attr('value')?.value;
      if (value) commandVariants.set(value, cvCommentAfter(e));
    }
    if (commandVariants.size === 0) throw new SrvTableError('the DUIS XSD has no ServiceReferenceVariant enumeration');
    const serviceReferences = enumsOf('ServiceReference').map((e) => e.attr('value')?.value ?? '').filter(Boolean);
    return { commandVariants, serviceReferences };
  } finally {
    doc.dispose();
  }
}

/** The `CV = 4, 5, 6, 7` comment between this enumeration and the next element, as numbers. */
function cvCommentAfter(e: XmlElement): number[] {
  for (let n: XmlTreeNode | null = e.next; n; n = n.next) {
    if (n instanceof XmlText) continue;
    if (!(n instanceof XmlComment)) return [];
    const m = /CV\s*=\s*([\d\s,]+)/.exec(n.content);
    if (m) return m[1]!.split(',').map((s) => Number(s.trim())).filter((v) => Number.isInteger(v) && v > 0);
  }
  return [];
}

const CRITICAL_CVS = [4, 5, 6, 7];

export interface SrvTableOptions {
  /**
   * Replace the XSD's CV list for some SRVs. The V5.1 XSD's comments for 7.12-7.15 disagree
   * with the matrix and with RTDS (which sends 7.12 as CV 4); a user can correct such entries here.
   */
  commandVariantOverrides?: Record<string, number[]>;
}

export class SrvTable {
  private readonly rows: Map<string, SrvInfo>;

  constructor(facts: XsdSrvFacts, matrix: MatrixRow[], options: SrvTableOptions = {}) {
    const bySrv = new Map(matrix.map((r) => [r['Service Reference Variant'].trim(), r]));
    const refs = new Set(facts.serviceReferences);
    this.rows = new Map();
    for (const [srv, xsdCvs] of facts.commandVariants) {
      const cvs = options.commandVariantOverrides?.[srv] ?? xsdCvs;
      const row = bySrv.get(srv);
      const [first, ...rest] = (row?.['Service Request Name'] ?? `SRV ${srv}`).split(/\n\s*\n/);
      const note = rest.join(' ').replace(/\s+/g, ' ').replace(/^\(|\)$/g, '').trim();
      this.rows.set(srv, {
        srv,
        title: first!.replace(/\s+/g, ' ').trim(),
        ...(note ? { note } : {}),
        serviceReference: serviceReferenceOf(srv, refs),
        // without a matrix row, CVs 4-7 only exist for critical requests and CV 8 only for non-device ones
        critical: row ? row.Critical === 'Yes' : cvs.some((c) => CRITICAL_CVS.includes(c)),
        nonDevice: row ? row['Non-Device Request'] === 'Yes' : cvs.includes(8),
        eligibleRoles: (row?.['Eligible User Roles'] ?? []) as UserRole[],
        commandVariants: [...cvs],
        source: row ? 'matrix' : 'xsd',
      });
    }
  }

  /** The table for a schema set's DUIS XSD (e.g. `validator.schemaSet`), with the installed matrix. */
  static fromSchemaSet(set: Pick<SchemaSet, 'duis'>, options?: SrvTableOptions): SrvTable {
    return new SrvTable(readXsdSrvFacts(set.duis.bytes), loadRequestMatrix(), options);
  }

  has(srv: string): boolean {
    return this.rows.has(srv);
  }

  get(srv: string): SrvInfo {
    const row = this.rows.get(srv);
    if (!row) throw new SrvTableError(`unknown Service Reference Variant ${JSON.stringify(srv)} (not in this DUIS XSD)`);
    return row;
  }

  all(): SrvInfo[] {
    return [...this.rows.values()];
  }

  title(srv: string): string {
    return this.get(srv).title;
  }

  serviceReference(srv: string): string {
    return this.get(srv).serviceReference;
  }

  allowedCommandVariants(srv: string): number[] {
    return [...this.get(srv).commandVariants];
  }

  isCritical(srv: string): boolean {
    return this.get(srv).critical;
  }

  isNonDevice(srv: string): boolean {
    return this.get(srv).nonDevice;
  }

  eligibleRoles(srv: string): UserRole[] {
    return [...this.get(srv).eligibleRoles];
  }

  /** Non-device: 8, else 2; critical: 4 (transform); otherwise 1. Falls back to the first allowed CV. */
  defaultCommandVariant(srv: string): number {
    const { critical, nonDevice, commandVariants: allowed } = this.get(srv);
    const wanted = nonDevice ? [8, 2] : critical ? [4] : [1];
    const pick = wanted.find((cv) => allowed.includes(cv)) ?? allowed[0];
    if (pick === undefined) throw new SrvTableError(`the DUIS XSD lists no command variants for SRV ${srv}`);
    return pick;
  }

  /** The CV to send: `requested` if allowed for the SRV (else a clear error), or the default. */
  commandVariantFor(srv: string, requested?: number): number {
    if (requested === undefined) return this.defaultCommandVariant(srv);
    const allowed = this.get(srv).commandVariants;
    if (!allowed.includes(requested)) {
      throw new SrvTableError(`CommandVariant ${requested} is not allowed for SRV ${srv} (${this.title(srv)}); allowed: ${allowed.join(', ') || 'none'}`);
    }
    return requested;
  }

  /** SRVs whose matrix critical / non-device flags disagree with the XSD's command variants. */
  inconsistencies(): { srv: string; message: string }[] {
    const out: { srv: string; message: string }[] = [];
    for (const r of this.rows.values()) {
      if (r.source !== 'matrix') continue;
      const cvCritical = r.commandVariants.some((c) => CRITICAL_CVS.includes(c));
      const cvNonDevice = r.commandVariants.includes(8);
      if (r.critical !== cvCritical || r.nonDevice !== cvNonDevice) {
        out.push({
          srv: r.srv,
          message: `matrix says critical=${r.critical} non-device=${r.nonDevice}, XSD allows CV ${r.commandVariants.join(', ')}`,
        });
      }
    }
    return out;
  }
}

/** The ServiceReference of an SRV: its longest dotted prefix that the XSD lists (6.20.1 -> 6.20). */
function serviceReferenceOf(srv: string, refs: Set<string>): string {
  const parts = srv.split('.');
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join('.');
    if (refs.has(candidate)) return candidate;
  }
  // a release whose XSD lacks the ServiceReference type: DUIS SRVs are ref.n or ref
  return parts.length > 2 ? parts.slice(0, 2).join('.') : srv;
}

const cache = new WeakMap<Uint8Array, SrvTable>();

/** The table for a schema set, built once per DUIS XSD buffer (default options only). */
export function srvTableFor(set: Pick<SchemaSet, 'duis'>): SrvTable {
  let t = cache.get(set.duis.bytes);
  if (!t) {
    t = SrvTable.fromSchemaSet(set);
    cache.set(set.duis.bytes, t);
  }
  return t;
}
