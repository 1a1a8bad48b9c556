// The reference records its Service Audit Trail from what crosses the interface: every request
// from a known User with the DCC's answers to it, under the devices it concerns, without payloads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RequestIdCounter } from '../src/duis/header.ts';
import * as rq from '../src/duis/requests/index.ts';
import { UserDirectory } from '../src/users.ts';
import { AuditRecorder } from '../reference-impl/dsp/audit-recorder.ts';
import type { AuditEntry } from '../reference-impl/index.ts';
import { readRequest } from '../src/duis/request-reader.ts';
import { ESME, IHD, MPAN, SUPPLIER_A, SUPPLIER_B, Scenario, T0, addToHanLog, installEsmeAndIhd, table, users } from './reference-fixture.ts';
import { changeOfSupplier } from './sat-fixture.ts';

const A = users.named(SUPPLIER_A).id;
const B = users.named(SUPPLIER_B).id;

function entriesFor(s: Scenario, requestId: string): AuditEntry[] {
  return s.reference.inspect.auditTrail().filter((e) => e.requestId === requestId);
}

const shape = (e: AuditEntry) => [e.kind, e.responseCode ?? '-'];

describe('reference: Service Audit Trail recording', () => {
  it('records a device request, its acknowledgement and the device response, titled, under both devices, for the sender', async () => {
    const s = new Scenario();
    try {
      await installEsmeAndIhd(s);
      const join = rq.joinServiceNonCritical(s.ctx(SUPPLIER_A), { target: ESME, otherDeviceId: IHD });
      await s.arrange(SUPPLIER_A, join);
      const entries = entriesFor(s, join.requestId);
      assert.deepEqual(entries.map(shape), [['Service Request', '-'], ['Acknowledgement', 'I99'], ['Service Response', 'I0']]);
      for (const e of entries) {
        assert.equal(e.srv, '8.7.2');
        assert.equal(e.title, table.title('8.7.2'));
        assert.equal(e.userId, A);
        assert.deepEqual(e.devices, [ESME, IHD].sort());
        assert.equal(e.at, T0.toISOString());
      }
    } finally {
      await s.close();
    }
  });

  it('records a critical request as request, pre-command, signed pre-command, acknowledgement and response under one RequestID', async () => {
    const s = new Scenario();
    try {
      await installEsmeAndIhd(s);
      const join = rq.joinServiceCritical(s.ctx(SUPPLIER_A), { target: ESME, otherDeviceId: IHD });
      assert.equal(join.commandVariant, 4);
      await s.arrange(SUPPLIER_A, join);
      const entries = entriesFor(s, join.requestId);
      assert.deepEqual(entries.map(shape), [
        ['Service Request', '-'],
        ['Pre-Command', 'I0'],
        ['Signed Pre-Command', '-'],
        ['Acknowledgement', 'I99'],
        ['Service Response', 'I0'],
      ]);
      // the CV 5 names no device of its own: it is filed under the CV 4's
      assert.ok(entries.every((e) => e.userId === A && e.devices.join() === [ESME, IHD].sort().join()));
    } finally {
      await s.close();
    }
  });

  it('records a refused request and its error code in the sender\'s record, while the SMI stays unchanged', async () => {
    const s = new Scenario();
    try {
      await installEsmeAndIhd(s);
      const before = s.reference.inspect.snapshot();
      const join = rq.joinServiceNonCritical(s.ctx(SUPPLIER_B), { target: ESME, otherDeviceId: IHD });
      assert.equal((await s.send(join)).code, 'E4');
      assert.deepEqual(entriesFor(s, join.requestId).map(shape), [['Service Request', '-'], ['Service Response', 'E4']]);
      assert.ok(entriesFor(s, join.requestId).every((e) => e.userId === B));
      assert.deepEqual(s.reference.inspect.snapshot(), before);
    } finally {
      await s.close();
    }
  });

  it('records the DCC alert that reports an 8.11 outcome against the request\'s devices', async () => {
    const s = new Scenario();
    try {
      const ch = await s.reference.control.provisionCommsHub();
      await s.arrange(SUPPLIER_A, rq.devicePrenotification(s.ctx(SUPPLIER_A), { deviceId: IHD, deviceType: 'IHD', manufacturer: 'AB01', model: '01' }));
      await s.arrange(SUPPLIER_A, rq.chfInstallSuccess(s.ctx(SUPPLIER_A), { chfId: ch.chf, mpxn: MPAN, aerialInstall: false, location: 'Outside Premises', installDateTime: T0 }));
      const add = addToHanLog(s, SUPPLIER_A, ch.chf, IHD);
      await s.arrange(SUPPLIER_A, add);
      const alert = entriesFor(s, add.requestId).find((e) => e.kind === 'Alert');
      assert.ok(alert, 'no Alert entry for the 8.11');
      assert.equal(alert.responseCode, s.reference.assumptions.hanDeviceLogAlertCode);
      assert.deepEqual(alert.devices, [ch.chf, IHD].sort());
      assert.equal(alert.title, table.title('8.11'));
    } finally {
      await s.close();
    }
  });

  it('files a non-device request under the devices its body names', async () => {
    const s = new Scenario();
    try {
      const pre = rq.devicePrenotification(s.ctx(SUPPLIER_A), { deviceId: ESME, deviceType: 'ESME', manufacturer: 'AB01', model: '01', esmeVariant: 'A' });
      await s.arrange(SUPPLIER_A, pre);
      const entries = entriesFor(s, pre.requestId);
      assert.deepEqual(entries.map(shape), [['Service Request', '-'], ['Service Response', 'I99']]);
      assert.deepEqual(entries[0]!.devices, [ESME], 'the access control broker is not a device');
    } finally {
      await s.close();
    }
  });

  it('leaves out a request from an originator that is not a User', async () => {
    const s = new Scenario();
    try {
      const stranger = { table, counter: new RequestIdCounter({ floor: 1 }), originator: '90-B3-D5-1F-30-0F-00-00' };
      // no key can sign for a stranger; the User check comes before the signature check anyway
      const r = await s.post('serviceD', rq.readInventory(stranger, { deviceId: ESME }).xml);
      assert.equal(r.code, s.reference.assumptions.codes.unknownUser);
      assert.deepEqual(s.reference.inspect.auditTrail(), []);
    } finally {
      await s.close();
    }
  });

  it('keeps no payload: no GBCS payload, install code or certificate that crossed the wire is in the trail', async () => {
    const s = new Scenario();
    try {
      await installEsmeAndIhd(s);
      await s.arrange(SUPPLIER_B, changeOfSupplier(s, SUPPLIER_B));
      const secrets = new Set<string>();
      for (const xml of s.emitted) for (const m of xml.matchAll(/<sr:GBCSPayload>([^<]+)</g)) secrets.add(m[1]!);
      secrets.add('0123456789ABCDEF0123456789ABCDEF'); // the install code 8.11 sent
      secrets.add(Buffer.from('gaining supplier certificate').toString('base64'));
      assert.ok(secrets.size > 3, 'the scenario produced payloads to look for');
      const stored = JSON.stringify(s.reference.inspect.auditTrail());
      for (const secret of secrets) assert.ok(!stored.includes(secret), `the trail holds ${secret}`);
      assert.doesNotMatch(stored, /<|GBCS/, 'no XML, nothing named GBCS');
    } finally {
      await s.close();
    }
  });

  it('stamps entries with the reference\'s clock', async () => {
    const s = new Scenario();
    try {
      const then = new Date('2023-01-15T08:30:00.000Z');
      await s.reference.control.setClock(then);
      const r = rq.readInventory(s.ctx(SUPPLIER_A), { deviceId: ESME });
      await s.send(r);
      assert.deepEqual(entriesFor(s, r.requestId).map((e) => e.at), [then.toISOString(), then.toISOString()]);
    } finally {
      await s.close();
    }
  });

  it('never costs a User its answer: a recording failure is logged, not thrown', () => {
    const log: string[] = [];
    const broken = { add: () => { throw new Error('disk full'); }, firstFor: () => undefined } as unknown as ConstructorParameters<typeof AuditRecorder>[0]['trail'];
    const recorder = new AuditRecorder({ trail: broken, table, users: new UserDirectory(), now: () => T0, log: (l) => log.push(l) });
    const view = readRequest(rq.readInventory({ table, counter: new RequestIdCounter({ floor: 1 }), originator: A }, { deviceId: ESME }).xml);
    assert.doesNotThrow(() => recorder.exchange(view, { status: 200, contentType: 'application/xml', body: '<x/>' }));
    assert.doesNotThrow(() => recorder.delivery('not xml'));
    assert.equal(log.length, 2);
    assert.match(log[0]!, /disk full/);
  });
});
