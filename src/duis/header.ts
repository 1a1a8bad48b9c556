// The parts of a DUIS request that identify it: EUI-64s, the RequestID built from them and a
// per-originator counter, and the Header element. Nothing here knows about particular SRVs.
import type { Element } from 'xml-js';
import { ROOT_NAMESPACES, sr, type Child } from './xml.ts';

/** An EUI-64 in DUIS's written form: upper-case hex pairs joined by dashes (90-B3-D5-1F-30-01-00-00). */
export type Eui64 = string & { readonly __eui64: unique symbol };

export class EuiError extends Error {}

/**
 * Normalise an EUI-64 to DUIS's form. Accepts dashes, colons or nothing between pairs and any
 * letter case, since users paste EUIs from labels and logs; anything not exactly 8 bytes is refused.
 */
export function eui64(input: string): Eui64 {
  const trimmed = input.trim();
  const separated = /^[0-9A-Fa-f]{2}([-:])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){6}$/.test(trimmed);
  const bare = /^[0-9A-Fa-f]{16}$/.test(trimmed);
  if (!separated && !bare) {
    throw new EuiError(`not an EUI-64: ${JSON.stringify(input)} (want 8 hex bytes, e.g. 90-B3-D5-1F-30-01-00-00)`);
  }
  const hex = trimmed.replace(/[-:]/g, '').toUpperCase();
  return hex.match(/../g)!.join('-') as Eui64;
}

/** True when `input` is an EUI-64 `eui64()` would accept. */
export function isEui64(input: string): boolean {
  try {
    eui64(input);
    return true;
  } catch {
    return false;
  }
}

/** The DCC access control broker: BusinessTargetID of every non-device request. */
export const DCC_ACCESS_CONTROL_BROKER: Eui64 = eui64('90-B3-D5-1F-30-00-00-02');

/** OriginatorCounter is an unsigned 64-bit integer in the XSD's RequestIDType pattern. */
export const MAX_ORIGINATOR_COUNTER = 2n ** 64n - 1n;

/** RequestID = BusinessOriginatorID:BusinessTargetID:OriginatorCounter. */
export interface RequestId {
  originator: Eui64;
  target: Eui64;
  counter: bigint;
}

export class RequestIdError extends Error {}

export function formatRequestId(id: RequestId): string {
  checkCounter(id.counter);
  return `${eui64(id.originator)}:${eui64(id.target)}:${id.counter}`;
}

/** Parse a RequestID. EUIs come back normalised; the counter must be decimal without leading zeros, as the XSD says. */
export function parseRequestId(text: string): RequestId {
  const parts = text.trim().split(':');
  if (parts.length !== 3) throw new RequestIdError(`RequestID must be originator:target:counter, got ${JSON.stringify(text)}`);
  const [o, t, c] = parts as [string, string, string];
  if (!/^(0|[1-9][0-9]*)$/.test(c)) throw new RequestIdError(`RequestID counter is not a decimal integer: ${JSON.stringify(c)}`);
  let originator: Eui64;
  let target: Eui64;
  try {
    originator = eui64(o);
    target = eui64(t);
  } catch (e) {
    throw new RequestIdError(`RequestID ${JSON.stringify(text)}: ${(e as Error).message}`);
  }
  const counter = BigInt(c);
  checkCounter(counter);
  return { originator, target, counter };
}

function checkCounter(counter: bigint): void {
  if (counter < 0n || counter > MAX_ORIGINATOR_COUNTER) {
    throw new RequestIdError(`OriginatorCounter ${counter} is outside 0..2^64-1`);
  }
}

export interface RequestIdCounterOptions {
  /**
   * Lowest value handed out, read on every call. DCC rejects a counter not higher than the last
   * one it saw from that originator, and a fresh process does not know that value, so the
   * default is `microsecondClock()`: counters keep rising across restarts. Tests pass a fixed number.
   */
  floor?: bigint | number | (() => bigint);
}

/** Microseconds since the epoch: rises across restarts unless a run averages over one request per microsecond. */
export function microsecondClock(now: () => number = Date.now): () => bigint {
  return () => BigInt(now()) * 1000n;
}

/** Hands out strictly increasing OriginatorCounters, one sequence per BusinessOriginatorID. */
export class RequestIdCounter {
  private readonly last = new Map<Eui64, bigint>();
  private readonly floor: () => bigint;

  constructor(options: RequestIdCounterOptions = {}) {
    const f = options.floor ?? microsecondClock();
    this.floor = typeof f === 'function' ? f : () => BigInt(f);
  }

  /** The next counter for `originator`: above every counter it has had, and at least the floor. */
  next(originator: string): bigint {
    const key = eui64(originator);
    const prev = this.last.get(key);
    const floor = this.floor();
    const value = prev === undefined || floor > prev ? floor : prev + 1n;
    checkCounter(value);
    this.last.set(key, value);
    return value;
  }

  /** A whole RequestID with the next counter for its originator. */
  nextId(originator: string, target: string): RequestId {
    return { originator: eui64(originator), target: eui64(target), counter: this.next(originator) };
  }

  /** Record a counter used elsewhere (say, persisted from an earlier run) so later ones go above it. */
  observe(originator: string, counter: bigint): void {
    const key = eui64(originator);
    const prev = this.last.get(key);
    if (prev === undefined || counter > prev) this.last.set(key, counter);
  }

  /** The last counter handed out or observed for `originator`, if any. */
  lastFor(originator: string): bigint | undefined {
    return this.last.get(eui64(originator));
  }
}

/** DUIS schema version written on sr:Request when the caller does not choose one. */
export const DEFAULT_SCHEMA_VERSION = '5.1';

/** The Header's fields, in the XSD's order. */
export interface HeaderFields {
  requestId: RequestId | string;
  firstInSequence?: boolean;
  precedingServiceRequestId?: RequestId | string;
  commandVariant: number;
  serviceReference: string;
  serviceReferenceVariant: string;
}

const idText = (id: RequestId | string): string => (typeof id === 'string' ? formatRequestId(parseRequestId(id)) : formatRequestId(id));

/** sr:Header: RequestID, FirstInSequence?, PrecedingServiceRequestID?, CommandVariant, ServiceReference, ServiceReferenceVariant. */
export function headerElement(h: HeaderFields): Element {
  return sr('Header', [
    sr('RequestID', idText(h.requestId)),
    h.firstInSequence !== undefined && sr('FirstInSequence', String(h.firstInSequence)),
    h.precedingServiceRequestId !== undefined && sr('PrecedingServiceRequestID', idText(h.precedingServiceRequestId)),
    sr('CommandVariant', h.commandVariant),
    sr('ServiceReference', h.serviceReference),
    sr('ServiceReferenceVariant', h.serviceReferenceVariant),
  ]);
}

/** sr:Request root around a Header and one Body child; unsigned (the signature is appended later). */
export function requestElement(header: Element, body: Child, schemaVersion: string = DEFAULT_SCHEMA_VERSION): Element {
  return sr('Request', [header, sr('Body', body)], { ...ROOT_NAMESPACES, schemaVersion });
}
