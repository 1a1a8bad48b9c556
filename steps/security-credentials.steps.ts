// A device's own certificates (6.24.2 Retrieve Device Security Credentials (Device)) and what the
// DCC records of them in the Inventory and the SMKI Repository. DUIS shows neither record, so the
// read-back is the 'inspection' capability; a device renewing a certificate unseen by the DCC is
// a discrepancy injected with 'fault-injection'.
import assert from 'node:assert/strict';
import { Given, Then, When, defineParameterType } from '@cucumber/cucumber';
import { retrieveDeviceSecurityCredentialsDevice, type CredentialType } from '../src/duis/requests/index.ts';
import type { DeviceCredentialsView } from '../src/targets/target.ts';
import { converse, outcome } from './flows.ts';
import type { ConformanceWorld } from './support/world.ts';

defineParameterType({
  name: 'credential',
  regexp: /(Digital Signature|Key Agreement)/,
  transformer: (c: string) => c as CredentialType,
});

async function credentials(world: ConformanceWorld, alias: string): Promise<DeviceCredentialsView> {
  world.requireCapability('inspection');
  const read = world.target.control.deviceCredentials;
  assert.ok(read, `target ${world.target.name} offers inspection but cannot show device certificates`);
  return read.call(world.target.control, world.alias(alias));
}

const BEFORE = 'credentials:before';

Given('the {device} has started using a new {credential} certificate the DCC has not heard of', async function (this: ConformanceWorld, alias: string, type: CredentialType) {
  this.requireCapability('fault-injection');
  const renew = this.target.control.renewDeviceCertificate;
  assert.ok(renew, `target ${this.target.name} offers fault injection but cannot renew a device certificate`);
  await renew.call(this.target.control, this.alias(alias), type);
  const c = await credentials(this, alias);
  assert.notEqual(c.inventory[type], c.device[type], `the Inventory already holds the ${alias}'s new ${type} certificate`);
  this.scratch.set(BEFORE, c);
});

When("{user} retrieves the {device}'s {credential} certificate", async function (this: ConformanceWorld, user: string, alias: string, type: CredentialType) {
  if (!this.scratch.has(BEFORE) && this.hasCapability('inspection')) this.scratch.set(BEFORE, await credentials(this, alias));
  await converse(this, user, retrieveDeviceSecurityCredentialsDevice(this.ctx(user), { target: this.alias(alias), credentialType: type }));
});

Then('no successful response from the device reaches the User', async function (this: ConformanceWorld) {
  const r = await outcome(this);
  assert.notEqual(r.header.responseCode, 'I0', 'the device answered successfully');
});

// whatever it says: a device's refusal may travel inside a GBCS payload under I0
Then("the DCC passes on the device's answer", async function (this: ConformanceWorld) {
  await outcome(this);
});

Then('the Inventory and the SMKI Repository hold the {credential} certificate the {device} uses', async function (this: ConformanceWorld, type: CredentialType, alias: string) {
  const c = await credentials(this, alias);
  assert.equal(c.inventory[type], c.device[type], `the Inventory holds ${c.inventory[type]}, the ${alias} uses ${c.device[type]}`);
  assert.equal(c.smkiRepository[type], c.device[type], `the SMKI Repository holds ${c.smkiRepository[type]}, the ${alias} uses ${c.device[type]}`);
});

Then("the Inventory and the SMKI Repository still hold the {device}'s old {credential} certificate", async function (this: ConformanceWorld, alias: string, type: CredentialType) {
  const before = this.scratch.get(BEFORE) as DeviceCredentialsView | undefined;
  assert.ok(before, 'the certificates were not read before the request');
  const c = await credentials(this, alias);
  assert.equal(c.inventory[type], before.inventory[type], 'the Inventory changed');
  assert.equal(c.smkiRepository[type], before.smkiRepository[type], 'the SMKI Repository changed');
});

Then("the DCC's records of the {device}'s {credential} certificate are unchanged", async function (this: ConformanceWorld, alias: string, type: CredentialType) {
  const before = this.scratch.get(BEFORE) as DeviceCredentialsView | undefined;
  assert.ok(before, 'the certificates were not read before the request');
  const c = await credentials(this, alias);
  assert.deepEqual([c.inventory[type], c.smkiRepository[type]], [before.inventory[type], before.smkiRepository[type]]);
});
