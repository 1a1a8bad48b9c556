// The reference DCC over DUIS through the in-process Target: install and commissioning, change of
// supplier, and an inventory that survives a restart.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Baseline } from '../src/baseline.ts';
import * as rq from '../src/duis/requests/index.ts';
import { parseResponse } from '../src/duis/responses.ts';
import { createReferenceSmi } from '../reference-impl/index.ts';
import { tempDir } from './helpers.ts';
import {
  ESME,
  GSME,
  IHD,
  MPAN,
  MPRN,
  SUPPLIER_A,
  SUPPLIER_B,
  Scenario,
  T0,
  addToHanLog,
  commission,
  deviceSaid,
  installCh,
  installEsmeAndIhd,
  prenotify,
  sign,
  signing,
  table,
  users,
  validator,
} from './reference-fixture.ts';
import { RequestIdCounter } from '../src/duis/header.ts';

describe('reference: install and commissioning over DUIS', () => {
  it('takes a premises from a provisioned CH to every device Commissioned, and 8.2 shows each status on the way', async () => {
    const s = new Scenario();
    try {
      const ch = await s.reference.control.provisionCommsHub();
      assert.equal(await s.statusOf(ch.chf), 'Pending');

      // 8.14.1: CHF Commissioned, GPF InstalledNotCommissioned
      const install = await s.send(installCh(s, SUPPLIER_A, ch.chf));
      assert.equal(install.code, 'I99');
      assert.ok(install.response.header.requestId, 'the acknowledgement echoes the RequestID');
      assert.equal(await s.statusOf(ch.chf), 'Commissioned');
      assert.equal(await s.statusOf(ch.gpf), 'InstalledNotCommissioned');

      // 12.2: Pending, with the pre-notified details
      for (const [id, type] of [[ESME, 'ESME'], [GSME, 'GSME'], [IHD, 'IHD']] as const) {
        assert.equal((await s.send(prenotify(s, SUPPLIER_A, id, type))).code, 'I99');
      }
      const esme = await s.inventory(SUPPLIER_A, ESME);
      assert.deepEqual(
        { status: esme?.deviceStatus, type: esme?.deviceType, variant: esme?.esmeVariant, manufacturer: esme?.deviceManufacturer },
        { status: 'Pending', type: 'ESME', variant: 'A', manufacturer: 'AB01' },
      );

      // 8.11: the outcome is the HAN device log DCC alert; the devices join the HAN
      for (const [id, mpxn] of [[ESME, MPAN], [GSME, MPRN], [IHD, undefined]] as const) {
        const req = addToHanLog(s, SUPPLIER_A, ch.chf, id, mpxn);
        assert.equal((await s.send(req)).code, 'I99');
        const alert = await s.outcome(req.requestId);
        assert.equal(alert.header.responseCode, 'I0');
        assert.ok(alert.body.type === 'DCCAlertMessage' && alert.body.alert.kind === 'UpdateHANDeviceLogResult');
        assert.equal(alert.body.alert.updateHanDeviceLogServiceRequestId, req.requestId);
        assert.equal(await s.statusOf(id), 'InstalledNotCommissioned');
      }
      assert.deepEqual(s.reference.inspect.hanLog(ch.chf), [ESME, GSME, IHD].sort());
      assert.equal((await s.inventory(SUPPLIER_A, ESME))?.importMPxN, MPAN);

      // 8.1.1 (critical) commissions the meters and the GPF; 8.7 joins the GSME to the GPF and the IHD to the ESME
      for (const id of [ESME, GSME]) {
        const out = await s.arrange(SUPPLIER_A, commission(s, SUPPLIER_A, id));
        assert.equal(deviceSaid(out!)?.['outcome'], 'applied');
      }
      await s.arrange(SUPPLIER_A, rq.joinServiceCritical(s.ctx(SUPPLIER_A), { target: GSME, otherDeviceId: ch.gpf }));
      await s.arrange(SUPPLIER_A, rq.joinServiceNonCritical(s.ctx(SUPPLIER_A), { target: ESME, otherDeviceId: IHD }));

      for (const id of [ch.chf, ch.gpf, ESME, GSME, IHD]) assert.equal(await s.statusOf(id), 'Commissioned', id);
      assert.equal((await s.inventory(SUPPLIER_A, ESME))?.dateCommissioned, '2024-06-27');
      assert.deepEqual(await s.target.control.smiJoins!(ESME), [IHD]);
      assert.deepEqual(await s.target.control.deviceLog!(ESME), [ch.chf, IHD].sort());

      // by MPxN: the meter and everything on its CH
      const byMpxn = await s.send(rq.readInventory(s.ctx(SUPPLIER_A), { mpxn: MPAN }));
      assert.equal(byMpxn.code, 'I0');
      assert.ok(byMpxn.response.body.type === 'ResponseMessage' && byMpxn.response.body.content.kind === 'DSPInventory');
      assert.deepEqual(byMpxn.response.body.content.devices.map((d) => d.deviceId).sort(), [ch.chf, ch.gpf, ESME, GSME, IHD].sort());
    } finally {
      await s.close();
    }
  });

  it('lets the Network Operator read the inventory (8.2 is open to every eligible role) but not commission', async () => {
    const s = new Scenario();
    try {
      await installEsmeAndIhd(s);
      assert.equal(await s.statusOf(ESME, 'Network Operator'), 'Commissioned');
      const r = await s.send(commission(s, 'Network Operator', ESME));
      assert.equal(r.code, s.reference.assumptions.codes.roleNotEligible);
    } finally {
      await s.close();
    }
  });

  it('finds a premises by UPRN and by post code and address, and answers the not-found code for an unknown one', async () => {
    const s = new Scenario();
    try {
      const ch = await s.reference.control.provisionCommsHub({ uprn: '000100023336956', postCode: 'SW1A 1AA', addressIdentifier: '10' });
      await s.arrange(SUPPLIER_A, installCh(s, SUPPLIER_A, ch.chf));
      await s.arrange(SUPPLIER_A, prenotify(s, SUPPLIER_A, ESME, 'ESME'));
      await s.arrange(SUPPLIER_A, addToHanLog(s, SUPPLIER_A, ch.chf, ESME));
      const ids = async (sel: rq.ReadInventoryParams) => {
        const r = await s.send(rq.readInventory(s.ctx(SUPPLIER_A), sel));
        if (r.code !== 'I0') return r.code;
        assert.ok(r.response.body.type === 'ResponseMessage' && r.response.body.content.kind === 'DSPInventory');
        return r.response.body.content.devices.map((d) => d.deviceId).sort();
      };
      const all = [ch.chf, ch.gpf, ESME].sort();
      assert.deepEqual(await ids({ uprn: 100023336956 }), all);
      assert.deepEqual(await ids({ propertyFilter: { postCode: 'SW1A 1AA', addressIdentifier: '10' } }), all);
      const esme = await s.inventory(SUPPLIER_A, ESME);
      assert.deepEqual([esme?.uprn, esme?.propertyFilter], ['100023336956', { postCode: 'SW1A 1AA', addressIdentifier: '10' }]);
      assert.equal(await ids({ uprn: 999 }), s.reference.assumptions.codes.readInventoryNotFound);
      assert.equal(await ids({ deviceId: '00-DB-5E-00-00-00-0F-FF' }), s.reference.assumptions.codes.readInventoryNotFound);
    } finally {
      await s.close();
    }
  });

  it('leaves an unpowered device Whitelisted after 8.11: it cannot join the HAN', async () => {
    const s = new Scenario();
    try {
      const ch = await s.reference.control.provisionCommsHub();
      await s.arrange(SUPPLIER_A, installCh(s, SUPPLIER_A, ch.chf));
      await s.arrange(SUPPLIER_A, prenotify(s, SUPPLIER_A, ESME, 'ESME'));
      s.reference.setDeviceOnline(ESME, false);
      await s.arrange(SUPPLIER_A, addToHanLog(s, SUPPLIER_A, ch.chf, ESME));
      assert.equal(await s.statusOf(ESME), 'Whitelisted');
      assert.deepEqual(await s.target.control.deviceLog!(ch.chf), [ESME]);
      assert.deepEqual(await s.target.control.deviceLog!(ESME), []);
    } finally {
      await s.close();
    }
  });

  it('refuses 8.1.1 for a device not yet on the HAN with the device status code', async () => {
    const s = new Scenario();
    try {
      const ch = await s.reference.control.provisionCommsHub();
      await s.arrange(SUPPLIER_A, installCh(s, SUPPLIER_A, ch.chf));
      await s.arrange(SUPPLIER_A, prenotify(s, SUPPLIER_A, ESME, 'ESME'));
      const r = await s.send(commission(s, SUPPLIER_A, ESME));
      assert.equal(r.code, 'E5');
      assert.equal(await s.statusOf(ESME), 'Pending');
    } finally {
      await s.close();
    }
  });

  it('8.4 follows the pre-MP125 rule: only the pre-notifying User, only while Pending', async () => {
    // MP125 relaxes this for the ESME Variant alone (test/reference-mp125.test.ts)
    const s = new Scenario('all,-MP125');
    try {
      await s.arrange(SUPPLIER_A, prenotify(s, SUPPLIER_A, ESME, 'ESME'));
      const byB = await s.send(rq.updateInventory(s.ctx(SUPPLIER_B), { deviceId: ESME, update: { deviceDetails: { esmeVariant: 'B' } } }));
      assert.equal(byB.code, s.reference.assumptions.codes.updateInventoryNotPrenotifier);
      const byA = await s.send(rq.updateInventory(s.ctx(SUPPLIER_A), { deviceId: ESME, update: { deviceDetails: { esmeVariant: 'B', model: 'FF01' } } }));
      assert.equal(byA.code, 'I99');
      const d = await s.inventory(SUPPLIER_A, ESME);
      assert.deepEqual([d?.esmeVariant, d?.deviceModel], ['B', 'FF01']);
      await s.arrange(SUPPLIER_A, rq.updateInventory(s.ctx(SUPPLIER_A), { deviceId: ESME, update: { mpxn: { importMPxN: MPAN } } }));
      assert.equal((await s.inventory(SUPPLIER_A, ESME))?.importMPxN, MPAN);

      // no longer Pending: refused, and unchanged
      const hub = await s.reference.control.provisionCommsHub();
      await s.arrange(SUPPLIER_A, installCh(s, SUPPLIER_A, hub.chf));
      await s.arrange(SUPPLIER_A, addToHanLog(s, SUPPLIER_A, hub.chf, ESME));
      assert.equal(await s.statusOf(ESME), 'InstalledNotCommissioned');
      const late = await s.send(rq.updateInventory(s.ctx(SUPPLIER_A), { deviceId: ESME, update: { deviceDetails: { esmeVariant: 'C' } } }));
      assert.equal(late.code, s.reference.assumptions.codes.updateInventoryNotPending);
      assert.equal((await s.inventory(SUPPLIER_A, ESME))?.esmeVariant, 'B');

      // delete while Pending
      await s.arrange(SUPPLIER_A, prenotify(s, SUPPLIER_A, GSME, 'GSME'));
      await s.arrange(SUPPLIER_A, rq.updateInventory(s.ctx(SUPPLIER_A), { deviceId: GSME, update: { deleteDevice: true } }));
      assert.equal(await s.inventory(SUPPLIER_A, GSME), undefined);
    } finally {
      await s.close();
    }
  });

  it('8.3 decommissions a device for its Responsible Supplier only', async () => {
    const s = new Scenario();
    try {
      await installEsmeAndIhd(s);
      const byB = await s.send(rq.decommissionDevice(s.ctx(SUPPLIER_B), { deviceId: ESME }));
      assert.equal(byB.code, s.reference.assumptions.codes.notResponsibleSupplier);
      assert.equal((await s.send(rq.decommissionDevice(s.ctx(SUPPLIER_A), { deviceId: ESME }))).code, 'I99');
      assert.equal(await s.statusOf(ESME), 'Decommissioned');
    } finally {
      await s.close();
    }
  });
});

describe('reference: change of supplier (6.23)', () => {
  const cos = (s: Scenario, user: string, mpxn = MPAN) =>
    rq.updateSecurityCredentialsCos(s.ctx(user), {
      target: ESME,
      supplierFloorSeqNumber: 1,
      replacement: { digitalSigning: Buffer.from('not a real certificate') },
      certificationPath: [Buffer.from('not a real root')],
      applyTimeBasedCpvChecks: false,
      importMPxN: mpxn,
    });

  it('moves responsibility to the gaining Supplier when the device accepts, then refuses the losing Supplier', async () => {
    const s = new Scenario();
    try {
      await installEsmeAndIhd(s);
      // before CoS Supplier B may not act on the ESME
      const early = await s.send(rq.joinServiceNonCritical(s.ctx(SUPPLIER_B), { target: ESME, otherDeviceId: IHD }));
      assert.equal(early.code, s.reference.assumptions.codes.notResponsibleSupplier);

      await s.arrange(SUPPLIER_B, cos(s, SUPPLIER_B));
      assert.equal(s.reference.inspect.device(ESME)?.responsibleSupplier, users.named(SUPPLIER_B).id);
      assert.equal(s.reference.inspect.deviceState(ESME)?.supplier, users.named(SUPPLIER_B).id);

      const loser = await s.send(rq.joinServiceNonCritical(s.ctx(SUPPLIER_A), { target: ESME, otherDeviceId: IHD }));
      assert.equal(loser.code, s.reference.assumptions.codes.notResponsibleSupplier);
      const gainer = await s.send(rq.joinServiceNonCritical(s.ctx(SUPPLIER_B), { target: ESME, otherDeviceId: IHD }));
      assert.equal(gainer.code, 'I99');
      await s.outcome(gainer.response.header.requestId!);
    } finally {
      await s.close();
    }
  });

  it('keeps the losing Supplier responsible when the device refuses the CoS, or when the MPxN is not the device\'s', async () => {
    const s = new Scenario();
    try {
      await installEsmeAndIhd(s);
      const wrong = await s.send(cos(s, SUPPLIER_B, '1900000000099'));
      assert.equal(wrong.code, s.reference.assumptions.codes.cosMpxnMismatch);

      await s.target.control.injectFault!(ESME, 'device-rejects');
      const req = cos(s, SUPPLIER_B);
      assert.equal((await s.send(req)).code, 'I99');
      const out = await s.outcome(req.requestId);
      assert.equal(deviceSaid(out)?.['outcome'], 'rejected');
      assert.equal(s.reference.inspect.device(ESME)?.responsibleSupplier, users.named(SUPPLIER_A).id);
    } finally {
      await s.close();
    }
  });
});

describe('reference: persistence', () => {
  it('keeps the inventory, device logs and OriginatorCounters in a file DB across close and reopen', async () => {
    const dir = tempDir('sec-conformance-ref-');
    const dbFile = join(dir, 'reference.db');
    try {
      const baseline = Baseline.parse('all');
      const s = new Scenario(baseline, { dbFile });
      const ch = await installEsmeAndIhd(s);
      await s.arrange(SUPPLIER_A, rq.joinServiceNonCritical(s.ctx(SUPPLIER_A), { target: ESME, otherDeviceId: IHD }));
      const before = s.reference.inspect.snapshot();
      const lastCounter = before['smi_originator_counters']!.find((r) => r['originator'] === users.named(SUPPLIER_A).id)!['last_counter'];
      await s.close();

      const smi = createReferenceSmi({ baseline, validator, signing, dbFile, clock: () => T0 });
      try {
        assert.deepEqual(smi.inspect.snapshot(), before);
        assert.equal(smi.inspect.device(ESME)?.status, 'Commissioned');
        assert.deepEqual(await smi.control.deviceLog(ESME), [ch.chf, IHD].sort());
        assert.deepEqual(await smi.control.smiJoins(IHD), [ESME]);
        // the counter survived: a request reusing the last counter is refused, the next one accepted
        const ctx = { table, counter: new RequestIdCounter({ floor: BigInt(lastCounter as string) }), originator: users.named(SUPPLIER_A).id };
        const replay = await smi.handle('/api/v1/serviceD', sign(rq.readInventory(ctx, { deviceId: ESME }).xml));
        assert.match(replay.body, new RegExp(`<sr:ResponseCode>${smi.assumptions.codes.counterNotIncreasing}<`));
        const next = await smi.handle('/api/v1/serviceD', sign(rq.readInventory(ctx, { deviceId: ESME }).xml));
        assert.match(next.body, /<sr:ResponseCode>I0</);
        // a second hub gets fresh EUIs
        const ch2 = await smi.control.provisionCommsHub();
        assert.notEqual(ch2.chf, ch.chf);
      } finally {
        await smi.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reference: what it emits', () => {
  it('emits only XSD-valid DUIS: acknowledgements, inventory, pre-commands, device responses, DCC alerts, errors', async () => {
    const s = new Scenario('none');
    try {
      const ch = await installEsmeAndIhd(s); // acknowledgements, DCC alerts, pre-commands, device responses
      await s.inventory(SUPPLIER_A, ch.chf); // DSPInventory
      await s.target.control.injectFault!(ESME, 'response-lost');
      const lost = rq.joinServiceNonCritical(s.ctx(SUPPLIER_A), { target: ESME, otherDeviceId: IHD });
      await s.send(lost);
      await s.outcome(lost.requestId); // the no-response error, delivered
      await s.send(rq.unjoinServiceNonCritical(s.ctx(SUPPLIER_A), { target: ESME, otherDeviceId: IHD })); // E080801
      await s.post('serviceD', '<not-duis'); // unreadable
      await s.reference.whenIdle();
      const kinds = new Set<string>();
      for (const xml of [...s.emitted, ...s.target.pending().map((d) => d.body)]) {
        assert.deepEqual(validator.validate(xml).errors, [], xml);
        const r = parseResponse(xml);
        const content = r.body.type === 'ResponseMessage' ? r.body.content.kind : '';
        kinds.add(`${r.body.type}:${content}:${r.header.responseCode.startsWith('E') ? 'error' : r.header.responseCode}`);
      }
      for (const k of [
        'ResponseMessage:none:I99',
        'ResponseMessage:DSPInventory:I0',
        'ResponseMessage:PreCommand:I0',
        'ResponseMessage:GBCSPayload:I0',
        'DCCAlertMessage::I0',
        'ResponseMessage:none:error',
      ]) {
        assert.ok(kinds.has(k), `no ${k} among ${[...kinds].join(', ')}`);
      }
    } finally {
      await s.close();
    }
  });
});
