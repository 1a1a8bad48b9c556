// The reference DSP as a server: the reference SMI, the HTTP gateway in front of it and the
// deliverer behind it, started and stopped together. Used by `sec-conformance serve` and by
// the in-process 'ref-http' target.
import type { DuisSigning } from '../../src/sign/duis-signing.ts';
import { buildSigning } from '../../src/sign/signing-settings.ts';
import { createReferenceSmi, type ReferenceSmiOptions } from '../index.ts';
import { createHttpDeliverer, type Deliverer, type DelivererOptions } from './deliver.ts';
import { startGateway, type DuisHandler, type Gateway, type GatewayOptions } from './http-server.ts';

export type { ReferenceSmiOptions } from '../index.ts';

/** The reference SMI as the server uses it: reference-impl/index.ts's ReferenceSmi, or a stub of its shape. */
export interface ReferenceSmiLike extends DuisHandler {
  close(): Promise<void> | void;
}

/** createReferenceSmi's shape; tests pass a stub. */
export type ReferenceFactory = (options: ReferenceSmiOptions) => ReferenceSmiLike | Promise<ReferenceSmiLike>;

export interface ReferenceServerOptions
  extends Omit<ReferenceSmiOptions, 'deliver' | 'log' | 'signing'>,
    Pick<GatewayOptions, 'host' | 'port' | 'maxBytes' | 'control' | 'requestTimeoutMs' | 'tls'> {
  /** Keys to check requests and sign responses with; default DCC Boxed's test set. */
  signing?: DuisSigning;
  /** The User's endpoint for asynchronous responses and alerts; without it they are logged and dropped. */
  deliverTo?: string;
  /** Retry, timeout and header settings for deliveries. */
  delivery?: Omit<DelivererOptions, 'url' | 'log'>;
  /** Gateway and delivery problems, one line each; default stderr. */
  log?: (line: string) => void;
  /** The reference's own lines (refusals, asynchronous errors); default `log` with a "reference:" prefix. */
  referenceLog?: (line: string) => void;
  /** Default: createReferenceSmi from reference-impl/index.ts. Tests pass a stub. */
  createSmi?: ReferenceFactory;
}

/** How long close() lets queued deliveries finish before abandoning them. */
const DRAIN_MS = 1_000;

export interface ReferenceServer {
  readonly url: string;
  readonly gateway: Gateway;
  readonly smi: ReferenceSmiLike;
  readonly deliverer?: Deliverer;
  /** Gateway first (no new requests), then deliveries, then the reference (its database). */
  close(): Promise<void>;
}

export async function startReferenceServer(options: ReferenceServerOptions): Promise<ReferenceServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { deliverTo, delivery, host, port, maxBytes, control, requestTimeoutMs, tls, createSmi, log: _log, referenceLog, signing, ...smiOptions } = options;
  const deliverer = deliverTo !== undefined ? createHttpDeliverer({ ...delivery, url: deliverTo, log: (l) => log(`deliver: ${l}`) }) : undefined;
  let dropped = 0;
  const deliver = deliverer
    ? deliverer.deliver
    : (xml: string): void => {
        // say so once loudly, then quietly count: a User without an endpoint is a legitimate setup
        if (dropped++ === 0) log('deliver: no delivery URL (--deliver-to): asynchronous responses and alerts are dropped');
        void xml;
      };
  const factory: ReferenceFactory = createSmi ?? createReferenceSmi;
  const smi = await factory({ ...smiOptions, signing: signing ?? (await buildSigning()), deliver, log: referenceLog ?? ((l) => log(`reference: ${l}`)) });
  let gateway: Gateway;
  try {
    gateway = await startGateway({
      smi,
      ...(host !== undefined ? { host } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(maxBytes !== undefined ? { maxBytes } : {}),
      ...(control !== undefined ? { control } : {}),
      ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}),
      ...(tls ? { tls } : {}),
      log: (l) => log(`gateway: ${l}`),
    });
  } catch (e) {
    await deliverer?.close();
    await smi.close();
    throw e;
  }
  let closing: Promise<void> | undefined;
  return {
    url: gateway.url,
    gateway,
    smi,
    ...(deliverer ? { deliverer } : {}),
    close: () =>
      (closing ??= (async () => {
        await gateway.close();
        if (deliverer) {
          // let deliveries already produced reach the User, within reason
          await Promise.race([deliverer.idle(), new Promise((r) => setTimeout(r, DRAIN_MS).unref())]);
          await deliverer.close();
        }
        await smi.close();
      })()),
  };
}
