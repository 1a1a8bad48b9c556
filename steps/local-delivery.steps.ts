// Local delivery: the DCC returns a command to the User instead of sending it over the WAN
// (CV 2; for a critical request CV 4, then CV 6), the installer's hand-held terminal carries it to
// the device ('local-delivery'), and the User returns the device's response with 8.13 Return
// Local Command Response so the DCC can process it as if it had come over the WAN (MP081).
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import {
  joinServiceCritical,
  joinServiceNonCritical,
  requestHandoverOfDccControlledDevice,
  retrieveDeviceSecurityCredentialsDevice,
  returnLocalCommandResponse,
  updateHanDeviceLog,
  updateSecurityCredentialsKrp,
} from '../src/duis/requests/index.ts';
import { certificateFingerprint } from '../src/certificate-fingerprint.ts';
import { dccBoxedCertificate } from '../src/sign/dcc-boxed-keys.ts';
import { installCode } from './devices.ts';
import { converse, current, finalCode } from './flows.ts';
import { askForLocalDelivery, deliverLocally, localCommand, type Build } from './local-delivery.ts';
import type { ConformanceWorld } from './support/world.ts';

type Criticality = 'critical' | 'non-critical';

const CERTIFICATE = 'local:certificate';

// --- the requests ---------------------------------------------------------------------------------

const join = (world: ConformanceWorld, user: string, other: string, meter: string, c: Criticality): Build => (o) =>
  (c === 'critical' ? joinServiceCritical : joinServiceNonCritical)(world.ctx(user), { target: world.alias(meter), otherDeviceId: world.alias(other) }, o);

When('{user} asks for the {criticality} Join Service of the {device} to the {device} for local delivery', async function (this: ConformanceWorld, user: string, c: Criticality, other: string, meter: string) {
  await askForLocalDelivery(this, user, meter, join(this, user, other, meter, c));
});

Given('{user} has had the {criticality} Join Service of the {device} to the {device} delivered locally', async function (this: ConformanceWorld, user: string, c: Criticality, other: string, meter: string) {
  await askForLocalDelivery(this, user, meter, join(this, user, other, meter, c));
  assert.equal(finalCode(this), 'I0', `the join was not returned for local delivery: ${finalCode(this)}`);
  await deliverLocally(this, meter);
});

When('{user} asks for the {device} to be added to the CH device log for local delivery', async function (this: ConformanceWorld, user: string, device: string) {
  await askForLocalDelivery(this, user, 'CHF', (o) =>
    updateHanDeviceLog(this.ctx(user), { target: this.alias('CHF'), deviceId: this.alias(device), action: 'Add', whitelist: { joinTimePeriod: 3600, installCode: installCode() } }, o),
  );
});

// [I] any well-formed certificate stands for a Supplier's new one: the reference tracks what was
// placed, it does not check the chain (SMKI is out of scope)
async function supplierCertificate(world: ConformanceWorld, file: string): Promise<string> {
  const pem = await dccBoxedCertificate(file);
  world.scratch.set(CERTIFICATE, certificateFingerprint(pem));
  return pem;
}

When("{user} asks for the Supplier certificate on the {device} to be updated for local delivery", async function (this: ConformanceWorld, user: string, device: string) {
  const cert = await supplierCertificate(this, 'Z1b-supplier-ds.pem');
  await askForLocalDelivery(this, user, device, (o) =>
    updateSecurityCredentialsKrp(this.ctx(user), { target: this.alias(device), remotePartyRole: 'Supplier', replacement: { digitalSigning: cert }, certificationPath: [cert], applyTimeBasedCpvChecks: false }, o),
  );
});

When('{user} asks for the handover of the {device} to its own certificate for local delivery', async function (this: ConformanceWorld, user: string, device: string) {
  const cert = await supplierCertificate(this, 'Z1-supplier-ds.pem');
  await askForLocalDelivery(this, user, device, (o) =>
    requestHandoverOfDccControlledDevice(this.ctx(user), { target: this.alias(device), remotePartyRole: 'Supplier', replacement: { digitalSigning: cert }, certificationPath: [cert], applyTimeBasedCpvChecks: false }, o),
  );
});

When("{user} asks for the {device}'s Digital Signature certificate for local delivery", async function (this: ConformanceWorld, user: string, device: string) {
  await askForLocalDelivery(this, user, device, (o) => retrieveDeviceSecurityCredentialsDevice(this.ctx(user), { target: this.alias(device), credentialType: 'Digital Signature' }, o));
});

// --- on site and back --------------------------------------------------------------------------------

Then('the DCC returns the command for local delivery', function (this: ConformanceWorld) {
  const code = finalCode(this);
  assert.equal(code, 'I0', `the request was answered ${code}, not I0 with a LocalCommand`);
  const body = current(this).final.response.body;
  assert.ok(body.type === 'ResponseMessage' && body.content.kind === 'LocalCommand', 'I0 without a LocalCommand');
});

Then('no device response comes over the WAN', async function (this: ConformanceWorld) {
  const id = current(this).request.requestId;
  const arrived = await this.awaitDelivery(id, this.settleMs).then(
    () => true,
    () => false,
  );
  assert.equal(arrived, false, `a device response for ${id} came over the WAN to a command returned for local delivery`);
});

When('the installer delivers the command to the {device}', async function (this: ConformanceWorld, alias: string) {
  await deliverLocally(this, alias);
});

async function returnResponse(world: ConformanceWorld, user: string, originalRequestId: string, response: string): Promise<void> {
  await converse(world, user, returnLocalCommandResponse(world.ctx(user), { originalRequestId, deviceGbcsResponse: response }));
}

When("{user} returns the device's response with Return Local Command Response", async function (this: ConformanceWorld, user: string) {
  const l = localCommand(this);
  assert.ok(l.response, 'the command has not been delivered, so there is no response to return');
  await returnResponse(this, user, l.request.requestId, l.response);
});

Given("{user} has returned the device's response with Return Local Command Response", async function (this: ConformanceWorld, user: string) {
  const l = localCommand(this);
  assert.ok(l.response, 'the command has not been delivered, so there is no response to return');
  await returnResponse(this, user, l.request.requestId, l.response);
  assert.ok(['I0', 'I99'].includes(finalCode(this)), `8.13 was answered ${finalCode(this)}`);
});

// a response that came over the WAN was never returned for local delivery: 8.13 is not the way in
When("{user} returns the device's response to that request with Return Local Command Response", async function (this: ConformanceWorld, user: string) {
  const c = current(this);
  const r = this.lastResponse;
  assert.ok(r && r.body.type === 'ResponseMessage' && r.body.content.kind === 'GBCSPayload', 'no device response with a GBCS payload has arrived in this scenario');
  await returnResponse(this, user, c.request.requestId, r.body.content.gbcsPayload);
});

// --- what the DCC then knows -------------------------------------------------------------------------------

Then('the SMI records the {device} as joined to the {device}', async function (this: ConformanceWorld, a: string, b: string) {
  this.requireCapability('inspection');
  const read = this.target.control.smiJoins;
  assert.ok(read, `target ${this.target.name} offers inspection but cannot read SMI join records`);
  assert.ok((await read.call(this.target.control, this.alias(b))).includes(this.alias(a)), `the SMI does not record the ${a} as joined to the ${b}`);
});

async function tracksNewCertificate(world: ConformanceWorld, alias: string): Promise<boolean> {
  world.requireCapability('inspection');
  const read = world.target.control.trackedOrgCertificates;
  assert.ok(read, `target ${world.target.name} offers inspection but cannot say which Organisation Certificates it tracks`);
  const fingerprint = world.scratch.get(CERTIFICATE) as string | undefined;
  assert.ok(fingerprint, 'no new certificate was sent in this scenario');
  return (await read.call(world.target.control, world.alias(alias))).some((c) => c.role === 'Supplier' && c.usage === 'DigitalSigning' && c.fingerprint === fingerprint);
}

Then('the DCC tracks the new Supplier certificate as on the {device}', async function (this: ConformanceWorld, alias: string) {
  assert.ok(await tracksNewCertificate(this, alias), `the DCC does not track the new Supplier certificate as on the ${alias}`);
});

Then('the DCC does not yet track the new Supplier certificate as on the {device}', async function (this: ConformanceWorld, alias: string) {
  assert.ok(!(await tracksNewCertificate(this, alias)), `the DCC tracks the new Supplier certificate on the ${alias} before the response came back`);
});
