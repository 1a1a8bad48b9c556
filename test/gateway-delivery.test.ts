// Asynchronous delivery: what the reference hands to `deliver` is POSTed to the User's endpoint,
// in order, retried with bounded backoff, and failures are logged, never thrown.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createHttpDeliverer } from '../reference-impl/gateway/deliver.ts';
import { startReferenceServer } from '../reference-impl/gateway/reference-server.ts';
import { Baseline } from '../src/baseline.ts';
import { DuisReceiver } from '../src/targets/receiver.ts';
import { DuisValidator } from '../src/validation/validator.ts';
import { stubFactory } from './gateway-stub.ts';
import { rtdsSample } from './helpers.ts';

const validator = await DuisValidator.load();
const REQUEST = rtdsSample('8.2_READ_INVENTORY_REQUEST_DUIS.XML');
const REQUEST_ID = '90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:1000';

interface Hit {
  contentType: string | undefined;
  body: string;
}

/** A User endpoint that answers from a script of status codes (then 204), recording each hit. */
async function scriptedEndpoint(statuses: number[]): Promise<{ url: string; hits: Hit[]; server: Server }> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hits.push({ contentType: req.headers['content-type'], body });
      res.writeHead(statuses.shift() ?? 204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/smartdcc/duis`, hits, server };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('asynchronous delivery', () => {
  it('reaches the receiver end to end: request in at the gateway, device response out to /smartdcc/duis', async () => {
    const receiver = await DuisReceiver.start({ validator, log: () => {} });
    const stubs = stubFactory();
    const server = await startReferenceServer({
      baseline: Baseline.all(),
      validator,
      deliverTo: receiver.url,
      createSmi: stubs.create,
      log: () => {},
    });
    try {
      const r = await fetch(`${server.url}/api/v1/serviceS`, { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: REQUEST });
      assert.equal(r.status, 200);
      assert.match(await r.text(), /I99/);
      const delivered = await receiver.awaitDelivery(REQUEST_ID, 2000);
      assert.match(delivered.body, /<sr:GBCSPayload>/);
      await server.deliverer!.idle();
      assert.equal(server.deliverer!.stats.delivered, 1);
    } finally {
      await server.close();
      await receiver.close();
    }
    assert.equal(stubs.made[0]!.closed, true, 'server.close() must close the reference');
  });

  it('posts application/xml, one message at a time, in the order produced', async () => {
    const ep = await scriptedEndpoint([]);
    const d = createHttpDeliverer({ url: ep.url, log: () => {} });
    try {
      for (let i = 0; i < 20; i++) d.deliver(`<m n="${i}"/>`);
      await d.idle();
      assert.deepEqual(ep.hits.map((h) => h.body), Array.from({ length: 20 }, (_, i) => `<m n="${i}"/>`));
      assert.ok(ep.hits.every((h) => h.contentType === 'application/xml'));
      assert.deepEqual(d.stats, { delivered: 20, failed: 0, pending: 0 });
    } finally {
      await d.close();
      ep.server.close();
    }
  });

  it('retries a busy or broken endpoint (503, 500, 429) with backoff, then delivers', async () => {
    const ep = await scriptedEndpoint([503, 500, 429]);
    const d = createHttpDeliverer({ url: ep.url, initialDelayMs: 10, log: () => {} });
    try {
      d.deliver('<once/>');
      await d.idle();
      assert.equal(ep.hits.length, 4);
      assert.equal(d.stats.delivered, 1);
    } finally {
      await d.close();
      ep.server.close();
    }
  });

  it('does not retry a refusal (400): logs it and moves on to the next message', async () => {
    const ep = await scriptedEndpoint([400]);
    const logged: string[] = [];
    const d = createHttpDeliverer({ url: ep.url, initialDelayMs: 10, log: (l) => logged.push(l) });
    try {
      d.deliver('<sr:RequestID>A:B:1</sr:RequestID>');
      d.deliver('<second/>');
      await d.idle();
      assert.equal(ep.hits.length, 2);
      assert.deepEqual(d.stats, { delivered: 1, failed: 1, pending: 0 });
      assert.ok(logged.some((l) => /gave up delivering RequestID A:B:1 .* after 1 attempt: 400/.test(l)), logged.join('\n'));
    } finally {
      await d.close();
      ep.server.close();
    }
  });

  it('gives up on an unreachable endpoint after the bounded attempts, logging, never throwing', async () => {
    const port = await freePort();
    const logged: string[] = [];
    const d = createHttpDeliverer({ url: `http://127.0.0.1:${port}/smartdcc/duis`, maxAttempts: 3, initialDelayMs: 10, log: (l) => logged.push(l) });
    const t0 = Date.now();
    assert.doesNotThrow(() => d.deliver('<lost/>'));
    await d.idle();
    assert.ok(Date.now() - t0 < 2000);
    assert.equal(d.stats.failed, 1);
    assert.ok(logged.some((l) => /after 3 attempts: ECONNREFUSED/.test(l)), logged.join('\n'));
    await d.close();
  });

  it('close() abandons queued messages and a backoff in progress promptly', async () => {
    const ep = await scriptedEndpoint([503, 503, 503, 503]);
    const logged: string[] = [];
    const d = createHttpDeliverer({ url: ep.url, initialDelayMs: 60_000, log: (l) => logged.push(l) });
    d.deliver('<a/>');
    d.deliver('<b/>');
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await d.close();
    assert.ok(Date.now() - t0 < 1000);
    assert.ok(logged.some((l) => /1 asynchronous message\(s\) not delivered/.test(l)), logged.join('\n'));
    d.deliver('<after/>');
    assert.equal(ep.hits.length, 1);
    ep.server.close();
  });

  it('without a delivery URL, drops messages with one log line', async () => {
    const logged: string[] = [];
    const stubs = stubFactory();
    const server = await startReferenceServer({ baseline: Baseline.all(), validator, createSmi: stubs.create, log: (l) => logged.push(l) });
    try {
      // the stub only delivers when given a deliver callback; the server always gives one
      for (let i = 0; i < 3; i++) {
        const r = await fetch(`${server.url}/api/v1/serviceS`, { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: REQUEST });
        assert.equal(r.status, 200);
      }
      assert.equal(logged.filter((l) => /no delivery URL/.test(l)).length, 1);
      assert.equal(server.deliverer, undefined);
    } finally {
      await server.close();
    }
  });
});
