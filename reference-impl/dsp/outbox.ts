// Asynchronous work of the DSP: device answers and the responses and alerts DCC sends the User
// later. Real-time delays (setTimeout), not domain time; close() cancels what has not run.
export type Deliver = (xml: string) => void | Promise<void>;

export class Outbox {
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  /** Errors from scheduled work or from `deliver`, oldest first. */
  readonly errors: Error[] = [];

  constructor(
    private readonly deliver: Deliver | undefined,
    private readonly log: (line: string) => void,
    /** Sees every message as it leaves, whether or not there is anywhere to deliver it (the audit trail). */
    private readonly observe?: (xml: string) => void,
  ) {}

  /** Run `work` after `delayMs`; it may schedule more. */
  schedule(delayMs: number, work: () => void | Promise<void>): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.running++;
      Promise.resolve()
        .then(work)
        .catch((e: unknown) => this.fail(e))
        .finally(() => {
          this.running--;
          this.checkIdle();
        });
    }, Math.max(0, delayMs));
    this.timers.add(t);
  }

  /** Hand a message to the User's endpoint (dropped once closed). */
  async send(xml: string): Promise<void> {
    if (this.closed) return;
    this.observe?.(xml);
    if (!this.deliver) return;
    try {
      await this.deliver(xml);
    } catch (e) {
      this.fail(e);
    }
  }

  /** Resolves once nothing is scheduled or running. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.checkIdle();
  }

  private isIdle(): boolean {
    return this.timers.size === 0 && this.running === 0;
  }

  private checkIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private fail(e: unknown): void {
    const err = e instanceof Error ? e : new Error(String(e));
    this.errors.push(err);
    this.log(`async: ${err.message}`);
  }
}
