// Reads any DUIS request into a typed view of its Header plus the body element, so the
// reference DCC and the checks can dispatch on ServiceReferenceVariant without knowing prefixes.
import { NS } from '../../schemas/namespaces.ts';
import { parseRequestId as parseHeaderRequestId, type RequestId as ParsedRequestId } from './header.ts';
import { child, readXml, type XmlView } from './xml.ts';

export class DuisReadError extends Error {}

/** A request that is not an sr:Request, or lacks what every request must carry. */
export class DuisRequestReadError extends DuisReadError {}

/** RequestID (or ResponseID) as header.ts parses it, plus `raw`: the text as written. */
export interface RequestId extends ParsedRequestId {
  raw: string;
}

export interface RequestHeader {
  requestId: RequestId;
  firstInSequence?: boolean;
  precedingServiceRequestId?: RequestId;
  commandVariant: number;
  serviceReference: string;
  serviceReferenceVariant: string;
}

export interface RequestView {
  /** The root's schemaVersion attribute as written ("5.1", "5.4"). */
  schemaVersion: string;
  header: RequestHeader;
  /** Local name of the single element inside Body ("ReadInventory", "DevicePrenotification"). */
  bodyName: string;
  body: XmlView;
  /** Whether the root carries a ds:Signature; says nothing about its validity. */
  signed: boolean;
  root: XmlView;
}

/** Split "originator:target:counter"; throws DuisReadError when it is not one. */
export function parseRequestId(text: string): RequestId {
  const raw = text.trim(); // xs:token: surrounding whitespace is not part of the value
  try {
    return { ...parseHeaderRequestId(raw), raw };
  } catch (e) {
    throw new DuisReadError(`"${text}" is not a DUIS RequestID: ${(e as Error).message}`);
  }
}

/** Text of a required sr child, or a clear error naming what is missing. */
export function requiredText(parent: XmlView, local: string, where: string, Err: new (m: string) => Error = DuisReadError): string {
  const c = child(parent, local);
  if (!c) throw new Err(`${where} has no sr:${local}`);
  return c.text;
}

/** Text of an optional sr child, or undefined when absent. */
export function optionalText(parent: XmlView, local: string): string | undefined {
  return child(parent, local)?.text;
}

/** xs:boolean: "true"/"1" or "false"/"0", surrounding whitespace collapsed. */
export function parseXsBoolean(text: string): boolean {
  const t = text.trim();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  throw new DuisReadError(`"${text}" is not an xs:boolean`);
}

/** The single element child of an sr:Body, or a clear error. */
export function bodyElement(root: XmlView, Err: new (m: string) => Error): XmlView {
  const body = child(root, 'Body');
  if (!body) throw new Err(`sr:${root.local} has no sr:Body`);
  const inner = body.children;
  if (inner.length !== 1) throw new Err(`sr:Body must hold exactly one element, found ${inner.length}`);
  return inner[0]!;
}

export function qualifiedName(v: XmlView): string {
  return `{${v.ns}}${v.local}`;
}

/**
 * Read a DUIS request. The document should have passed DuisValidator first: this checks only
 * the shape it relies on and throws DuisRequestReadError otherwise.
 */
export function readRequest(xml: string): RequestView {
  let root: XmlView;
  try {
    root = readXml(xml);
  } catch (e) {
    throw new DuisRequestReadError((e as Error).message);
  }
  if (root.ns !== NS.sr || root.local !== 'Request') {
    throw new DuisRequestReadError(`not a DUIS request: root is ${qualifiedName(root)}, expected {${NS.sr}}Request`);
  }
  const schemaVersion = root.attrs['schemaVersion'];
  if (schemaVersion === undefined) throw new DuisRequestReadError('sr:Request has no schemaVersion attribute');
  const h = child(root, 'Header');
  if (!h) throw new DuisRequestReadError('sr:Request has no sr:Header');
  const req = (local: string) => requiredText(h, local, 'sr:Request/sr:Header', DuisRequestReadError);

  const first = child(h, 'FirstInSequence');
  const preceding = child(h, 'PrecedingServiceRequestID');
  const cv = req('CommandVariant').trim();
  if (!/^[0-9]+$/.test(cv)) throw new DuisRequestReadError(`sr:CommandVariant "${cv}" is not a number`);
  const header: RequestHeader = {
    requestId: wrap(() => parseRequestId(req('RequestID'))),
    ...(first ? { firstInSequence: wrap(() => parseXsBoolean(first.text)) } : {}),
    ...(preceding ? { precedingServiceRequestId: wrap(() => parseRequestId(preceding.text)) } : {}),
    commandVariant: Number(cv),
    serviceReference: req('ServiceReference').trim(),
    serviceReferenceVariant: req('ServiceReferenceVariant').trim(),
  };

  const body = bodyElement(root, DuisRequestReadError);
  return {
    schemaVersion,
    header,
    bodyName: body.local,
    body,
    signed: child(root, 'Signature', NS.ds) !== undefined,
    root,
  };
}

// Re-throw a generic read error as a request read error, so callers catch one class.
function wrap<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof DuisRequestReadError || !(e instanceof DuisReadError)) throw e;
    throw new DuisRequestReadError(e.message);
  }
}
