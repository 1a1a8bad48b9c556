// Target over HTTP: 'ref-http' (reference + gateway in this process, here with a stub SMI) and
// external targets by URL; transport failures become TargetTransportError, quickly and clearly.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startGateway, type Gateway } from '../reference-impl/gateway/http-server.ts';
import { Baseline } from '../src/baseline.ts';
import { RequestIdCounter } from '../src/duis/header.ts';
import * as rq from '../src/duis/requests/index.ts';
import { parseResponse } from '../src/duis/responses.ts';
import { SrvTable } from '../src/duis/srv-table.ts';
import { servicePathFor } from '../src/targets/target.ts';
import { externalHttpTarget, HttpTarget, referenceOverHttp, TargetTransportError } from '../src/targets/http-target.ts';
import { dccBoxedKeyStore } from '../src/sign/dcc-boxed-keys.ts';
import { DuisSigning } from '../src/sign/duis-signing.ts';
import { DeliveryTimeoutError } from '../src/targets/receiver.ts';
import { DuisValidator } from '../src/validation/validator.ts';
import { rtdsSample } from './helpers.ts';
import { stubFactory, stubSmi } from './gateway-stub.ts';

const validator = await DuisValidator.load();
const REQUEST = rtdsSample('8.2_READ_INVENTORY_REQUEST_DUIS.XML');
const REQUEST_ID = '90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:1000';

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string; sockets: Set<Socket> }> {
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets };
}

async function stop(s: { server: Server; sockets: Set<Socket> }): Promise<void> {
  for (const x of s.sockets) x.destroy();
  await new Promise((r) => s.server.close(r));
}

async function unusedUrl(): Promise<string> {
  const s = await serve(() => {});
  await stop(s);
  return s.url;
}

describe("referenceOverHttp ('ref-http')", () => {
  const stubs = stubFactory();
  let target: HttpTarget;
  before(async () => {
    target = await referenceOverHttp({ baseline: Baseline.all(), validator, createSmi: stubs.create, log: () => {} });
  });
  after(() => target.close());

  it('is named ref-http and offers what the reference offers, learnt over /control', () => {
    assert.equal(target.name, 'ref-http');
    assert.deepEqual([...target.capabilities].sort(), ['clock', 'fault-injection', 'inspection', 'inventory-fixtures']);
    assert.match(target.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.match(target.receiverUrl!, /^http:\/\/127\.0\.0\.1:\d+\/smartdcc\/duis$/);
  });

  it('posts DUIS to each service path and returns the synchronous reply', async () => {
    for (const path of ['serviceD', 'serviceS', 'serviceT'] as const) {
      const r = await target.post(path, REQUEST);
      assert.equal(r.status, 200);
      assert.equal(r.contentType, 'application/xml');
      assert.match(r.body, /<sr:ResponseCode>I99<\/sr:ResponseCode>/);
      assert.equal(stubs.made[0]!.calls.at(-1)!.path, path);
    }
  });

  it('gets the asynchronous response through its receiver', async () => {
    await target.post('serviceS', REQUEST);
    const d = await target.awaitDelivery(REQUEST_ID, 2000);
    assert.match(d.body, /<sr:GBCSPayload>/);
  });

  it('reports a missing delivery by RequestID', async () => {
    await assert.rejects(target.awaitDelivery('90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:4242', 100), (e: Error) => {
      assert.ok(e instanceof DeliveryTimeoutError);
      assert.match(e.message, /RequestID 90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:4242/);
      return true;
    });
  });

  it('drives the reference through its controls over HTTP', async () => {
    const smi = stubs.made[0]!;
    assert.deepEqual(await target.control.provisionCommsHub!(), { chf: '00-DB-12-34-56-78-90-C0', gpf: '00-DB-12-34-56-78-90-C1' });
    await target.control.injectFault!('00-DB-12-34-56-78-90-A0', 'device-rejects');
    assert.deepEqual(smi.faults.at(-1), { deviceId: '00-DB-12-34-56-78-90-A0', fault: 'device-rejects' });
    await target.control.setClock!(new Date('2025-06-01T00:00:00Z'));
    assert.equal(smi.clock.at(-1)!.toISOString(), '2025-06-01T00:00:00.000Z');
    assert.deepEqual(await target.control.deviceLog!('00-DB-12-34-56-78-90-A0'), ['00-DB-12-34-56-78-90-A0-log']);
    assert.deepEqual(await target.control.smiJoins!('00-DB-12-34-56-78-90-A0'), ['00-DB-12-34-56-78-90-A0-joins']);
    await target.control.provisionCommsHub!({ status: 'Pending', uprn: '123456789012' } as { status?: string });
    assert.deepEqual(smi.hubs.at(-1), { status: 'Pending', uprn: '123456789012' });
  });

  it("passes a control's failure on with its message", async () => {
    await assert.rejects(target.control.provisionCommsHub!({ status: 'Exploded' }), /answered 500: no such status: Exploded/);
  });

  it('close() stops the gateway, the receiver and the reference', async () => {
    const local = stubFactory();
    const t = await referenceOverHttp({ baseline: Baseline.all(), validator, createSmi: local.create, log: () => {} });
    const receiverUrl = t.receiverUrl!;
    await t.close();
    assert.equal(local.made[0]!.closed, true);
    await assert.rejects(fetch(t.url), /fetch failed/);
    await assert.rejects(fetch(receiverUrl, { method: 'POST' }), /fetch failed/);
    await assert.rejects(t.post('serviceD', REQUEST), /closed/);
  });
});

describe('externalHttpTarget', () => {
  let g: Gateway;
  before(async () => {
    g = await startGateway({ smi: stubSmi(), control: true, log: () => {} });
  });
  after(() => g.close());

  it('has no capabilities and no controls unless declared', async () => {
    const t = await externalHttpTarget({ url: g.url, receiver: false });
    try {
      assert.equal(t.name, 'external');
      assert.equal(t.capabilities.size, 0);
      assert.deepEqual(Object.keys(t.control), []);
      const r = await t.post('serviceD', REQUEST);
      assert.equal(r.status, 200);
      await assert.rejects(t.awaitDelivery(REQUEST_ID, 10), /has no delivery receiver.*RequestID 90-B3-D5-1F-30-01-00-00/);
    } finally {
      await t.close();
    }
  });

  it('uses declared capabilities, or discovers them', async () => {
    const declared = await externalHttpTarget({ url: g.url, capabilities: ['clock'], receiver: false });
    const discovered = await externalHttpTarget({ url: g.url, capabilities: 'discover', receiver: false });
    try {
      assert.deepEqual([...declared.capabilities], ['clock']);
      assert.deepEqual(Object.keys(declared.control), ['setClock']);
      await declared.control.setClock!(new Date());
      assert.equal(discovered.capabilities.size, 4);
    } finally {
      await declared.close();
      await discovered.close();
    }
    await assert.rejects(externalHttpTarget({ url: g.url, capabilities: ['telepathy' as never] }), /unknown capability "telepathy"/);
  });

  it('starts its own receiver when given receiver options, and stops it on close', async () => {
    const t = await externalHttpTarget({ url: g.url, receiver: { validator, log: () => {} } });
    assert.match(t.receiverUrl!, /\/smartdcc\/duis$/);
    await t.close();
    await assert.rejects(fetch(t.receiverUrl!, { method: 'POST' }), /fetch failed/);
  });

  it('sends extra headers, honours path overrides and a base path, and returns HTTP errors as replies', async () => {
    const seen: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];
    const s = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ url: req.url!, headers: req.headers, body });
        res.writeHead(req.url === '/dcc/api/v1/serviceS' ? 503 : 200, { 'Content-Type': 'text/plain' }).end('hello');
      });
    });
    const t = await externalHttpTarget({ url: `${s.url}/dcc/`, headers: { Authorization: 'Bearer t0ken' }, paths: { serviceT: '/transform' }, receiver: false });
    try {
      const d = await t.post('serviceD', REQUEST);
      assert.deepEqual(d, { status: 200, contentType: 'text/plain', body: 'hello' });
      assert.equal(seen[0]!.url, '/dcc/api/v1/serviceD');
      assert.equal(seen[0]!.headers.authorization, 'Bearer t0ken');
      assert.equal(seen[0]!.headers['content-type'], 'application/xml');
      assert.equal(seen[0]!.body, REQUEST);
      assert.equal((await t.post('serviceS', REQUEST)).status, 503);
      await t.post('serviceT', REQUEST);
      assert.equal(seen[2]!.url, '/dcc/transform');
    } finally {
      await t.close();
      await stop(s);
    }
  });

  it('refuses a URL that is not http(s)', async () => {
    await assert.rejects(externalHttpTarget({ url: 'ftp://example.org', receiver: false }), /must be http: or https:/);
    await assert.rejects(externalHttpTarget({ url: 'not a url', receiver: false }), /is not a URL/);
  });
});

describe('transport failures', () => {
  it('connection refused: a clear TargetTransportError, quickly', async () => {
    const url = await unusedUrl();
    const t = new HttpTarget({ name: 'nobody-home', url });
    const t0 = Date.now();
    try {
      await assert.rejects(t.post('serviceD', REQUEST), (e: Error) => {
        assert.ok(e instanceof TargetTransportError, String(e));
        assert.equal(e.failure, 'connection-refused');
        assert.equal(e.code, 'ECONNREFUSED');
        assert.match(e.message, /target nobody-home: connection refused by 127\.0\.0\.1:\d+; is the target running there\? \(POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/serviceD\)/);
        return true;
      });
      assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
    } finally {
      await t.close();
    }
  });

  it('no answer: a timeout error naming the request and the limit', async () => {
    const s = await serve(() => {}); // accepts, never answers
    const t = new HttpTarget({ url: s.url, timeoutMs: 200 });
    const t0 = Date.now();
    try {
      await assert.rejects(t.post('serviceS', REQUEST), (e: Error) => {
        assert.ok(e instanceof TargetTransportError);
        assert.equal(e.failure, 'timeout');
        assert.match(e.message, /no complete answer to POST .*\/api\/v1\/serviceS within 200 ms/);
        return true;
      });
      assert.ok(Date.now() - t0 < 1500);
    } finally {
      await t.close();
      await stop(s);
    }
  });

  it('connection dropped without an answer: connection-reset', async () => {
    const s = await serve((req) => req.socket.destroy());
    const t = new HttpTarget({ url: s.url });
    try {
      await assert.rejects(t.post('serviceD', REQUEST), (e: Error) => e instanceof TargetTransportError && e.failure === 'connection-reset');
    } finally {
      await t.close();
      await stop(s);
    }
  });

  it('an answer over the size limit is cut off', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/xml' });
      res.end(Buffer.alloc(64 * 1024, 0x20));
    });
    const t = new HttpTarget({ url: s.url, maxResponseBytes: 1024 });
    try {
      await assert.rejects(t.post('serviceD', REQUEST), (e: Error) => e instanceof TargetTransportError && e.failure === 'response-too-large');
    } finally {
      await t.close();
      await stop(s);
    }
  });

  it('an unknown host: dns', async () => {
    const t = new HttpTarget({ url: 'http://no-such-host.invalid:8079' });
    try {
      await assert.rejects(t.post('serviceD', REQUEST), (e: Error) => e instanceof TargetTransportError && (e.failure === 'dns' || e.failure === 'network'));
    } finally {
      await t.close();
    }
  });
});

describe("'ref-http' with the real reference", () => {
  const SUPPLIER_A = '90-B3-D5-1F-30-01-00-00';
  const ESME = '00-DB-5E-00-00-00-0E-01';
  const MPAN = '1900000000014';

  it('installs a CH, pre-notifies an ESME, and gets the 8.11 outcome delivered over HTTP to the receiver', async () => {
    const signing = new DuisSigning(await dccBoxedKeyStore());
    const target = await referenceOverHttp({ baseline: Baseline.all(), validator, signing, log: () => {}, verifyDelivery: (xml) => (signing.checkResponse(xml).ok ? undefined : 'bad signature') });
    const ctx: rq.RequestContext = { table: SrvTable.fromSchemaSet(validator.schemaSet), counter: new RequestIdCounter({ floor: 1 }), originator: SUPPLIER_A };
    const send = async (req: rq.DuisRequest): Promise<string> => {
      const reply = await target.post(servicePathFor(req.commandVariant), signing.signRequest(req.xml));
      assert.equal(reply.status, 200);
      assert.equal(reply.contentType, 'application/xml');
      assert.deepEqual(validator.validate(reply.body).errors, [], reply.body);
      return parseResponse(reply.body).header.responseCode;
    };
    try {
      assert.deepEqual([...target.capabilities].sort(), ['clock', 'dcc-operations', 'fault-injection', 'feature-switches', 'firmware-images', 'inspection', 'inventory-fixtures', 'local-delivery', 'registration-files', 'registration-requests', 'ssi', 'wan-coverage-data']);
      const ch = await target.control.provisionCommsHub!();
      assert.match(ch.chf, /^[0-9A-F]{2}(-[0-9A-F]{2}){7}$/);
      const install = rq.chfInstallSuccess(ctx, { chfId: ch.chf, mpxn: MPAN, aerialInstall: false, location: 'Outside Premises', installDateTime: new Date() });
      assert.equal(await send(install), 'I99');
      const pre = rq.devicePrenotification(ctx, { deviceId: ESME, manufacturer: 'AB01', model: '010A030B', deviceType: 'ESME', esmeVariant: 'A' });
      assert.equal(await send(pre), 'I99');
      const add = rq.updateHanDeviceLog(ctx, {
        target: ch.chf,
        deviceId: ESME,
        action: 'Add',
        whitelist: { joinTimePeriod: 600, installCode: '0123456789ABCDEF0123456789ABCDEF', importMPxN: MPAN },
      });
      assert.equal(await send(add), 'I99');
      const delivered = await target.awaitDelivery(add.requestId, 5_000);
      assert.deepEqual(validator.validate(delivered.body).errors, []);
      const outcome = parseResponse(delivered.body);
      assert.ok(outcome.body.type === 'DCCAlertMessage' && outcome.body.alert.kind === 'UpdateHANDeviceLogResult', delivered.body);
      assert.ok((await target.control.deviceLog!(ESME)).includes(ch.chf));
    } finally {
      await target.close();
    }
  });
});
