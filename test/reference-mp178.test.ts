// MP178 in the reference, both sides: before it the DSP refuses an unjoin the SMI holds no join
// for (E080801); after it the unjoin goes to the device whatever the SMI holds. Role and
// responsibility checks are the same on both sides.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as rq from '../src/duis/requests/index.ts';
import {
  ESME,
  IHD,
  NETWORK_OPERATOR,
  SUPPLIER_A,
  SUPPLIER_B,
  Scenario,
  deviceSaid,
  installEsmeAndIhd,
} from './reference-fixture.ts';

const BEFORE = 'none'; // MP178 not applied
const AFTER = 'MP178'; // MP178 applied

const join = (s: Scenario, user = SUPPLIER_A) => rq.joinServiceNonCritical(s.ctx(user), { target: ESME, otherDeviceId: IHD });
const unjoin = (s: Scenario, user = SUPPLIER_A) => rq.unjoinServiceNonCritical(s.ctx(user), { target: ESME, otherDeviceId: IHD });
const unjoinCritical = (s: Scenario, user = SUPPLIER_A) => rq.unjoinServiceCritical(s.ctx(user), { target: ESME, otherDeviceId: IHD });

/** MP178's motivating fault: the join worked on the devices, its response never reached the DSP. */
async function joinWithLostResponse(s: Scenario): Promise<void> {
  await s.target.control.injectFault!(ESME, 'response-lost');
  const req = join(s);
  assert.equal((await s.send(req)).code, 'I99');
  // the DSP heard nothing: after its timeout it tells the User so
  const out = await s.outcome(req.requestId);
  assert.equal(out.header.responseCode, s.reference.assumptions.codes.noDeviceResponse);
  assert.ok((await s.target.control.deviceLog!(ESME)).includes(IHD), "the ESME's own log holds the IHD");
  assert.ok((await s.target.control.deviceLog!(IHD)).includes(ESME), "the IHD's own log holds the ESME");
  assert.deepEqual(await s.target.control.smiJoins!(ESME), [], 'the SMI records no join');
}

async function withScenario(baseline: string, body: (s: Scenario) => Promise<void>, options = {}): Promise<void> {
  const s = new Scenario(baseline, options);
  try {
    await installEsmeAndIhd(s);
    await body(s);
  } finally {
    await s.close();
  }
}

describe('reference: MP178 not applied (before)', () => {
  it('refuses the unjoin after a join whose response was lost, with E080801, and changes nothing', async () => {
    await withScenario(BEFORE, async (s) => {
      await joinWithLostResponse(s);
      const before = s.reference.inspect.snapshot();
      const r = await s.send(unjoin(s));
      assert.equal(r.code, 'E080801');
      assert.deepEqual(s.reference.inspect.snapshot(), before);
      await s.reference.whenIdle();
      assert.ok((await s.target.control.deviceLog!(ESME)).includes(IHD), 'the unjoin never reached the ESME');
    });
  });

  it('refuses unjoining a device that was never joined, critical (at CV 4) and non-critical', async () => {
    await withScenario(BEFORE, async (s) => {
      assert.equal((await s.send(unjoin(s))).code, 'E080801');
      const { transform, final } = await s.sendCritical(SUPPLIER_A, unjoinCritical(s));
      assert.equal(transform.code, 'E080801');
      assert.equal(final, transform, 'no pre-command, so no CV 5');
    });
  });

  it('accepts the unjoin of a join whose response arrived', async () => {
    await withScenario(BEFORE, async (s) => {
      await s.arrange(SUPPLIER_A, join(s));
      assert.deepEqual(await s.target.control.smiJoins!(ESME), [IHD]);
      const out = await s.arrange(SUPPLIER_A, unjoin(s));
      assert.equal(deviceSaid(out!)?.['outcome'], 'applied');
      assert.deepEqual(await s.target.control.smiJoins!(ESME), []);
      assert.ok(!(await s.target.control.deviceLog!(ESME)).includes(IHD));
    });
  });
});

describe('reference: MP178 applied', () => {
  it('accepts the unjoin after a lost join response; the device log and the SMI are cleared; a re-join works', async () => {
    await withScenario(AFTER, async (s) => {
      await joinWithLostResponse(s);
      const req = unjoin(s);
      const r = await s.send(req);
      assert.equal(r.code, 'I99');
      const out = await s.outcome(req.requestId);
      assert.equal(out.header.responseCode, 'I0');
      assert.equal(deviceSaid(out)?.['outcome'], 'applied');
      assert.ok(!(await s.target.control.deviceLog!(ESME)).includes(IHD), "the ESME's log no longer holds the IHD");
      assert.ok(!(await s.target.control.deviceLog!(IHD)).includes(ESME), "the IHD's log no longer holds the ESME");
      assert.deepEqual(await s.target.control.smiJoins!(ESME), []);

      const again = await s.arrange(SUPPLIER_A, join(s));
      assert.equal(deviceSaid(again!)?.['outcome'], 'applied');
      assert.deepEqual(await s.target.control.smiJoins!(ESME), [IHD]);
      assert.ok((await s.target.control.deviceLog!(ESME)).includes(IHD));
    });
  });

  it('accepts the critical unjoin (8.8.1) after a lost join response: CV 4 pre-command, CV 5 acknowledged, device applies', async () => {
    await withScenario(AFTER, async (s) => {
      await joinWithLostResponse(s);
      const req = unjoinCritical(s);
      const { transform, final } = await s.sendCritical(SUPPLIER_A, req);
      assert.equal(transform.code, 'I0');
      assert.ok(transform.response.body.type === 'ResponseMessage' && transform.response.body.content.kind === 'PreCommand');
      assert.equal(final.code, 'I99');
      assert.equal(final.response.header.requestId, req.requestId, 'CV 5 reuses the RequestID');
      const out = await s.outcome(req.requestId);
      assert.equal(out.header.responseCode, 'I0');
      assert.ok(!(await s.target.control.deviceLog!(ESME)).includes(IHD));
    });
  });

  it('accepts unjoining a device that was never joined, critical and non-critical, and never answers E080801', async () => {
    await withScenario(AFTER, async (s) => {
      const nc = unjoin(s);
      assert.equal((await s.send(nc)).code, 'I99');
      assert.equal((await s.outcome(nc.requestId)).header.responseCode, 'I0');
      const c = unjoinCritical(s);
      const { transform, final } = await s.sendCritical(SUPPLIER_A, c);
      assert.notEqual(transform.code, 'E080801');
      assert.equal(final.code, 'I99');
      assert.equal((await s.outcome(c.requestId)).header.responseCode, 'I0');
    });
  });

  it('has the device accept a repeated join', async () => {
    await withScenario(AFTER, async (s) => {
      await s.arrange(SUPPLIER_A, join(s));
      const out = await s.arrange(SUPPLIER_A, join(s));
      assert.equal(deviceSaid(out!)?.['outcome'], 'applied');
      assert.deepEqual(await s.target.control.smiJoins!(ESME), [IHD]);
    });
  });

  it('is a one-line rules override away from a faulty DSP that still raises E080801 (for the self-test)', async () => {
    await withScenario(
      AFTER,
      async (s) => {
        assert.deepEqual(s.reference.rules.applied, ['MP178']);
        assert.equal((await s.send(unjoin(s))).code, 'E080801');
      },
      { rules: { unjoinRequiresSmiJoin: true } },
    );
  });
});

describe('reference: MP178 changes no security control', () => {
  for (const baseline of [BEFORE, AFTER]) {
    it(`refuses an unjoin from the Network Operator for its role, and from a Supplier not responsible for the ESME (baseline ${baseline})`, async () => {
      await withScenario(baseline, async (s) => {
        const codes = s.reference.assumptions.codes;
        const before = s.reference.inspect.snapshot();
        assert.equal((await s.send(unjoin(s, NETWORK_OPERATOR))).code, codes.roleNotEligible);
        assert.equal((await s.send(unjoinCritical(s, NETWORK_OPERATOR))).code, codes.roleNotEligible);
        assert.equal((await s.send(unjoin(s, SUPPLIER_B))).code, codes.notResponsibleSupplier);
        assert.equal((await s.sendCritical(SUPPLIER_B, unjoinCritical(s, SUPPLIER_B))).transform.code, codes.notResponsibleSupplier);
        await s.reference.whenIdle();
        assert.deepEqual(s.reference.inspect.snapshot(), before);
      });
    });
  }
});

describe('reference: critical requests (CV 4 then CV 5)', () => {
  it('accepts a CV 5 once: a replayed CV 5 and a CV 5 with no CV 4 are refused', async () => {
    await withScenario(AFTER, async (s) => {
      const codes = s.reference.assumptions.codes;
      const req = unjoinCritical(s);
      const { transform, final } = await s.sendCritical(SUPPLIER_A, req);
      assert.equal(final.code, 'I99');
      await s.outcome(req.requestId);
      const body = transform.response.body;
      assert.ok(body.type === 'ResponseMessage' && body.content.kind === 'PreCommand');
      const replay = rq.signedPreCommand(s.ctx(SUPPLIER_A), { transform: req, gbcsPayload: body.content.gbcsPayload });
      assert.equal((await s.send(replay)).code, codes.counterNotIncreasing);

      const orphanSource = unjoinCritical(s); // built, never sent as CV 4
      const orphan = rq.signedPreCommand(s.ctx(SUPPLIER_A), { transform: orphanSource, gbcsPayload: body.content.gbcsPayload });
      assert.equal((await s.send(orphan)).code, codes.signedPreCommandWithoutTransform);
    });
  });

  it('accepts a CV 5 even when the User sent other requests between its CV 4 and CV 5', async () => {
    await withScenario(AFTER, async (s) => {
      const req = unjoinCritical(s);
      const t = await s.send(req);
      assert.equal(t.code, 'I0');
      assert.equal((await s.send(rq.readInventory(s.ctx(SUPPLIER_A), { deviceId: ESME }))).code, 'I0');
      const body = t.response.body;
      assert.ok(body.type === 'ResponseMessage' && body.content.kind === 'PreCommand');
      const cv5 = rq.signedPreCommand(s.ctx(SUPPLIER_A), { transform: req, gbcsPayload: body.content.gbcsPayload });
      assert.equal((await s.send(cv5)).code, 'I99');
      await s.outcome(req.requestId);
    });
  });

  it('reports a device that refuses or does not answer: rejection code, or no-response after the timeout', async () => {
    await withScenario(AFTER, async (s) => {
      await s.target.control.injectFault!(ESME, 'device-rejects');
      const rejected = join(s);
      assert.equal((await s.send(rejected)).code, 'I99');
      const out = await s.outcome(rejected.requestId);
      assert.equal(out.header.responseCode, s.reference.assumptions.deviceRejected['8.7']);
      assert.equal(deviceSaid(out)?.['outcome'], 'rejected');
      assert.deepEqual(await s.target.control.smiJoins!(ESME), []);
      assert.ok(!(await s.target.control.deviceLog!(ESME)).includes(IHD));

      await s.target.control.injectFault!(ESME, 'no-answer');
      const silent = join(s);
      assert.equal((await s.send(silent)).code, 'I99');
      assert.equal((await s.outcome(silent.requestId)).header.responseCode, s.reference.assumptions.codes.noDeviceResponse);
      assert.ok(!(await s.target.control.deviceLog!(ESME)).includes(IHD), 'a silent device applied nothing');

      // faults are one-shot: the next join works
      await s.arrange(SUPPLIER_A, join(s));
    });
  });
});
