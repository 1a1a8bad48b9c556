// The rest of MP081's 8.13 list, delivered on site: 3.2 Restrict Access For Change Of Tenancy,
// 6.8 billing calendar, 6.15.2 a device's own certificate, 8.12.1 / 8.12.2 restoring a
// replaced hub's device log, 11.3 Activate Firmware. Each step pair reads what the DCC records
// that the device's response changes, before and after the response comes back with 8.13.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Given, Then, When } from '@cucumber/cucumber';
import {
  activateFirmware,
  chfInstallSuccess,
  restoreGpfDeviceLog,
  restoreHanDeviceLog,
  restrictAccessForChangeOfTenancy,
  updateDeviceConfigurationBillingCalendar,
  updateHanDeviceLog,
  updateSecurityCredentialsDevice,
  type CredentialType,
} from '../src/duis/requests/index.ts';
import { readXml, textAt } from '../src/duis/xml.ts';
import type { FirmwareImageFixture } from '../src/targets/target.ts';
import { installCode } from './devices.ts';
import { arrange } from './flows.ts';
import { readInventory, readInventoryOf } from './inventory.ts';
import { askForLocalDelivery, deliverLocally } from './local-delivery.ts';
import type { ConformanceWorld } from './support/world.ts';

const RESTRICTED_FROM = 'config:restricted-from';
const IMAGE = 'config:firmware-image';
const FIRMWARE_BEFORE = 'config:firmware-before';

async function inspect(world: ConformanceWorld, what: 'deviceSettings' | 'dccDeviceRecords', alias: string): Promise<Record<string, string>> {
  world.requireCapability('inspection');
  const read = world.target.control[what];
  assert.ok(read, `target ${world.target.name} offers inspection but cannot show ${what === 'deviceSettings' ? "a device's settings" : "the DCC's device records"}`);
  return read.call(world.target.control, world.alias(alias));
}

// --- 3.2 Restrict Access For Change Of Tenancy ------------------------------------------------------

When("{user} asks for access to the {device}'s data to be restricted for a change of tenancy for local delivery", async function (this: ConformanceWorld, user: string, alias: string) {
  const from = this.now().toISOString();
  this.scratch.set(RESTRICTED_FROM, from);
  await askForLocalDelivery(this, user, alias, (o) => restrictAccessForChangeOfTenancy(this.ctx(user), { target: this.alias(alias), restrictionDateTime: from }, o));
});

function restrictedFrom(world: ConformanceWorld): string {
  const from = world.scratch.get(RESTRICTED_FROM) as string | undefined;
  assert.ok(from, 'no access restriction was asked for in this scenario');
  return from;
}

Then('the DCC does not yet record the access restriction on the {device}', async function (this: ConformanceWorld, alias: string) {
  const recorded = (await inspect(this, 'dccDeviceRecords', alias))['access-restricted-from'];
  assert.notEqual(recorded, restrictedFrom(this), `the DCC records the ${alias}'s access restriction before the response came back`);
});

Then('the DCC records the access restriction on the {device}', async function (this: ConformanceWorld, alias: string) {
  const recorded = (await inspect(this, 'dccDeviceRecords', alias))['access-restricted-from'];
  assert.equal(recorded, restrictedFrom(this), `the DCC records ${recorded ?? 'no'} access restriction on the ${alias}`);
});

// --- 6.8 billing calendar ----------------------------------------------------------------------------

When('{user} asks for a new billing calendar on the {device} for local delivery', async function (this: ConformanceWorld, user: string, alias: string) {
  const calendar =
    alias === 'GSME'
      ? { fuel: 'gas' as const, billingPeriodStart: this.now(), periodicity: 'Monthly' as const }
      : { fuel: 'electricity' as const, billingTime: '00:00:00Z', period: { every: 'Monthly' as const, day: 1 } };
  await askForLocalDelivery(this, user, alias, (o) => updateDeviceConfigurationBillingCalendar(this.ctx(user), { target: this.alias(alias), calendar }, o));
});

/** The calendar the meter runs, and the GPF's copy. */
async function calendars(world: ConformanceWorld, meter: string): Promise<{ meter?: string; gpf?: string }> {
  const onMeter = (await inspect(world, 'deviceSettings', meter))['billing-calendar'];
  assert.ok(onMeter, `the ${meter} holds no billing calendar: the command was not carried out`);
  return { meter: onMeter, gpf: (await inspect(world, 'deviceSettings', 'GPF'))['billing-calendar'] };
}

Then("the GPF does not hold the {device}'s new billing calendar", async function (this: ConformanceWorld, meter: string) {
  const c = await calendars(this, meter);
  assert.notEqual(c.gpf, c.meter, `the GPF holds the ${meter}'s calendar before the response came back`);
});

Then("the GPF holds the {device}'s new billing calendar", async function (this: ConformanceWorld, meter: string) {
  const c = await calendars(this, meter);
  assert.equal(c.gpf, c.meter, `the GPF holds ${c.gpf ?? 'no calendar'}, the ${meter} runs ${c.meter}`);
});

// --- 6.15.2 a device's own certificate ----------------------------------------------------------------

/**
 * [I] The Device Certificate of DCC's RTDS sample for 6.15.2 (a digital signature certificate)
 * stands for the one SMKI issued the device: the reference does not check its chain or subject.
 */
function sampleDeviceCertificate(): string {
  const dir = join(dirname(createRequire(import.meta.url).resolve('@smartdcc/duis-templates/package.json')), 'templates');
  const cert = textAt(readXml(readFileSync(join(dir, 'CS02d_6.15.2_SUCCESS_REQUEST_DUIS.XML'), 'utf8')), 'Body', 'UpdateSecurityCredentialsDevice', 'DeviceCertificate');
  assert.ok(cert, 'the RTDS 6.15.2 sample carries no DeviceCertificate');
  return cert;
}

When('{user} asks for a new Digital Signature certificate to be placed on the {device} for local delivery', async function (this: ConformanceWorld, user: string, alias: string) {
  await askForLocalDelivery(this, user, alias, (o) => updateSecurityCredentialsDevice(this.ctx(user), { target: this.alias(alias), deviceCertificate: sampleDeviceCertificate() }, o));
});

Then('the Inventory does not yet hold the {credential} certificate the {device} uses', async function (this: ConformanceWorld, type: CredentialType, alias: string) {
  this.requireCapability('inspection');
  const read = this.target.control.deviceCredentials;
  assert.ok(read, `target ${this.target.name} offers inspection but cannot show device certificates`);
  const c = await read.call(this.target.control, this.alias(alias));
  assert.notEqual(c.inventory[type], c.device[type], `the Inventory holds the ${alias}'s new ${type} certificate before the response came back`);
});

// --- 8.12.1 / 8.12.2 restoring a replaced hub's device log ------------------------------------------

Given('{user} has installed a replacement Communications Hub with SM WAN', async function (this: ConformanceWorld, user: string) {
  const provision = this.target.control.provisionCommsHub;
  if (!provision) throw new Error(`target ${this.target.name} has no Communications Hub to give this scenario: list fixtures.commsHubs in its target file, or offer the inventory-fixtures capability`);
  const hub = await provision.call(this.target.control);
  this.setAlias('replacement CHF', hub.chf);
  this.setAlias('replacement GPF', hub.gpf);
  await arrange(this, user, chfInstallSuccess(this.ctx(user), { chfId: hub.chf, installType: 'Replacement CHF Install', mpxn: this.alias('CH MPxN'), aerialInstall: false, location: 'Indoors on external wall', installDateTime: this.now() }));
});

Given('{user} has added the {device} to the GPF device log', async function (this: ConformanceWorld, user: string, alias: string) {
  await arrange(
    this,
    user,
    updateHanDeviceLog(this.ctx(user), { target: this.alias('GPF'), deviceId: this.alias(alias), action: 'Add', whitelist: { joinTimePeriod: 3600, installCode: installCode(), importMPxN: this.alias(`${alias} MPxN`) } }),
  );
});

When("{user} asks for the {device}'s device log to be restored on the replacement {device} for local delivery", async function (this: ConformanceWorld, user: string, old: string, hub: string) {
  assert.equal(old, hub, `a ${hub} takes a ${hub}'s device log, not a ${old}'s`);
  const restore = hub === 'GPF' ? restoreGpfDeviceLog : restoreHanDeviceLog;
  await askForLocalDelivery(this, user, `replacement ${hub}`, (o) => restore(this.ctx(user), { target: this.alias(`replacement ${hub}`), old: this.alias(old) }, o));
});

When('the installer delivers the command to the replacement {device}', async function (this: ConformanceWorld, hub: string) {
  await deliverLocally(this, `replacement ${hub}`);
});

/** Whether 8.2 by the device's Meter Point lists the replacement CHF (it lists the devices there and everything on their Communications Hubs). */
async function onReplacementHub(world: ConformanceWorld, alias: string): Promise<boolean> {
  const devices = await readInventory(world, 'Supplier A', { mpxn: world.alias(`${alias} MPxN`) });
  assert.ok(devices.some((d) => d.deviceId === world.alias(alias)), `8.2 by the ${alias}'s Meter Point does not list the ${alias}`);
  return devices.some((d) => d.deviceId === world.alias('replacement CHF'));
}

Then('the inventory does not show the {device} on the replacement Communications Hub', async function (this: ConformanceWorld, alias: string) {
  assert.equal(await onReplacementHub(this, alias), false, `8.2 already lists the ${alias} with the replacement CHF`);
});

Then('the inventory shows the {device} on the replacement Communications Hub', async function (this: ConformanceWorld, alias: string) {
  assert.equal(await onReplacementHub(this, alias), true, `8.2 by the ${alias}'s Meter Point does not list the replacement CHF with it`);
});

// --- 11.3 Activate Firmware --------------------------------------------------------------------------

When('{user} asks for a firmware image on the Central Products List to be activated on the {device} for local delivery', async function (this: ConformanceWorld, user: string, alias: string) {
  this.requireCapability('firmware-images');
  const find = this.target.control.firmwareImage;
  assert.ok(find, `target ${this.target.name} offers firmware-images but cannot name an image`);
  const image = await find.call(this.target.control, this.alias(alias));
  this.scratch.set(IMAGE, image);
  this.scratch.set(FIRMWARE_BEFORE, (await readInventoryOf(this, user, alias)).deviceFirmwareVersion);
  await askForLocalDelivery(this, user, alias, (o) => activateFirmware(this.ctx(user), { target: this.alias(alias), firmwareHash: image.hash }, o));
});

Then("the inventory shows the {device}'s firmware version unchanged", async function (this: ConformanceWorld, alias: string) {
  assert.ok(this.scratch.has(FIRMWARE_BEFORE), 'the firmware version was not read before the request');
  const now = (await readInventoryOf(this, 'Supplier A', alias)).deviceFirmwareVersion;
  assert.equal(now, this.scratch.get(FIRMWARE_BEFORE), `the ${alias}'s firmware version changed before the response came back`);
});

Then("the inventory shows the {device} running the activated image's firmware version", async function (this: ConformanceWorld, alias: string) {
  const image = this.scratch.get(IMAGE) as FirmwareImageFixture | undefined;
  assert.ok(image, 'no firmware image was activated in this scenario');
  const now = (await readInventoryOf(this, 'Supplier A', alias)).deviceFirmwareVersion;
  assert.equal(now, image.firmwareVersion, `the inventory shows firmware ${now ?? 'none'} on the ${alias}, not ${image.firmwareVersion}`);
});

