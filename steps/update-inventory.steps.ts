// Correcting the Smart Metering Inventory with 8.4 Update Inventory (MP125's ESME Variant
// correction and the older rule for every other device detail), and taking a device out of
// service (8.3). SMETS1 devices come from DCC's migration, not a pre-notification: the
// inventory-fixtures capability enrols one.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { updateInventory, type DeviceDetailsUpdate, type DuisRequest, type EsmeVariant } from '../src/duis/requests/index.ts';
import { isSuccess } from '../src/duis/responses.ts';
import { arrange, converse, finalCode } from './flows.ts';
import { readInventoryOf } from './inventory.ts';
import type { ConformanceWorld } from './support/world.ts';

function correctDetails(world: ConformanceWorld, user: string, alias: string, details: DeviceDetailsUpdate): DuisRequest {
  return updateInventory(world.ctx(user), { deviceId: world.alias(alias), update: { deviceDetails: details } });
}

When('{user} corrects the ESME Variant of the {device} to {word}', async function (this: ConformanceWorld, user: string, alias: string, variant: string) {
  await converse(this, user, correctDetails(this, user, alias, { esmeVariant: variant as EsmeVariant }));
});

Given('{user} has corrected the ESME Variant of the {device} to {word}', async function (this: ConformanceWorld, user: string, alias: string, variant: string) {
  await arrange(this, user, correctDetails(this, user, alias, { esmeVariant: variant as EsmeVariant }));
});

When('{user} corrects the ESME Variant of the {device} to {word} together with its Device Model', async function (this: ConformanceWorld, user: string, alias: string, variant: string) {
  await converse(this, user, correctDetails(this, user, alias, { esmeVariant: variant as EsmeVariant, model: 'FF0A0B0C' }));
});

When('{user} changes the Device Model of the {device}', async function (this: ConformanceWorld, user: string, alias: string) {
  await converse(this, user, correctDetails(this, user, alias, { model: 'FF0A0B0C' }));
});

// The ESME Variant is an enumeration in the DUIS XSD: a value outside it is not a request the
// suite may build, so it goes out raw; what counts is that the schema refuses it and so does
// the DCC, before touching the inventory.
When('{user} sends an ESME Variant correction for the {device} with the value {string}', async function (this: ConformanceWorld, user: string, alias: string, value: string) {
  const valid = correctDetails(this, user, alias, { esmeVariant: 'A' });
  const body = valid.xml.replace(/(<sr:ESMEVariant>)A(<\/sr:ESMEVariant>)/, (_m, open: string, close: string) => `${open}${escapeXml(value)}${close}`);
  assert.notEqual(body, valid.xml, 'the correction request has no ESMEVariant to replace');
  this.scratch.set('esme-variant:invalid-body', body);
  // signed as the sender, so a refusal is for the value and not for a missing signature
  await this.sendRaw('serviceD', this.signing.signRequest(body));
});

// A request is the User's only when that User signed it: this one names one User as its sender
// and carries another's signature, so it goes out raw (send() always signs as the sender).
When('a request from {user} to correct the ESME Variant of the {device} to {word} arrives signed by {user}', async function (this: ConformanceWorld, user: string, alias: string, variant: string, signer: string) {
  const req = correctDetails(this, user, alias, { esmeVariant: variant as EsmeVariant });
  await this.sendRaw('serviceD', this.signing.signAs(this.ctx(signer).originator, req.xml));
});

Then('the DUIS schema does not allow the ESME Variant {string}', function (this: ConformanceWorld, value: string) {
  const body = this.scratch.get('esme-variant:invalid-body') as string | undefined;
  assert.ok(body, 'no ESME Variant correction was sent raw in this scenario');
  const v = this.validator.validate(body);
  assert.equal(v.valid, false, `the DUIS XSD accepts ESME Variant ${JSON.stringify(value)}`);
  assert.ok(v.errors.some((e) => /ESMEVariant/.test(`${e.message} ${e.path ?? ''}`)), `the XSD refuses the request, but not for its ESMEVariant:\n${v.errors.map((e) => e.message).join('\n')}`);
});

Then('the DCC refuses the request without processing it', function (this: ConformanceWorld) {
  const raw = this.lastRaw;
  assert.ok(raw, 'nothing was sent raw in this scenario');
  assert.ok(raw.response, `the DCC did not answer with a DUIS response (HTTP ${raw.reply.status}): ${raw.reply.body.slice(0, 200)}`);
  const code = raw.response.header.responseCode;
  assert.ok(!isSuccess(code), `the DCC answered ${code} to a request it should have refused`);
});

Then('the DCC refuses the inventory update', function (this: ConformanceWorld) {
  const code = finalCode(this);
  assert.ok(!isSuccess(code), `8.4 Update Inventory was accepted (${code})`);
});

Then('the inventory shows the {device} without an ESME Variant', async function (this: ConformanceWorld, alias: string) {
  const device = await readInventoryOf(this, 'Supplier A', alias);
  assert.equal(device.esmeVariant, undefined, `8.2 shows the ${alias} with ESME Variant ${device.esmeVariant}`);
});

Then('the inventory shows the {device} with its Device Model unchanged', async function (this: ConformanceWorld, alias: string) {
  const device = await readInventoryOf(this, 'Supplier A', alias);
  assert.notEqual(device.deviceModel, 'FF0A0B0C', `8.2 shows the ${alias} with the Device Model the refused update carried`);
});

Then('{user} sees the {device} with ESME Variant {word} in the inventory', async function (this: ConformanceWorld, user: string, alias: string, variant: string) {
  const device = await readInventoryOf(this, user, alias);
  assert.equal(device.esmeVariant, variant, `8.2 for ${user} shows the ${alias} with ESME Variant ${device.esmeVariant}`);
});

Given('a SMETS1 {device} with ESME Variant {word} migrated into the inventory for {user}', async function (this: ConformanceWorld, type: string, variant: string, user: string) {
  this.requireCapability('inventory-fixtures');
  const enrol = this.target.control.enrolSmets1Device;
  assert.ok(enrol, `target ${this.target.name} offers inventory fixtures but cannot enrol a SMETS1 device`);
  const { deviceId } = await enrol.call(this.target.control, { deviceType: type, responsibleSupplier: this.users.named(user).id, esmeVariant: variant });
  this.setAlias(type, deviceId);
});

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
