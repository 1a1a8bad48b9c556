// The suite's receiver of asynchronous DUIS: 204 for valid deliveries, 400 for invalid ones,
// and a queue matched by Header RequestID with clear errors when nothing (or garbage) arrives.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildDccAlert, buildDeviceAlert, buildDeviceResponse } from '../src/duis/response-builders.ts';
import { DeliveryTimeoutError, DuisReceiver, InvalidDeliveryError } from '../src/targets/receiver.ts';
import { DuisValidator } from '../src/validation/validator.ts';
import { rtdsSample } from './helpers.ts';

const validator = await DuisValidator.load();
const ID = (n: number): string => `90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:${n}`;
const response = (n: number): string =>
  buildDeviceResponse({ requestId: ID(n), serviceReference: '4.1', serviceReferenceVariant: '4.1.1', gbcsPayload: '3QAAAAAAAA==', responseDateTime: '2025-04-01T09:00:00Z' });

async function post(url: string, body: string, headers: Record<string, string> = { 'Content-Type': 'application/xml' }, method = 'POST'): Promise<{ status: number; text: string }> {
  const r = await fetch(url, { method, headers, ...(method === 'GET' ? {} : { body }) });
  return { status: r.status, text: await r.text() };
}

describe('DuisReceiver', () => {
  let rx: DuisReceiver;
  const logged: string[] = [];
  before(async () => {
    rx = await DuisReceiver.start({ validator, log: (l) => logged.push(l) });
  });
  after(() => rx.close());

  it('listens on 127.0.0.1, an ephemeral port, at /smartdcc/duis', () => {
    assert.match(rx.url, /^http:\/\/127\.0\.0\.1:\d+\/smartdcc\/duis$/);
    assert.ok(!rx.url.endsWith(':0/smartdcc/duis'));
  });

  it('answers 204 to a valid response and hands it to awaitDelivery', async () => {
    const r = await post(rx.url, response(1));
    assert.equal(r.status, 204);
    const got = await rx.awaitDelivery(ID(1), 1000);
    assert.equal(got.body, response(1));
    assert.equal(got.requestId, ID(1));
    assert.equal(got.bodyName, 'ResponseMessage');
    assert.ok(got.receivedAt instanceof Date);
  });

  it('wakes a waiter that was already waiting', async () => {
    const waiting = rx.awaitDelivery(ID(2), 2000);
    await post(rx.url, response(2));
    assert.equal((await waiting).requestId, ID(2));
  });

  it('matches by RequestID, out of arrival order, EUI letter case ignored, each delivery once', async () => {
    await post(rx.url, response(3));
    await post(rx.url, response(4));
    await post(rx.url, response(3));
    assert.equal((await rx.awaitDelivery(ID(4).toLowerCase(), 500)).requestId, ID(4));
    assert.equal((await rx.awaitDelivery(ID(3), 500)).requestId, ID(3));
    assert.equal((await rx.awaitDelivery(ID(3), 500)).requestId, ID(3));
    await assert.rejects(rx.awaitDelivery(ID(3), 50), DeliveryTimeoutError);
  });

  it('times out with an error naming the RequestID and the receiver', async () => {
    await post(rx.url, response(5));
    const t0 = Date.now();
    await assert.rejects(rx.awaitDelivery(ID(99), 100), (e: Error) => {
      assert.ok(e instanceof DeliveryTimeoutError);
      assert.equal(e.requestId, ID(99));
      assert.match(e.message, new RegExp(`RequestID ${ID(99)} arrived within 100 ms`));
      assert.ok(e.message.includes(rx.url));
      assert.ok(e.message.includes(ID(5)), 'should mention what did arrive');
      return true;
    });
    assert.ok(Date.now() - t0 < 1000);
    await rx.awaitDelivery(ID(5), 10);
  });

  it('answers 400 with the schema errors to an invalid delivery, and does not queue it', async () => {
    const bad = response(6).replace('<sr:ResponseCode>I0</sr:ResponseCode>', '<sr:ResponseCode>OK</sr:ResponseCode>');
    const r = await post(rx.url, bad);
    assert.equal(r.status, 400);
    assert.match(r.text, /not valid DUIS/);
    assert.match(r.text, /OK/);
    assert.equal(rx.refused.at(-1)!.requestId, ID(6));
    // asked for afterwards, the refusal answers at once (once), rather than a timeout
    await assert.rejects(rx.awaitDelivery(ID(6), 5000), InvalidDeliveryError);
    await assert.rejects(rx.awaitDelivery(ID(6), 50), DeliveryTimeoutError);
  });

  it('rejects a waiter at once when the delivery for its RequestID is refused', async () => {
    const t0 = Date.now();
    const waiting = assert.rejects(rx.awaitDelivery(ID(7), 5000), (e: Error) => {
      assert.ok(e instanceof InvalidDeliveryError);
      assert.match(e.message, new RegExp(`RequestID ${ID(7)} was refused with 400`));
      assert.match(e.message, /Bogus/);
      return true;
    });
    await post(rx.url, response(7).replace('<sr:Body>', '<sr:Body><sr:Bogus/>'));
    await waiting;
    assert.ok(Date.now() - t0 < 1000);
  });

  it('answers 400 to XML that is not well-formed, and to a DUIS request (not a delivery)', async () => {
    assert.equal((await post(rx.url, '<sr:Response><unclosed>')).status, 400);
    const req = rtdsSample('8.2_READ_INVENTORY_REQUEST_DUIS.XML');
    assert.equal(validator.validate(req).valid, true);
    const r = await post(rx.url, req);
    assert.equal(r.status, 400);
    assert.match(r.text, /not a DUIS response/);
  });

  it('refuses other content types (415), methods (405) and paths (404)', async () => {
    assert.equal((await post(rx.url, response(8), { 'Content-Type': 'text/plain' })).status, 415);
    assert.equal((await post(rx.url, '', {}, 'GET')).status, 405);
    assert.equal((await post(rx.url.replace('/smartdcc/duis', '/other'), response(8))).status, 404);
    assert.ok(logged.some((l) => l.includes('415')));
  });

  it('matches a DCC alert without a Header RequestID by the request it reports on', async () => {
    const alert = buildDccAlert({
      responseId: '90-B3-D5-1F-30-00-00-02:90-B3-D5-1F-30-01-00-00:9',
      dccAlertCode: 'N42',
      alert: { kind: 'UpdateHANDeviceLogResult', updateHanDeviceLogServiceRequestId: ID(40) },
    });
    assert.equal(validator.validate(alert).valid, true, JSON.stringify(validator.validate(alert).errors));
    assert.equal((await post(rx.url, alert)).status, 204);
    const got = await rx.awaitDelivery(ID(40), 500);
    assert.equal(got.requestId, undefined);
    assert.equal(got.relatedRequestId, ID(40));
    assert.equal(got.bodyName, 'DCCAlertMessage');
  });

  it('queues alerts without a RequestID for awaitMessage', async () => {
    const alert = buildDeviceAlert({ responseId: '00-DB-12-34-56-78-90-A0:90-B3-D5-1F-30-01-00-00:77', alertCode: '8F3E', gbcsPayload: '3QAAAAAAAA==' });
    assert.equal(validator.validate(alert).valid, true, JSON.stringify(validator.validate(alert).errors));
    assert.equal((await post(rx.url, alert)).status, 204);
    const got = await rx.awaitMessage((m) => m.bodyName === 'DeviceAlertMessage', 500);
    assert.equal(got.requestId, undefined);
    assert.equal(got.responseId, '00-DB-12-34-56-78-90-A0:90-B3-D5-1F-30-01-00-00:77');
  });
});

describe('DuisReceiver options', () => {
  it('takes a path, a size limit and an extra check (a signature, say)', async () => {
    const rx = await DuisReceiver.start({
      validator,
      path: '/duis-in',
      maxBytes: 1024,
      verify: (xml) => (xml.includes('<ds:Signature') ? undefined : 'unsigned'),
      log: () => {},
    });
    try {
      assert.ok(rx.url.endsWith('/duis-in'));
      const r = await post(rx.url, response(1));
      assert.equal(r.status, 400);
      assert.match(r.text, /unsigned/);
      assert.equal((await post(rx.url, response(1) + ' '.repeat(2000))).status, 413);
    } finally {
      await rx.close();
    }
  });

  it('close() rejects waiters and later waits clearly', async () => {
    const rx = await DuisReceiver.start({ validator, log: () => {} });
    const waiting = rx.awaitDelivery(ID(1), 10_000);
    await rx.close();
    await assert.rejects(waiting, /closed while waiting for RequestID/);
    await assert.rejects(rx.awaitDelivery(ID(1), 10), /closed/);
  });
});
