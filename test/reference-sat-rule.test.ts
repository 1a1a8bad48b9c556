// The Service Audit Trail visibility rule on both sides of the modification, and the Network
// Operator the SMI records for each device (what requirement 2 of the SAT modification keys on).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Baseline } from '../src/baseline.ts';
import { UserDirectory, type DccUser } from '../src/users.ts';
import { resolveAssumptions } from '../reference-impl/dsp/assumptions.ts';
import { networkOperatorPolicy } from '../reference-impl/dsp/network-operator.ts';
import { dspRules, type SmiDevice } from '../reference-impl/index.ts';
import { ESME, GSME, Scenario, SUPPLIER_A, installEsmeAndIhd, prenotify, users } from './reference-fixture.ts';

const supplierA = users.named('Supplier A');
const supplierB = users.named('Supplier B');
const operator = users.named('Network Operator');
const otherOperator: DccUser = { name: 'Network Operator 2', id: '90-B3-D5-1F-30-0A-00-00', roles: ['ED'] };
const gasTransporter: DccUser = { name: 'Gas Transporter', id: '90-B3-D5-1F-30-0B-00-00', roles: ['GT'] };

const meter: SmiDevice = {
  deviceId: ESME,
  deviceType: 'ESME',
  status: 'Commissioned',
  manufacturer: 'AB01',
  model: '01',
  responsibleSupplier: supplierB.id,
  networkOperator: operator.id,
};

const after = dspRules(Baseline.all());
const before = dspRules(Baseline.parse('all,-SAT'));

describe('SAT rule: whose entries of a device\'s trail a User sees', () => {
  it('after SAT the Responsible Supplier sees every User\'s entries', () => {
    assert.equal(after.auditTrailScope({ user: supplierB, device: meter }), 'device');
  });

  it('after SAT the device\'s Network Operator sees every User\'s entries', () => {
    assert.equal(after.auditTrailScope({ user: operator, device: meter }), 'device');
  });

  it('after SAT a Network Operator of another network, the losing Supplier and an unrelated Supplier see their own only', () => {
    for (const user of [otherOperator, supplierA, users.named('Supplier C')]) {
      assert.equal(after.auditTrailScope({ user, device: meter }), 'own', user.name);
    }
  });

  it('after SAT a device without a Responsible Supplier or Network Operator shows everyone their own only', () => {
    const { responsibleSupplier: _r, networkOperator: _n, ...bare } = meter;
    for (const user of [supplierA, supplierB, operator]) assert.equal(after.auditTrailScope({ user, device: bare }), 'own');
  });

  it('before SAT everyone, the Responsible Supplier and the Network Operator included, sees its own only', () => {
    for (const user of [supplierA, supplierB, operator, otherOperator]) assert.equal(before.auditTrailScope({ user, device: meter }), 'own', user.name);
  });

  it('a Supplier role is needed to see a device as its Responsible Supplier (an ID alone is not enough)', () => {
    const impostor: DccUser = { ...supplierB, roles: ['OU'] };
    assert.equal(after.auditTrailScope({ user: impostor, device: meter }), 'own');
  });

  it('lists SAT among the applied modifications only when the baseline has it', () => {
    assert.ok(after.applied.includes('SAT'));
    assert.ok(!before.applied.includes('SAT'));
  });
});

describe('the Network Operator the SMI records', () => {
  const directory = new UserDirectory([supplierA, operator, otherOperator, gasTransporter]);
  const device = (deviceType: SmiDevice['deviceType']): SmiDevice => ({ ...meter, deviceType });

  it('gives electricity devices the first electricity distributor, gas devices the first gas transporter, dual-fuel devices the electricity one', () => {
    const policy = networkOperatorPolicy(resolveAssumptions().networkOperator, directory);
    assert.equal(policy(device('ESME')), operator.id);
    assert.equal(policy(device('HCALCS')), operator.id);
    assert.equal(policy(device('GSME')), gasTransporter.id);
    assert.equal(policy(device('GPF')), gasTransporter.id);
    for (const t of ['CHF', 'IHD', 'PPMID', 'CAD'] as const) assert.equal(policy(device(t)), operator.id, t);
  });

  it('follows the assumptions: a named User, another side for dual-fuel devices, or none', () => {
    const policy = networkOperatorPolicy(resolveAssumptions({ networkOperator: { electricity: otherOperator.id.toLowerCase(), gas: '', dualFuelDevices: 'gas' } }).networkOperator, directory);
    assert.equal(policy(device('ESME')), otherOperator.id);
    assert.equal(policy(device('GSME')), undefined);
    assert.equal(policy(device('IHD')), undefined);
  });

  it('records none for gas devices when no User is a gas transporter (the default Users)', () => {
    const policy = networkOperatorPolicy(resolveAssumptions().networkOperator, new UserDirectory());
    assert.equal(policy(device('GSME')), undefined);
    assert.equal(policy(device('ESME')), operator.id);
  });

  it('is recorded in the SMI when a device is pre-notified and when DCC supplies a Communications Hub', async () => {
    const s = new Scenario();
    try {
      const ch = await installEsmeAndIhd(s);
      await s.arrange(SUPPLIER_A, prenotify(s, SUPPLIER_A, GSME, 'GSME'));
      assert.equal(s.reference.inspect.device(ESME)?.networkOperator, operator.id);
      assert.equal(s.reference.inspect.device(ch.chf)?.networkOperator, operator.id);
      assert.equal(s.reference.inspect.device(GSME)?.networkOperator, undefined, 'no gas transporter among the default Users');
    } finally {
      await s.close();
    }
  });
});
