// A stand-in for the reference SMI (reference-impl/index.ts's ReferenceSmi shape), so the
// gateway, receiver and HTTP target can be tested on their own: it acknowledges every request
// with I99 and, when given a deliver callback, follows up with a device response.
import { buildAcknowledgement, buildDeviceResponse } from '../src/duis/response-builders.ts';
import type { CommsHubFixture, DeviceFault, WireReply } from '../src/targets/target.ts';
import type { ReferenceSmiLike, ReferenceSmiOptions } from '../reference-impl/gateway/reference-server.ts';

export interface StubCall {
  path: string;
  body: string;
}

export interface StubSmi extends ReferenceSmiLike {
  calls: StubCall[];
  faults: { deviceId: string; fault: DeviceFault }[];
  clock: Date[];
  hubs: Record<string, unknown>[];
  closed: boolean;
}

export interface StubOptions {
  deliver?: (xml: string) => void | Promise<void>;
  /** Leave the control methods out (an SMI without test controls). */
  noControls?: boolean;
  /** What handle() answers instead of an acknowledgement. */
  reply?: (call: StubCall) => WireReply | Promise<WireReply>;
}

export function requestIdOf(xml: string): string {
  return /<(?:\w+:)?RequestID>([^<]+)</.exec(xml)?.[1]?.trim() ?? '90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:1';
}

export function stubSmi(options: StubOptions = {}): StubSmi {
  const stub: StubSmi = {
    calls: [],
    faults: [],
    clock: [],
    hubs: [],
    closed: false,
    async handle(path: string, body: string | Buffer): Promise<WireReply> {
      const call = { path, body: body.toString() };
      stub.calls.push(call);
      if (options.reply) return options.reply(call);
      const requestId = requestIdOf(call.body);
      if (options.deliver) {
        await options.deliver(
          buildDeviceResponse({ requestId, serviceReference: '4.1', serviceReferenceVariant: '4.1.1', gbcsPayload: '3QAAAAAAAA==' }),
        );
      }
      return {
        status: 200,
        contentType: 'application/xml',
        body: buildAcknowledgement({ requestId, serviceReference: '4.1', serviceReferenceVariant: '4.1.1' }),
      };
    },
    control: options.noControls
      ? {}
      : {
          async provisionCommsHub(opts?: { status?: string }): Promise<CommsHubFixture> {
            if (opts?.status === 'Exploded') throw new Error('no such status: Exploded');
            stub.hubs.push({ ...opts });
            return { chf: '00-DB-12-34-56-78-90-C0', gpf: '00-DB-12-34-56-78-90-C1' };
          },
          async injectFault(deviceId: string, fault: DeviceFault): Promise<void> {
            stub.faults.push({ deviceId, fault });
          },
          async setClock(now: Date): Promise<void> {
            stub.clock.push(now);
          },
          async deviceLog(deviceId: string): Promise<string[]> {
            if (deviceId === '00-00-00-00-00-00-00-00') throw new Error(`no device ${deviceId}`);
            return [`${deviceId}-log`];
          },
          async smiJoins(deviceId: string): Promise<string[]> {
            return [`${deviceId}-joins`];
          },
        },
    close(): void {
      stub.closed = true;
    },
  };
  return stub;
}

/** A factory of the createReferenceSmi shape that returns stubs and remembers them. */
export function stubFactory(extra: Omit<StubOptions, 'deliver'> = {}): { create: (o: ReferenceSmiOptions) => StubSmi; made: StubSmi[] } {
  const made: StubSmi[] = [];
  return {
    made,
    create: (o: ReferenceSmiOptions) => {
      const s = stubSmi({ ...extra, ...(o.deliver ? { deliver: o.deliver } : {}) });
      made.push(s);
      return s;
    },
  };
}
