// The one place DUIS touches xml-js: building element trees, writing compact XML (signing
// needs it: DCC's validator ignores element-content whitespace) and reading XML into
// namespace-resolved views, since the same DUIS element may arrive as sr:X or as a default-namespace X.
import { js2xml, xml2js, type Element } from 'xml-js';
import { NS } from '../../schemas/namespaces.ts';

export type Child = Element | string | number | null | undefined | false;

/** An element named with its prefix ("sr:DeviceID"). Strings and numbers become text; falsy children are dropped. */
export function el(name: string, children: Child | Child[] = [], attributes?: Record<string, string>): Element {
  const list = Array.isArray(children) ? children : [children];
  const elements: Element[] = [];
  for (const c of list) {
    if (c === null || c === undefined || c === false) continue;
    elements.push(typeof c === 'object' ? c : { type: 'text', text: String(c) });
  }
  return { type: 'element', name, ...(attributes ? { attributes } : {}), elements };
}

/** Shorthand for an element in the DUIS (sr) namespace. */
export const sr = (local: string, children?: Child | Child[], attributes?: Record<string, string>): Element =>
  el(`sr:${local}`, children, attributes);

/** Shorthand for an element in the ResponseAndAlert (ra) namespace. */
export const ra = (local: string, children?: Child | Child[], attributes?: Record<string, string>): Element =>
  el(`ra:${local}`, children, attributes);

/** Root namespace declarations every DUIS document we write carries. */
export const ROOT_NAMESPACES = { 'xmlns:sr': NS.sr, 'xmlns:ra': NS.ra, 'xmlns:ds': NS.ds } as const;

/** Compact XML with an XML declaration and no whitespace between elements. */
export function toXml(root: Element): string {
  return js2xml(
    { declaration: { attributes: { version: '1.0', encoding: 'UTF-8' } }, elements: [root] },
    { spaces: 0, fullTagEmptyElement: false },
  );
}

/** A namespace-resolved element: what a reader of DUIS needs and nothing of prefixes. */
export interface XmlView {
  ns: string;
  local: string;
  /** Attributes by local name (namespace declarations left out). */
  attrs: Record<string, string>;
  children: XmlView[];
  /** Concatenated text content directly inside this element. */
  text: string;
}

export class XmlReadError extends Error {}

/**
 * Parse XML into a namespace-resolved tree. Callers validate against the XSD first: this
 * reader assumes a well-formed document and has no defences of its own against DTD tricks.
 */
export function readXml(xml: string): XmlView {
  let doc: Element;
  try {
    doc = xml2js(xml, { compact: false, captureSpacesBetweenElements: true }) as Element;
  } catch (e) {
    throw new XmlReadError(`not well-formed XML: ${(e as Error).message.split('\n')[0]}`);
  }
  const root = doc.elements?.find((e) => e.type === 'element');
  if (!root) throw new XmlReadError('document has no root element');
  return view(root, {});
}

function view(e: Element, inherited: Record<string, string>): XmlView {
  const scope = { ...inherited };
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.attributes ?? {})) {
    if (k === 'xmlns') scope[''] = String(v);
    else if (k.startsWith('xmlns:')) scope[k.slice(6)] = String(v);
  }
  for (const [k, v] of Object.entries(e.attributes ?? {})) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    attrs[k.includes(':') ? k.slice(k.indexOf(':') + 1) : k] = String(v);
  }
  const name = e.name ?? '';
  const colon = name.indexOf(':');
  const prefix = colon >= 0 ? name.slice(0, colon) : '';
  const local = colon >= 0 ? name.slice(colon + 1) : name;
  const children: XmlView[] = [];
  let text = '';
  for (const c of e.elements ?? []) {
    if (c.type === 'element') children.push(view(c, scope));
    else if (c.type === 'text' || c.type === 'cdata') text += String(c.text ?? c.cdata ?? '');
  }
  return { ns: scope[prefix] ?? '', local, attrs, children, text };
}

/** First child with that local name (and namespace, default sr), or undefined. */
export function child(v: XmlView | undefined, local: string, ns: string = NS.sr): XmlView | undefined {
  return v?.children.find((c) => c.local === local && c.ns === ns);
}

/** All children with that local name (and namespace, default sr). */
export function childrenNamed(v: XmlView | undefined, local: string, ns: string = NS.sr): XmlView[] {
  return v?.children.filter((c) => c.local === local && c.ns === ns) ?? [];
}

/** Text of a descendant reached by local names in the sr namespace, or undefined. */
export function textAt(v: XmlView | undefined, ...path: string[]): string | undefined {
  let cur = v;
  for (const p of path) cur = child(cur, p);
  return cur?.text;
}
