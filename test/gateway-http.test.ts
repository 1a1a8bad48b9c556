// The reference gateway as HTTP: DUIS at DCC Boxed's paths, everything else refused with the
// right status, limits enforced while streaming, and the server still serving afterwards.
import assert from 'node:assert/strict';
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startGateway, type Gateway } from '../reference-impl/gateway/http-server.ts';
import { rtdsSample } from './helpers.ts';
import { stubSmi, type StubSmi } from './gateway-stub.ts';

const XML = rtdsSample('8.2_READ_INVENTORY_REQUEST_DUIS.XML');

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP exchange on a fresh connection. `chunks` are written one after another (chunked). */
function call(
  base: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: Iterable<Buffer> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method: opts.method ?? 'POST', headers: opts.headers ?? {}, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.chunks) {
      (async () => {
        for (const c of opts.chunks!) {
          if (req.destroyed) return;
          if (!req.write(c)) {
            await new Promise<void>((r) => {
              const done = (): void => {
                req.off('drain', done);
                req.off('close', done);
                r();
              };
              req.on('drain', done);
              req.on('close', done);
            });
          }
        }
        req.end();
      })().catch(() => {});
    } else req.end(opts.body);
  });
}

const xmlHeaders = { 'Content-Type': 'application/xml' };

async function stillServes(g: Gateway): Promise<void> {
  const r = await call(g.url, '/api/v1/serviceD', { headers: xmlHeaders, body: XML });
  assert.equal(r.status, 200, `gateway stopped serving: ${r.status} ${r.body}`);
}

describe('reference gateway: DUIS routes', () => {
  let smi: StubSmi;
  let g: Gateway;
  before(async () => {
    smi = stubSmi();
    g = await startGateway({ smi, maxBytes: 64 * 1024, log: () => {} });
  });
  after(() => g.close());

  it('binds 127.0.0.1 on an ephemeral port by default', () => {
    assert.equal(g.host, '127.0.0.1');
    assert.ok(g.port > 0);
    assert.equal(g.url, `http://127.0.0.1:${g.port}`);
  });

  for (const service of ['serviceD', 'serviceS', 'serviceT'] as const) {
    it(`POST /api/v1/${service} reaches handle('${service}', body) and its reply goes back as is`, async () => {
      const before = smi.calls.length;
      const r = await call(g.url, `/api/v1/${service}`, { headers: { 'Content-Type': 'application/xml; charset=utf-8' }, body: XML });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'application/xml');
      assert.match(r.body, /<sr:ResponseCode>I99<\/sr:ResponseCode>/);
      assert.match(r.body, /90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:1000/);
      assert.equal(smi.calls.length, before + 1);
      assert.deepEqual(smi.calls.at(-1), { path: service, body: XML });
    });
  }

  it('passes a chunked body through whole', async () => {
    const bytes = Buffer.from(XML);
    const chunks = [bytes.subarray(0, 100), bytes.subarray(100, 1000), bytes.subarray(1000)];
    const r = await call(g.url, '/api/v1/serviceS', { headers: xmlHeaders, chunks });
    assert.equal(r.status, 200);
    assert.equal(smi.calls.at(-1)!.body, XML);
  });

  it('answers 405 with Allow: POST to other methods', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const r = await call(g.url, '/api/v1/serviceD', { method });
      assert.equal(r.status, 405, method);
      assert.equal(r.headers.allow, 'POST');
    }
    await stillServes(g);
  });

  it('answers 404 to unknown paths, near misses included', async () => {
    for (const path of ['/', '/api/v1/serviceX', '/api/v1/serviceD/', '/api/v2/serviceD', '/API/V1/SERVICED', '/smartdcc/duis']) {
      const r = await call(g.url, path, { headers: xmlHeaders, body: XML });
      assert.equal(r.status, 404, path);
    }
    await stillServes(g);
  });

  it('answers 404 to /control/... when the controls are off', async () => {
    const r = await call(g.url, '/control/capabilities', { method: 'GET' });
    assert.equal(r.status, 404);
  });

  it('answers 415 to a body that is not application/xml, and to none', async () => {
    const before = smi.calls.length;
    for (const type of ['text/plain', 'application/json', 'text/xml', 'application/xml-dtd', undefined]) {
      const r = await call(g.url, '/api/v1/serviceD', { headers: type ? { 'Content-Type': type } : {}, body: XML });
      assert.equal(r.status, 415, String(type));
    }
    assert.equal(smi.calls.length, before, 'handle was called for a refused request');
    await stillServes(g);
  });

  it('answers 413 to a declared Content-Length over the limit without reading the body', async () => {
    const before = smi.calls.length;
    const r = await call(g.url, '/api/v1/serviceD', { headers: { ...xmlHeaders, 'Content-Length': String(64 * 1024 + 1) }, body: Buffer.alloc(64 * 1024 + 1, 0x20) });
    assert.equal(r.status, 413);
    assert.equal(r.headers.connection, 'close');
    assert.equal(smi.calls.length, before);
    await stillServes(g);
  });

  it('answers 413 to a chunked body once it grows past the limit, and stops reading it', async () => {
    const before = smi.calls.length;
    let written = 0;
    // 64 MiB offered in 64 KiB chunks: far more than the socket buffers would take unread
    const chunks = (function* () {
      for (let i = 0; i < 1024; i++) {
        written++;
        yield Buffer.alloc(64 * 1024, 0x20);
      }
    })();
    const r = await call(g.url, '/api/v1/serviceD', { headers: xmlHeaders, chunks }).catch((e: NodeJS.ErrnoException) => e);
    if (r instanceof Error) {
      // the server may reset the connection before the client reads the answer; what matters is
      // that it stopped reading and did not call handle
      assert.match(String(r.code), /ECONNRESET|EPIPE/);
    } else {
      assert.equal(r.status, 413);
    }
    assert.ok(written < 1024, `the whole 64 MiB body was read (${written} chunks)`);
    assert.equal(smi.calls.length, before);
    await stillServes(g);
  });

  it('refuses Expect: 100-continue uploads over the limit before the body is sent', async () => {
    const r = await new Promise<number>((resolve, reject) => {
      const req = request(new URL('/api/v1/serviceD', g.url), {
        method: 'POST',
        headers: { ...xmlHeaders, 'Content-Length': String(10 * 1024 * 1024), Expect: '100-continue' },
        agent: false,
      });
      req.on('continue', () => reject(new Error('got 100 Continue for an oversized body')));
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    assert.equal(r, 413);
    await stillServes(g);
  });

  it('survives a client that aborts mid-upload and never calls handle for it', async () => {
    const before = smi.calls.length;
    await new Promise<void>((resolve) => {
      const s = connect(g.port, '127.0.0.1', () => {
        s.write(`POST /api/v1/serviceD HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\nContent-Length: 5000\r\n\r\n<sr:Request`);
        setTimeout(() => {
          s.destroy();
          resolve();
        }, 30);
      });
      s.on('error', () => resolve());
    });
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(smi.calls.length, before);
    await stillServes(g);
  });

  it('answers 400 to malformed HTTP and keeps serving', async () => {
    const answer = await new Promise<string>((resolve) => {
      const s = connect(g.port, '127.0.0.1', () => s.write('THIS IS NOT HTTP\r\n\r\n'));
      let text = '';
      s.on('data', (d) => (text += d.toString()));
      s.on('close', () => resolve(text));
      s.on('error', () => resolve(text));
    });
    assert.match(answer, /^HTTP\/1\.1 400/);
    await stillServes(g);
  });

  it('ignores the query string when routing', async () => {
    const r = await call(g.url, '/api/v1/serviceD?x=1', { headers: xmlHeaders, body: XML });
    assert.equal(r.status, 200);
  });
});

describe('reference gateway: failures of the reference', () => {
  it('answers 500 when handle throws, logs it, and keeps serving', async () => {
    const logged: string[] = [];
    let explode = true;
    const ok = stubSmi();
    const g = await startGateway({
      smi: {
        control: {},
        handle: async (path, body) => {
          if (explode) throw new Error('boom in the reference');
          return ok.handle(path, body);
        },
      },
      log: (l) => logged.push(l),
    });
    try {
      const r = await call(g.url, '/api/v1/serviceD', { headers: xmlHeaders, body: XML });
      assert.equal(r.status, 500);
      assert.doesNotMatch(r.body, /boom/, 'internal detail leaked to the client');
      assert.ok(logged.some((l) => l.includes('boom in the reference')));
      explode = false;
      await stillServes(g);
    } finally {
      await g.close();
    }
  });

  it('close() resolves with an idle keep-alive connection open, and refuses connections afterwards', async () => {
    const g = await startGateway({ smi: stubSmi(), log: () => {} });
    const s = connect(g.port, '127.0.0.1');
    await new Promise((r) => s.once('connect', r));
    s.write(`POST /api/v1/serviceD HTTP/1.1\r\nHost: x\r\nContent-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(XML)}\r\n\r\n${XML}`);
    await new Promise((r) => s.once('data', r));
    const t0 = Date.now();
    await g.close();
    assert.ok(Date.now() - t0 < 1500, 'close waited for the idle connection');
    s.destroy();
    await assert.rejects(call(g.url, '/api/v1/serviceD', { headers: xmlHeaders, body: XML }), /ECONNREFUSED/);
  });
});

describe('reference gateway: test controls (--control)', () => {
  let smi: StubSmi;
  let g: Gateway;
  const json = { 'Content-Type': 'application/json' };
  before(async () => {
    smi = stubSmi();
    g = await startGateway({ smi, control: true, log: () => {} });
  });
  after(() => g.close());

  it('GET /control/capabilities lists what the reference offers', async () => {
    const r = await call(g.url, '/control/capabilities', { method: 'GET' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(r.body), { capabilities: ['fault-injection', 'inventory-fixtures', 'clock', 'inspection'] });
  });

  it('POST /control/comms-hubs provisions one (201), with or without a body', async () => {
    for (const body of [undefined, '{"status":"InstalledNotCommissioned"}']) {
      const r = await call(g.url, '/control/comms-hubs', { headers: body ? json : {}, ...(body ? { body } : {}) });
      assert.equal(r.status, 201, r.body);
      assert.deepEqual(JSON.parse(r.body), { chf: '00-DB-12-34-56-78-90-C0', gpf: '00-DB-12-34-56-78-90-C1' });
    }
  });

  it('passes premises details on to provisionCommsHub, and refuses non-string ones', async () => {
    const body = { status: 'Pending', uprn: '123456789012', postCode: 'AB1 2CD', addressIdentifier: '1' };
    const r = await call(g.url, '/control/comms-hubs', { headers: json, body: JSON.stringify({ ...body, ignored: true }) });
    assert.equal(r.status, 201);
    assert.deepEqual(smi.hubs.at(-1), body);
    assert.equal((await call(g.url, '/control/comms-hubs', { headers: json, body: '{"uprn":123}' })).status, 400);
  });

  it('GET /control/devices/{EUI}/device-log and /smi-joins read state DUIS does not show', async () => {
    const log = await call(g.url, '/control/devices/00-DB-12-34-56-78-90-A0/device-log', { method: 'GET' });
    assert.equal(log.status, 200);
    assert.deepEqual(JSON.parse(log.body), { euis: ['00-DB-12-34-56-78-90-A0-log'] });
    const joins = await call(g.url, '/control/devices/00-DB-12-34-56-78-90-A0/smi-joins', { method: 'GET' });
    assert.deepEqual(JSON.parse(joins.body), { euis: ['00-DB-12-34-56-78-90-A0-joins'] });
    assert.equal((await call(g.url, '/control/devices/00-DB-12-34-56-78-90-A0/device-log', { headers: json, body: '{}' })).status, 405);
    const failing = await call(g.url, '/control/devices/00-00-00-00-00-00-00-00/device-log', { method: 'GET' });
    assert.equal(failing.status, 500);
    assert.match(JSON.parse(failing.body).error, /no device/);
  });

  it('a failing control answers 500 with its message', async () => {
    const r = await call(g.url, '/control/comms-hubs', { headers: json, body: '{"status":"Exploded"}' });
    assert.equal(r.status, 500);
    assert.match(JSON.parse(r.body).error, /Exploded/);
  });

  it('POST /control/faults injects a fault (204) and checks its arguments (400)', async () => {
    const ok = await call(g.url, '/control/faults', { headers: json, body: JSON.stringify({ deviceId: '00-DB-12-34-56-78-90-A0', fault: 'response-lost' }) });
    assert.equal(ok.status, 204);
    assert.deepEqual(smi.faults.at(-1), { deviceId: '00-DB-12-34-56-78-90-A0', fault: 'response-lost' });
    for (const body of ['{"deviceId":"x","fault":"meltdown"}', '{"fault":"no-answer"}', '[1]', 'not json']) {
      const r = await call(g.url, '/control/faults', { headers: json, body });
      assert.equal(r.status, 400, body);
      assert.ok(JSON.parse(r.body).error);
    }
  });

  it('PUT /control/clock sets the clock (204); a bad date is 400', async () => {
    const ok = await call(g.url, '/control/clock', { method: 'PUT', headers: json, body: '{"now":"2025-04-01T09:00:00Z"}' });
    assert.equal(ok.status, 204);
    assert.equal(smi.clock.at(-1)!.toISOString(), '2025-04-01T09:00:00.000Z');
    const bad = await call(g.url, '/control/clock', { method: 'PUT', headers: json, body: '{"now":"tomorrow"}' });
    assert.equal(bad.status, 400);
  });

  it('refuses wrong methods (405), non-JSON bodies (415), oversized bodies (413) and unknown controls (404)', async () => {
    assert.equal((await call(g.url, '/control/clock', { method: 'POST', headers: json, body: '{}' })).status, 405);
    assert.equal((await call(g.url, '/control/faults', { headers: { 'Content-Type': 'text/plain' }, body: '{}' })).status, 415);
    const big = JSON.stringify({ deviceId: 'x'.repeat(70 * 1024), fault: 'no-answer' });
    assert.equal((await call(g.url, '/control/faults', { headers: json, body: big })).status, 413);
    assert.equal((await call(g.url, '/control/reboot', { headers: json, body: '{}' })).status, 404);
    await stillServes(g);
  });

  it('answers 501 when the reference lacks a control', async () => {
    const bare = await startGateway({ smi: stubSmi({ noControls: true }), control: true, log: () => {} });
    try {
      const caps = await call(bare.url, '/control/capabilities', { method: 'GET' });
      assert.deepEqual(JSON.parse(caps.body), { capabilities: [] });
      const r = await call(bare.url, '/control/clock', { method: 'PUT', headers: json, body: '{"now":"2025-04-01T09:00:00Z"}' });
      assert.equal(r.status, 501);
    } finally {
      await bare.close();
    }
  });
});
