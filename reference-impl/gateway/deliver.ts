// Asynchronous DUIS delivery, as DCC does it: each device response and alert the reference
// produces is POSTed (application/xml) to the User's endpoint. Deliveries go out one at a time
// in the order they were produced; failures are retried with bounded exponential backoff and
// then logged and dropped: the reference never throws because a User's endpoint is down.
// node:http(s) rather than fetch, so an https endpoint may use a private CA and ask for a client
// certificate (serve --deliver-ca / --deliver-cert / --deliver-key).
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TlsMaterial } from '../../src/targets/tls-files.ts';

export interface DelivererOptions {
  /** The User's endpoint, e.g. http://127.0.0.1:40123/smartdcc/duis. */
  url: string;
  headers?: Record<string, string>;
  /** Attempts per message, first included; default 5. */
  maxAttempts?: number;
  /** Wait before the first retry, doubled each time; default 200 ms. */
  initialDelayMs?: number;
  /** Cap on the wait between retries; default 5 s. */
  maxDelayMs?: number;
  /** Per attempt; default 10 s. */
  timeoutMs?: number;
  /** For an https URL: the CA that signed the endpoint's certificate, and the reference's client certificate and key. */
  tls?: TlsMaterial;
  /** Messages queued at most; past it new ones are dropped and logged. Default 10,000. */
  queueLimit?: number;
  log?: (line: string) => void;
}

export interface DeliveryStats {
  delivered: number;
  failed: number;
  pending: number;
}

export interface Deliverer {
  /** Queue a message; returns at once and never throws. Pass this as the reference's `deliver`. */
  deliver(xml: string): void;
  /** Resolves once everything queued so far has been delivered or given up on. */
  idle(): Promise<void>;
  readonly stats: DeliveryStats;
  readonly url: string;
  /** Abandon the queue (logged) and any attempt in flight. */
  close(): Promise<void>;
}

/** Status codes worth trying again: the endpoint is busy or broken, not refusing this message. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export function createHttpDeliverer(options: DelivererOptions): Deliverer {
  const url = new URL(options.url).href; // throws on a malformed URL now rather than per message
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const initialDelay = options.initialDelayMs ?? 200;
  const maxDelay = options.maxDelayMs ?? 5_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const queueLimit = options.queueLimit ?? 10_000;
  const log = options.log ?? ((line: string) => process.stderr.write(`deliver: ${line}\n`));
  const stopping = new AbortController();
  const queue: string[] = [];
  const stats: DeliveryStats = { delivered: 0, failed: 0, pending: 0 };
  let running: Promise<void> | undefined;
  let idleWaiters: (() => void)[] = [];

  const post = url.startsWith('https:') ? httpsRequest : httpRequest;

  function attemptOnce(xml: string): Promise<{ ok: boolean; retry: boolean; why: string }> {
    return new Promise((resolve) => {
      const req = post(url, {
        method: 'POST',
        headers: { ...options.headers, 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(xml) },
        signal: AbortSignal.any([stopping.signal, AbortSignal.timeout(timeoutMs)]),
        ...options.tls,
      });
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', () => resolve({ ok: false, retry: true, why: 'the answer broke off' }));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve({ ok: true, retry: false, why: '' });
          const text = Buffer.concat(chunks).toString('utf8').slice(0, 300).trim();
          resolve({ ok: false, retry: retryable(status), why: `${status}${text ? ` ${text}` : ''}` });
        });
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        const why = e.name === 'AbortError' && !stopping.signal.aborted ? `no answer within ${timeoutMs} ms` : (e.code ?? e.message);
        resolve({ ok: false, retry: true, why });
      });
      req.end(xml);
    });
  }

  async function sendOne(xml: string): Promise<void> {
    const id = /<(?:[\w.-]+:)?RequestID>\s*([^<\s]+)/.exec(xml)?.[1] ?? 'none';
    let delay = initialDelay;
    for (let attempt = 1; ; attempt++) {
      const r = await attemptOnce(xml);
      if (r.ok) {
        stats.delivered++;
        return;
      }
      if (stopping.signal.aborted) return;
      if (!r.retry || attempt >= maxAttempts) {
        stats.failed++;
        log(`gave up delivering RequestID ${id} to ${url} after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${r.why}`);
        return;
      }
      await sleep(delay, stopping.signal);
      if (stopping.signal.aborted) return;
      delay = Math.min(delay * 2, maxDelay);
    }
  }

  async function drain(): Promise<void> {
    while (queue.length && !stopping.signal.aborted) {
      const xml = queue.shift()!;
      try {
        await sendOne(xml);
      } catch (e) {
        stats.failed++;
        log(`internal error delivering: ${(e as Error)?.message ?? String(e)}`);
      }
      stats.pending = queue.length;
    }
    running = undefined;
    stats.pending = queue.length;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  }

  return {
    url,
    stats,
    deliver(xml: string): void {
      if (stopping.signal.aborted) {
        log('closed: dropped an asynchronous message');
        return;
      }
      if (queue.length >= queueLimit) {
        stats.failed++;
        log(`queue over ${queueLimit}: dropped an asynchronous message`);
        return;
      }
      queue.push(xml);
      stats.pending = queue.length + (running ? 1 : 0);
      // start on a later turn: deliver() is called from inside handle(), which must not wait on it
      running ??= new Promise<void>((r) => setImmediate(r)).then(drain);
    },
    idle(): Promise<void> {
      if (!running) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close(): Promise<void> {
      if (queue.length) log(`closing: ${queue.length} asynchronous message(s) not delivered`);
      queue.length = 0;
      stopping.abort();
      await running;
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
