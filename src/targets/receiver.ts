// The User's side of asynchronous DUIS: an HTTP listener the suite runs so that a target can
// POST device responses and alerts to it, as DCC does to a User's `/smartdcc/duis` endpoint.
// Every delivery is checked against the DUIS schema before it is accepted (204) or refused
// (400); accepted ones wait in a queue until a step asks for them by Header RequestID.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { NS } from '../../schemas/namespaces.ts';
import { child, readXml } from '../duis/xml.ts';
import type { DuisValidator, ValidationIssue } from '../validation/validator.ts';
import type { AsyncDelivery } from './target.ts';

/** DCC Boxed's Node-RED client listens here for asynchronous responses and alerts. */
export const DEFAULT_RECEIVER_PATH = '/smartdcc/duis';

/** Accepted deliveries kept at most; the oldest unclaimed ones are dropped (and logged) past this. */
export const DEFAULT_RECEIVER_QUEUE_LIMIT = 10_000;

// ---------------------------------------------------------------------------------------------
// Small HTTP helpers shared with the reference gateway

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' | 'aborted' };

/**
 * Read a request body, but never more than `maxBytes` of it: a declared Content-Length over the
 * limit is refused before anything is read, and a body that grows past the limit while streaming
 * stops being read there (nothing past the limit is buffered). An aborted upload resolves as
 * 'aborted'; this never rejects.
 */
export function readLimitedBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  // a client that goes away mid-upload makes the request emit 'error'; without a listener
  // that would be an uncaught exception
  req.on('error', () => {});
  return new Promise((resolve) => {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBytes) {
      resolve({ ok: false, reason: 'too-large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (r: BodyResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      resolve(r);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        req.pause();
        chunks.length = 0;
        finish({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ ok: true, body: Buffer.concat(chunks, size) });
    const onClose = (): void => {
      if (!req.complete) finish({ ok: false, reason: 'aborted' });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
  });
}

/** Whether a Content-Type header names application/xml (parameters such as charset allowed). */
export function isXmlContentType(header: string | undefined): boolean {
  return mediaType(header) === 'application/xml';
}

/** The media type of a Content-Type header, lower-cased, without parameters; '' when absent. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Answer with a short plain-text body; harmless when the client has already gone. */
export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const body = text.endsWith('\n') ? text : `${text}\n`;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

/**
 * Refuse an oversized body with 413 and close the connection: the rest of the body is never
 * read, so the connection cannot carry another request. The socket is destroyed shortly after
 * the answer is flushed, whatever the client is still sending.
 */
export function refuseTooLarge(res: ServerResponse, maxBytes: number): void {
  res.shouldKeepAlive = false;
  const socket = res.socket;
  res.on('finish', () => {
    // give the client a moment to read the answer before the unread upload makes the kernel reset
    setTimeout(() => socket?.destroy(), 50).unref();
  });
  sendText(res, 413, `request body over the limit of ${maxBytes} bytes`, { Connection: 'close' });
}

/** http://host:port (https:// for a TLS server) with IPv6 hosts bracketed. */
export function httpUrl(address: AddressInfo, path = '', scheme: 'http' | 'https' = 'http'): string {
  const host = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  return `${scheme}://${host}:${address.port}${path}`;
}

/** A server's certificate and key (PEM), and optionally the CA its clients' certificates must be signed by. */
export interface ServerTls {
  cert: string | Buffer;
  key: string | Buffer;
  /** When given, a client must present a certificate this CA signed (mutual TLS). */
  ca?: string | Buffer;
}

/**
 * An HTTP server, or an HTTPS one when `tls` is given (requiring client certificates when it
 * names a CA). A failed TLS handshake is logged: a refused client would otherwise leave no trace.
 */
export function createHttpOrHttpsServer(handler: (req: IncomingMessage, res: ServerResponse) => void, tls: ServerTls | undefined, log: (line: string) => void): Server {
  if (!tls) return createServer(handler);
  const mutual = tls.ca !== undefined;
  const server = createHttpsServer({ cert: tls.cert, key: tls.key, ...(mutual ? { ca: tls.ca, requestCert: true, rejectUnauthorized: true } : {}) }, handler);
  server.on('tlsClientError', (e: NodeJS.ErrnoException, socket: { remoteAddress?: string }) => {
    // a client that connects and goes away (a port probe) is not worth a line
    if (e.code === 'ECONNRESET') return;
    log(`TLS handshake with ${socket.remoteAddress ?? 'a client'} failed: ${tlsReason(e)}`);
  });
  // https.Server serves HTTP exactly as http.Server does; only its type says otherwise
  return server as unknown as Server;
}

/** OpenSSL's reason ("peer did not return a certificate") without its file and line. */
export function tlsReason(e: Error & { code?: string }): string {
  const reason = /error:[0-9A-F]+:[^:]*:[^:]*:([^:]+)/.exec(e.message)?.[1]?.trim();
  return `${reason ?? e.message.trim()}${e.code ? ` [${e.code}]` : ''}`;
}

/** Listen, resolving once bound (or rejecting with the bind error: port in use, bad host). */
export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Stop accepting, let requests in flight finish for up to `graceMs`, then cut whatever is
 * left. Resolves once the server has closed.
 */
export function closeServer(server: Server, sockets: Set<Socket>, graceMs = 2_000): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      for (const s of sockets) s.destroy();
    }, graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Track a server's sockets, so close() can cut connections still open after the grace period. */
export function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // malformed HTTP, resets mid-request: answer 400 when the socket can still take it, never throw
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    // as node's own default handler does: answer only when nothing has been written yet
    if (err.code !== 'ECONNRESET' && socket.writable && socket.bytesWritten === 0) {
      const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    }
    socket.destroy();
  });
  return sockets;
}

// ---------------------------------------------------------------------------------------------
// The receiver

/** An accepted delivery, as queued. */
export interface ReceivedMessage extends AsyncDelivery {
  /** Header RequestID as written (trimmed); absent on messages that carry none (some alerts). */
  requestId?: string;
  /** Header ResponseID, when present. */
  responseId?: string;
  /**
   * For a DCC alert without a Header RequestID: the request it reports on (its
   * UpdateHANDeviceLogServiceRequestID or CommandRequestID). awaitDelivery matches on it too.
   */
  relatedRequestId?: string;
  /** Local name of the element inside sr:Body: ResponseMessage, DeviceAlertMessage, DCCAlertMessage, ... */
  bodyName?: string;
}

/** A delivery the receiver refused, kept for diagnostics. */
export interface RefusedMessage {
  status: number;
  reason: string;
  errors: ValidationIssue[];
  /** The RequestID the text seems to carry, read without trusting the document. */
  requestId?: string;
  receivedAt: Date;
  /** The body, cut to its first 4 KiB. */
  excerpt: string;
}

export interface ReceiverOptions {
  validator: DuisValidator;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default /smartdcc/duis. */
  path?: string;
  /** Default the validator's limit. */
  maxBytes?: number;
  queueLimit?: number;
  /**
   * Extra check after the XSD (signature verification, say): a reason to refuse with 400, or
   * undefined to accept.
   */
  verify?: (xml: string) => string | undefined;
  log?: (line: string) => void;
  /** Serve HTTPS with this certificate and key; with a CA, senders must present a certificate it signed. */
  tls?: ServerTls;
}

const defaultReceiverLog = (line: string): void => {
  process.stderr.write(`receiver: ${line}\n`);
};

/** Thrown to a waiter when no delivery with its RequestID arrives in time. */
export class DeliveryTimeoutError extends Error {
  readonly requestId: string;
  readonly timeoutMs: number;
  constructor(requestId: string, timeoutMs: number, detail: string) {
    super(`no asynchronous delivery with RequestID ${requestId} arrived within ${timeoutMs} ms${detail}`);
    this.requestId = requestId;
    this.timeoutMs = timeoutMs;
  }
}

/** Thrown to a waiter when a delivery for its RequestID arrived but was refused as invalid DUIS. */
export class InvalidDeliveryError extends Error {
  readonly requestId: string;
  readonly refused: RefusedMessage;
  constructor(requestId: string, refused: RefusedMessage) {
    const first = refused.errors[0];
    const where = first ? ` (line ${first.line}${first.path ? `, ${first.path}` : ''}: ${first.message})` : '';
    super(`the asynchronous delivery for RequestID ${requestId} was refused with ${refused.status}: ${refused.reason}${where}`);
    this.requestId = requestId;
    this.refused = refused;
  }
}

interface Waiter {
  match: (m: ReceivedMessage) => boolean;
  requestId?: string;
  resolve: (m: ReceivedMessage) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** RequestIDs compare with EUI letter case ignored (the XSD pattern allows both cases). */
export function sameRequestId(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

export class DuisReceiver {
  /** Full URL deliveries are POSTed to, e.g. http://127.0.0.1:40123/smartdcc/duis. */
  readonly url: string;
  readonly path: string;
  private readonly server: Server;
  private readonly sockets: Set<Socket>;
  private readonly options: ReceiverOptions;
  private readonly maxBytes: number;
  private readonly queueLimit: number;
  private readonly log: (line: string) => void;
  private readonly queue: ReceivedMessage[] = [];
  private readonly refusedList: RefusedMessage[] = [];
  /** Refused deliveries that named a RequestID no waiter has been told about yet. */
  private readonly unclaimedRefusals: RefusedMessage[] = [];
  private readonly waiters = new Set<Waiter>();
  private closed = false;

  private constructor(server: Server, sockets: Set<Socket>, url: string, path: string, options: ReceiverOptions) {
    this.server = server;
    this.sockets = sockets;
    this.url = url;
    this.path = path;
    this.options = options;
    this.maxBytes = options.maxBytes ?? options.validator.maxBytes;
    this.queueLimit = options.queueLimit ?? DEFAULT_RECEIVER_QUEUE_LIMIT;
    this.log = options.log ?? defaultReceiverLog;
  }

  static async start(options: ReceiverOptions): Promise<DuisReceiver> {
    const path = options.path ?? DEFAULT_RECEIVER_PATH;
    if (!path.startsWith('/')) throw new Error(`receiver path must start with "/": ${JSON.stringify(path)}`);
    let receiver: DuisReceiver | undefined;
    const log = options.log ?? defaultReceiverLog;
    const server = createHttpOrHttpsServer((req, res) => {
      receiver!.onRequest(req, res).catch((e: unknown) => {
        receiver!.log(`internal error: ${(e as Error)?.stack ?? String(e)}`);
        sendText(res, 500, 'internal error');
      });
    }, options.tls, log);
    server.requestTimeout = 30_000;
    const sockets = trackSockets(server);
    const address = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
    receiver = new DuisReceiver(server, sockets, httpUrl(address, path, options.tls ? 'https' : 'http'), path, options);
    return receiver;
  }

  /** Accepted deliveries not yet claimed by a waiter, oldest first. */
  get pending(): readonly ReceivedMessage[] {
    return [...this.queue];
  }

  /** Deliveries refused since start (or the last clear), oldest first. */
  get refused(): readonly RefusedMessage[] {
    return [...this.refusedList];
  }

  /** Forget queued and refused deliveries (between scenarios). */
  clear(): void {
    this.queue.length = 0;
    this.refusedList.length = 0;
    this.unclaimedRefusals.length = 0;
  }

  /**
   * The next accepted delivery whose Header RequestID is `requestId` (taken off the queue),
   * waiting up to `timeoutMs`. Rejects with DeliveryTimeoutError naming the RequestID, or with
   * InvalidDeliveryError as soon as a delivery for that RequestID is refused.
   */
  awaitDelivery(requestId: string, timeoutMs: number): Promise<ReceivedMessage> {
    const wanted = requestId.trim();
    // a refusal for this RequestID that came before any accepted delivery of it answers first
    const r = this.unclaimedRefusals.findIndex((x) => sameRequestId(x.requestId!, wanted));
    if (r >= 0) {
      const refused = this.unclaimedRefusals[r]!;
      const earlierOk = this.queue.some((m) => m.requestId !== undefined && sameRequestId(m.requestId, wanted) && m.receivedAt <= refused.receivedAt);
      if (!earlierOk) {
        this.unclaimedRefusals.splice(r, 1);
        return Promise.reject(new InvalidDeliveryError(wanted, refused));
      }
    }
    return this.awaitMessage((m) => {
      const id = m.requestId ?? m.relatedRequestId;
      return id !== undefined && sameRequestId(id, wanted);
    }, timeoutMs, wanted);
  }

  /** The next accepted delivery `match` accepts (alerts without a RequestID, say). */
  awaitMessage(match: (m: ReceivedMessage) => boolean, timeoutMs: number, requestId?: string): Promise<ReceivedMessage> {
    const i = this.queue.findIndex(match);
    if (i >= 0) return Promise.resolve(this.queue.splice(i, 1)[0]!);
    const label = requestId ?? 'matching the given condition';
    if (this.closed) return Promise.reject(new Error(`receiver at ${this.url} is closed: cannot wait for a delivery ${requestId ? `with RequestID ${label}` : label}`));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        ...(requestId !== undefined ? { requestId } : {}),
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          if (requestId !== undefined) reject(new DeliveryTimeoutError(requestId, timeoutMs, this.timeoutDetail()));
          else reject(new Error(`no asynchronous delivery ${label} arrived within ${timeoutMs} ms${this.timeoutDetail()}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error(`receiver at ${this.url} closed while waiting for ${w.requestId ? `RequestID ${w.requestId}` : 'a delivery'}`));
    }
    this.waiters.clear();
    await closeServer(this.server, this.sockets);
  }

  private timeoutDetail(): string {
    const parts = [`; listening at ${this.url}`];
    if (this.queue.length) {
      const ids = this.queue.slice(-5).map((m) => m.requestId ?? (m.relatedRequestId ? `${m.relatedRequestId} (alert)` : `(no RequestID, ${m.bodyName ?? 'unknown body'})`));
      parts.push(`; ${this.queue.length} other deliver${this.queue.length === 1 ? 'y' : 'ies'} waiting: ${ids.join(', ')}`);
    }
    if (this.refusedList.length) {
      const last = this.refusedList[this.refusedList.length - 1]!;
      parts.push(`; ${this.refusedList.length} refused, the last with ${last.status}: ${last.reason}`);
    }
    return parts.join('');
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => {});
    const path = (req.url ?? '/').split('?')[0]!;
    if (path !== this.path) {
      sendText(res, 404, `nothing here; DUIS deliveries go to ${this.path}`);
      return;
    }
    if (req.method !== 'POST') {
      sendText(res, 405, 'deliveries are POSTed', { Allow: 'POST' });
      return;
    }
    const receivedAt = new Date();
    if (!isXmlContentType(req.headers['content-type'])) {
      this.refuse(res, 415, `Content-Type must be application/xml, was ${JSON.stringify(req.headers['content-type'] ?? '')}`, [], Buffer.alloc(0), receivedAt);
      return;
    }
    const read = await readLimitedBody(req, this.maxBytes);
    if (!read.ok) {
      if (read.reason === 'too-large') {
        this.recordRefused(413, `body over the limit of ${this.maxBytes} bytes`, [], Buffer.alloc(0), receivedAt);
        refuseTooLarge(res, this.maxBytes);
      }
      return;
    }
    const result = this.options.validator.validate(read.body);
    if (!result.valid) {
      this.refuse(res, 400, 'not valid DUIS', result.errors, read.body, receivedAt);
      return;
    }
    const body = read.body.toString('utf8');
    const extra = this.options.verify?.(body);
    if (extra !== undefined) {
      this.refuse(res, 400, extra, [], read.body, receivedAt);
      return;
    }
    const msg = describe(body, receivedAt);
    if (msg.bodyName === undefined) {
      // valid against the XSD but not an sr:Response (an sr:Request, say): not a delivery
      this.refuse(res, 400, `not a DUIS response or alert: root is not sr:Response`, [], read.body, receivedAt);
      return;
    }
    res.writeHead(204).end();
    this.accept(msg);
  }

  private accept(msg: ReceivedMessage): void {
    for (const w of this.waiters) {
      if (w.match(msg)) {
        this.waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(msg);
        return;
      }
    }
    this.queue.push(msg);
    if (this.queue.length > this.queueLimit) {
      const dropped = this.queue.shift()!;
      this.log(`queue over ${this.queueLimit}: dropped the oldest unclaimed delivery (RequestID ${dropped.requestId ?? 'none'})`);
    }
  }

  private refuse(res: ServerResponse, status: number, reason: string, errors: ValidationIssue[], body: Buffer, receivedAt: Date): void {
    const refused = this.recordRefused(status, reason, errors, body, receivedAt);
    const lines = [reason, ...errors.slice(0, 20).map((e) => `line ${e.line}${e.path ? ` ${e.path}` : ''}: ${e.message}`)];
    sendText(res, status, lines.join('\n'));
    if (refused.requestId === undefined) return;
    for (const w of this.waiters) {
      if (w.requestId !== undefined && sameRequestId(w.requestId, refused.requestId)) {
        this.waiters.delete(w);
        clearTimeout(w.timer);
        w.reject(new InvalidDeliveryError(w.requestId, refused));
        return;
      }
    }
    this.unclaimedRefusals.push(refused);
    if (this.unclaimedRefusals.length > 1000) this.unclaimedRefusals.shift();
  }

  private recordRefused(status: number, reason: string, errors: ValidationIssue[], body: Buffer, receivedAt: Date): RefusedMessage {
    const excerpt = body.subarray(0, 4096).toString('utf8');
    const requestId = /<(?:[\w.-]+:)?RequestID>\s*([^<\s]+)\s*</.exec(excerpt)?.[1];
    const refused: RefusedMessage = { status, reason, errors, receivedAt, excerpt, ...(requestId ? { requestId } : {}) };
    this.refusedList.push(refused);
    if (this.refusedList.length > 1000) this.refusedList.shift();
    this.log(`refused a delivery with ${status}${requestId ? ` (RequestID ${requestId})` : ''}: ${reason}${errors[0] ? `; ${errors[0].message}` : ''}`);
    return refused;
  }
}

/** Header fields of a schema-valid document; bodyName stays undefined when it is no sr:Response. */
function describe(body: string, receivedAt: Date): ReceivedMessage {
  const root = readXml(body);
  if (root.ns !== NS.sr || root.local !== 'Response') return { body, receivedAt };
  const header = child(root, 'Header');
  const requestId = child(header, 'RequestID')?.text.trim();
  const responseId = child(header, 'ResponseID')?.text.trim();
  const inner = child(root, 'Body')?.children[0];
  let relatedRequestId: string | undefined;
  if (!requestId && inner?.local === 'DCCAlertMessage') {
    const alert = child(inner, 'DCCAlert')?.children[0];
    relatedRequestId = (child(alert, 'UpdateHANDeviceLogServiceRequestID') ?? child(alert, 'CommandRequestID'))?.text.trim() || undefined;
  }
  return {
    body,
    receivedAt,
    bodyName: inner?.local ?? '',
    ...(requestId ? { requestId } : {}),
    ...(responseId ? { responseId } : {}),
    ...(relatedRequestId ? { relatedRequestId } : {}),
  };
}
