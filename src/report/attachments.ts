// Machine-readable notes the hooks attach to a scenario and the conformance formatter reads
// back from the message stream. One media type per kind, so nothing else can be mistaken for them.
import type { ValidationIssue } from '../validation/validator.ts';
import type { ErrorClass } from './verdicts.ts';

/** Before hook: the target lacks capabilities the scenario's @needs tags ask for. */
export const NOT_APPLICABLE_MEDIA_TYPE = 'application/vnd.sec-conformance.not-applicable+json';
/** AfterStep hook: whether the step's error is a conformance failure or an error. */
export const FAILURE_CLASS_MEDIA_TYPE = 'application/vnd.sec-conformance.failure-class+json';
/** After hook: every message that crossed the wire in the scenario. */
export const EXCHANGES_MEDIA_TYPE = 'application/vnd.sec-conformance.exchanges+json';

export interface NotApplicableNote {
  /** Capabilities the scenario needs and the target does not offer. */
  missing: string[];
  /** The target's name. */
  target: string;
}

export interface FailureClassNote {
  class: ErrorClass;
  /** The thrown value's class name, for the record. */
  type: string;
}

export type ExchangeDirection = 'request' | 'reply' | 'delivery';

/** One message, either way, as the World recorded it. */
export interface ExchangeRecord {
  /** 1-based order within the scenario. */
  seq: number;
  direction: ExchangeDirection;
  /** Service path for requests and replies; absent for asynchronous deliveries. */
  path?: string;
  /** ISO 8601 time the message was sent or received. */
  at: string;
  /** RequestID the message belongs to, when known. */
  requestId?: string;
  srv?: string;
  /** HTTP status and content type of a reply. */
  status?: number;
  contentType?: string;
  /** True for a request sent with sendRaw (deliberately bad input: not validated before sending). */
  raw?: boolean;
  /** True when a request was refused before sending (it failed XSD validation). */
  notSent?: boolean;
  body: string;
  /** XSD verdict; null when the message was not validated (a raw request, or a reply that is not XML). */
  validation: { valid: boolean; errors: ValidationIssue[] } | null;
  /** XMLDSig verdict on a reply or delivery that passed the XSD; absent when not checked. */
  signature?: { valid: boolean; signed: boolean; signer?: string; problem?: string; reason?: string };
}

export interface ExchangeLog {
  target: string;
  exchanges: ExchangeRecord[];
}
