// An external target whose SM WAN coverage data the suite has been told (target option
// "wanCoverage": a JSON or YAML file, or the entries): it then offers 'wan-coverage-data' and the
// 12.1 scenarios know what to expect of it. Without it they are NOT APPLICABLE: coverage is the
// CSPs' data, and nothing in DUIS says what a property's answer should be.
import { loadWanCoverageFile, parseWanCoverage, type WanCoverageEntry } from '../wan-coverage.ts';
import type { AsyncDelivery, Capability, ServicePath, Target, TargetControl, WireReply } from './target.ts';

class KnownCoverageTarget implements Target {
  readonly name: string;
  readonly capabilities: ReadonlySet<Capability>;
  readonly control: TargetControl;

  constructor(
    private readonly inner: Target,
    entries: readonly WanCoverageEntry[],
  ) {
    this.name = inner.name;
    this.capabilities = new Set([...inner.capabilities, 'wan-coverage-data']);
    this.control = { ...inner.control, wanCoverage: async () => entries.map((e) => ({ ...e })) };
  }

  post(path: ServicePath, body: string): Promise<WireReply> {
    return this.inner.post(path, body);
  }

  awaitDelivery(requestId: string, timeoutMs: number): Promise<AsyncDelivery> {
    return this.inner.awaitDelivery(requestId, timeoutMs);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** `target`, also knowing the coverage data `coverage` (a file path, or the entries as parsed JSON). */
export function withWanCoverage(target: Target, coverage: string | unknown[]): Target {
  const entries = typeof coverage === 'string' ? loadWanCoverageFile(coverage) : parseWanCoverage(coverage, 'target option wanCoverage');
  return new KnownCoverageTarget(target, entries);
}
