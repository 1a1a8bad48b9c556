// The World outside a cucumber run: send/sendRaw validate and record both directions, aliases,
// request contexts and capabilities.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { readInventory } from '../src/duis/requests/index.ts';
import { ConformanceFailure } from '../src/report/verdicts.ts';
import { Baseline } from '../src/baseline.ts';
import { ConformanceWorld, MissingCapabilityError, UnreadableReplyError, sharedSigning, sharedValidator } from '../steps/support/conformance-world.ts';
import { ACCESS_CONTROL_BROKER } from '../src/users.ts';
import { FakeTarget, FIXTURE_DEVICES } from './fixtures/features/support/fake-target.ts';

async function world(parameters: Record<string, unknown> = {}): Promise<{ w: ConformanceWorld; target: FakeTarget }> {
  const w = new ConformanceWorld({ attach: (() => undefined) as never, log: () => undefined, link: () => undefined, parameters });
  const signing = await sharedSigning();
  const target = new FakeTarget(['clock'], true, signing);
  w.attachTarget({ target, validator: await sharedValidator(), signing });
  return { w, target };
}

describe('ConformanceWorld', () => {
  before(async () => {
    await sharedValidator();
  });

  it('sends a valid request to its command variant\'s path and returns the parsed reply', async () => {
    const { w, target } = await world();
    const req = readInventory(w.ctx('Supplier A'), { deviceId: FIXTURE_DEVICES.normal });
    const x = await w.send(req);
    assert.equal(x.path, 'serviceD');
    assert.equal(target.posts[0]?.path, 'serviceD');
    assert.equal(x.response.header.responseCode, 'I0');
    assert.equal(w.last, x);
    assert.deepEqual(w.exchanges.map((e) => [e.direction, e.requestId, e.validation?.valid]), [['request', req.requestId, true], ['reply', req.requestId, true]]);
  });

  it('signs what it sends as the originator, and records the reply\'s signer', async () => {
    const { w, target } = await world();
    await w.send(readInventory(w.ctx('Supplier B'), { deviceId: FIXTURE_DEVICES.normal }));
    const sent = w.signing.checkRequest(target.posts[0]!.body);
    assert.ok(sent.ok && sent.signer?.id === '90-B3-D5-1F-30-03-00-00', JSON.stringify(sent));
    assert.equal(w.exchanges[0]!.body, target.posts[0]!.body, 'the log shows what went on the wire');
    assert.deepEqual(w.exchanges[1]!.signature, { valid: true, signed: true, signer: ACCESS_CONTROL_BROKER });
  });

  it('fails (ConformanceFailure) a reply whose signature does not verify, or that is not signed', async () => {
    const { w, target } = await world();
    const honest = target.post.bind(target);
    target.post = async (path, body) => {
      const r = await honest(path, body);
      return { ...r, body: r.body.replace('<sr:ResponseCode>I0<', '<sr:ResponseCode>I99<') };
    };
    await assert.rejects(w.send(readInventory(w.ctx('Supplier A'), { deviceId: FIXTURE_DEVICES.normal })), (e: Error) => e instanceof ConformanceFailure && /has a bad signature \(invalid\)/.test(e.message));
    assert.equal(w.exchanges.at(-1)!.signature?.valid, false);
    const unsigned = new FakeTarget([], true);
    target.post = (path, body) => unsigned.post(path, body);
    await assert.rejects(w.send(readInventory(w.ctx('Supplier A'), { deviceId: FIXTURE_DEVICES.normal })), (e: Error) => e instanceof ConformanceFailure && /bad signature \(missing\)/.test(e.message));
  });

  it('reports a reply that is not XML at all as an error, not a verdict on the target', async () => {
    const { w, target } = await world();
    target.post = async () => ({ status: 404, contentType: 'text/html', body: '<html><body>Not Found' });
    await assert.rejects(w.send(readInventory(w.ctx('Supplier A'), { deviceId: FIXTURE_DEVICES.normal })), (e: Error) => e instanceof UnreadableReplyError && /HTTP 404, text\/html\) is not a DUIS document/.test(e.message));
  });

  it('draws rising counters per originator across Worlds (scenarios)', async () => {
    const a = (await world()).w;
    const b = (await world()).w;
    const first = readInventory(a.ctx('Supplier A'), { deviceId: FIXTURE_DEVICES.normal }).id.counter;
    const second = readInventory(b.ctx('Supplier A'), { deviceId: FIXTURE_DEVICES.normal }).id.counter;
    assert.ok(second > first);
    assert.ok(first > BigInt(Date.now() - 60_000) * 1000n, 'counters start from the microsecond clock');
  });

  it('sendRaw sends anything, validates an XML reply and leaves a non-XML one unvalidated', async () => {
    const { w, target } = await world();
    const req = readInventory(w.ctx('Supplier A'), { deviceId: FIXTURE_DEVICES.normal });
    const raw = await w.sendRaw('serviceS', req.xml);
    assert.equal(raw.response?.header.responseCode, 'I0');
    assert.equal(w.exchanges[0]!.raw, true);
    assert.equal(w.exchanges[0]!.validation, null);
    target.post = async () => ({ status: 400, contentType: 'text/plain', body: 'go away' });
    const refused = await w.sendRaw('serviceS', 'not xml');
    assert.equal(refused.response, undefined);
    assert.equal(w.exchanges.at(-1)!.validation, null);
    target.post = async () => ({ status: 200, contentType: 'application/xml', body: '<x/>' });
    await assert.rejects(w.sendRaw('serviceS', 'not xml'), ConformanceFailure);
  });

  it('keeps scenario aliases, case- and space-insensitively, and names the known ones when one is missing', async () => {
    const { w } = await world();
    w.setAlias('the  ESME', '00-DB-5E-00-00-00-00-09');
    assert.equal(w.alias('The ESME'), '00-DB-5E-00-00-00-00-09');
    assert.throws(() => w.alias('the IHD'), /nothing is called "the IHD" in this scenario; known: the esme/);
  });

  it('throws MissingCapabilityError for a capability the target lacks', async () => {
    const { w } = await world();
    assert.doesNotThrow(() => w.requireCapability('clock'));
    assert.throws(() => w.requireCapability('ssi'), MissingCapabilityError);
  });

  it('reads its baselines and codes from world parameters, and keeps a bad parameter for the Before hook', async () => {
    const { w } = await world({ baseline: 'none', referenceBaseline: 'MP178', codes: { roleNotEligible: 'E2' } });
    assert.equal(w.baseline.toString(), Baseline.none().toString());
    assert.equal(w.referenceBaseline.has('MP178'), true);
    assert.equal(w.codes.roleNotEligible, 'E2');
    const bad = (await world({ target: { kind: 'nope' } })).w;
    assert.match(bad.settingsError?.message ?? '', /target kind must be one of/);
  });
});
