// The reference DCC as a Target, in the same process: post() calls its handle(), deliveries are
// queued here as they are produced and handed out by Header RequestID. No sockets for DUIS, no
// signing; the Self-Service Interface, which a browser must reach, gets an HTTP server of its
// own on an ephemeral 127.0.0.1 port the first time control.ssi() is called.
import { createReferenceSmi, type ReferenceSmi, type ReferenceSmiOptions } from '../../reference-impl/index.ts';
import { startSsiServer, type SsiServer } from '../../reference-impl/ssi/server.ts';
import { NS } from '../../schemas/namespaces.ts';
import { child, readXml } from '../duis/xml.ts';
import { DeliveryTimeoutError, sameRequestId } from './receiver.ts';
import type { AsyncDelivery, Capability, ServicePath, SsiAccess, Target, TargetControl, WireReply } from './target.ts';

export interface InProcessTargetOptions extends Omit<ReferenceSmiOptions, 'deliver'> {
  /** Default "reference (in-process)". */
  name?: string;
}

interface Queued extends AsyncDelivery {
  /** Header RequestID, else the request a DCC alert reports on; undefined when neither. */
  requestId?: string;
}

interface Waiter {
  requestId: string;
  resolve: (d: AsyncDelivery) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

const CAPABILITIES: readonly Capability[] = ['fault-injection', 'inventory-fixtures', 'clock', 'inspection', 'local-delivery', 'wan-coverage-data', 'firmware-images', 'registration-files', 'feature-switches', 'ssi', 'registration-requests', 'dcc-operations'];

export class InProcessTarget implements Target {
  readonly name: string;
  readonly capabilities: ReadonlySet<Capability> = new Set(CAPABILITIES);
  readonly control: TargetControl;
  /** The reference itself, for tests of the reference (steps use `control`). */
  readonly reference: ReferenceSmi;
  private readonly queue: Queued[] = [];
  private readonly waiters = new Set<Waiter>();
  private closed = false;
  private ssiServer?: Promise<SsiServer>;

  constructor(options: InProcessTargetOptions) {
    const { name, ...smiOptions } = options;
    this.name = name ?? 'reference (in-process)';
    this.reference = createReferenceSmi({ ...smiOptions, deliver: (xml) => this.receive(xml) });
    this.control = { ...this.reference.control, ssi: () => this.ssi() };
  }

  /** The SSI's own server, started on first use and stopped with the target. */
  private async ssi(): Promise<SsiAccess> {
    if (this.closed) throw new Error(`target ${this.name} is closed`);
    this.ssiServer ??= startSsiServer(this.reference.ssi.handle);
    const server = await this.ssiServer;
    return { url: server.url, accounts: this.reference.ssi.credentials() };
  }

  post(path: ServicePath, body: string): Promise<WireReply> {
    if (this.closed) return Promise.reject(new Error(`target ${this.name} is closed`));
    return this.reference.handle(path, body);
  }

  awaitDelivery(requestId: string, timeoutMs: number): Promise<AsyncDelivery> {
    const i = this.queue.findIndex((q) => q.requestId !== undefined && sameRequestId(q.requestId, requestId));
    if (i >= 0) return Promise.resolve(strip(this.queue.splice(i, 1)[0]!));
    if (this.closed) return Promise.reject(new Error(`target ${this.name} is closed: no delivery for RequestID ${requestId} will come`));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        requestId,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new DeliveryTimeoutError(requestId, timeoutMs, this.queueSummary()));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Deliveries received and not yet taken, oldest first. */
  pending(): readonly AsyncDelivery[] {
    return this.queue.map(strip);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ssiServer) await (await this.ssiServer.catch(() => undefined))?.close();
    await this.reference.close();
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error(`target ${this.name} closed while waiting for the delivery of RequestID ${w.requestId}`));
    }
    this.waiters.clear();
  }

  private receive(xml: string): void {
    const item: Queued = { body: xml, receivedAt: this.reference.now(), ...requestIdOf(xml) };
    if (item.requestId !== undefined) {
      for (const w of this.waiters) {
        if (!sameRequestId(w.requestId, item.requestId)) continue;
        this.waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(strip(item));
        return;
      }
    }
    this.queue.push(item);
  }

  private queueSummary(): string {
    if (this.queue.length === 0) return ' (no other deliveries are waiting)';
    const ids = this.queue.map((q) => q.requestId ?? '(none)').join(', ');
    return ` (${this.queue.length} other deliveries are waiting, for RequestIDs ${ids})`;
  }
}

export function createInProcessTarget(options: InProcessTargetOptions): InProcessTarget {
  return new InProcessTarget(options);
}

function strip(q: Queued): AsyncDelivery {
  return { body: q.body, receivedAt: q.receivedAt };
}

/** Header RequestID; for a DCC alert without one, the request it reports on. */
function requestIdOf(xml: string): { requestId?: string } {
  try {
    const root = readXml(xml);
    const header = child(root, 'Header', NS.sr);
    const rid = child(header, 'RequestID')?.text.trim();
    if (rid) return { requestId: rid };
    const alert = child(child(child(root, 'Body'), 'DCCAlertMessage'), 'DCCAlert')?.children[0];
    const ref = child(alert, 'UpdateHANDeviceLogServiceRequestID')?.text.trim() ?? child(alert, 'CommandRequestID')?.text.trim();
    return ref ? { requestId: ref } : {};
  } catch {
    return {};
  }
}
