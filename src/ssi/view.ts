// What a User saw of a device's Service Audit Trail in the Self-Service Interface, however it
// was read (page in a browser, or the JSON API): the suite's own model, independent of the
// reference's.

export interface SsiRow {
  at: string;
  /** Service Request, Signed Pre-Command, Acknowledgement, Pre-Command, Service Response, Alert. */
  kind: string;
  srv: string;
  title: string;
  requestId: string;
  /** User ID of the User that sent the request or received the response. */
  user: string;
  devices: string[];
  responseCode: string;
}

export interface SsiTrailView {
  /** How it was read. */
  via: 'browser' | 'api';
  /** HTTP status of the trail page or API answer: 200, 403 not the User's, 404 unknown. */
  status: number;
  /** 'device' (every User's entries) or 'own', as the SSI says; absent unless 200. */
  scope?: string;
  rows: SsiRow[];
  /** Everything that reached the User: the page's HTML and text, or the API's JSON. */
  delivered: string;
}

/** Kinds of row that record a request rather than an answer to one. */
export const REQUEST_KINDS: ReadonlySet<string> = new Set(['Service Request', 'Signed Pre-Command']);
