// Install and commissioning in SEC vocabulary: Communications Hub, pre-notification (12.2),
// the CH device log (8.11), commissioning (8.1.1).
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import {
  chfInstallSuccess,
  commissionDevice,
  devicePrenotification,
  updateHanDeviceLog,
  type DeviceType,
  type EsmeVariant,
} from '../src/duis/requests/index.ts';
import { arrange, converse } from './flows.ts';
import { installCode, newDeviceId, newMprn, newMpxn, prenotificationFor } from './devices.ts';
import { readInventoryOf } from './inventory.ts';
import type { ConformanceWorld } from './support/world.ts';

async function provisionCommsHub(world: ConformanceWorld): Promise<void> {
  const provision = world.target.control.provisionCommsHub;
  // a set-up gap, not a verdict on the target: ERROR, not FAIL
  if (!provision) {
    throw new Error(`target ${world.target.name} has no Communications Hub to give this scenario: list fixtures.commsHubs in its target file, or offer the inventory-fixtures capability`);
  }
  const hub = await provision.call(world.target.control);
  world.setAlias('CHF', hub.chf);
  world.setAlias('GPF', hub.gpf);
  world.setAlias('CH MPxN', newMpxn());
}

function reportChInstalled(world: ConformanceWorld, user: string) {
  return chfInstallSuccess(world.ctx(user), {
    chfId: world.alias('CHF'),
    mpxn: world.alias('CH MPxN'),
    aerialInstall: false,
    location: 'Indoors on external wall',
    installDateTime: world.now(),
  });
}

/** A device to pre-notify: the next fixture of that type when the target lists its own, else a made-up EUI. */
async function deviceToPrenotify(world: ConformanceWorld, type: DeviceType): Promise<string> {
  const fixture = world.target.control.deviceFixture;
  return fixture ? fixture.call(world.target.control, type) : newDeviceId();
}

/** 12.2 for a new device called `alias` (default its type), with a Meter Point of its own: an MPRN for a gas meter. */
export async function prenotify(world: ConformanceWorld, user: string, type: DeviceType, variant?: EsmeVariant, alias: string = type) {
  const id = await deviceToPrenotify(world, type);
  world.setAlias(alias, id);
  world.setAlias(`${alias} MPxN`, type === 'GSME' ? newMprn() : newMpxn());
  return devicePrenotification(world.ctx(user), prenotificationFor(type, id, variant));
}

/** 8.11 Add of the device called `type` (an alias) to the CHF's device log, at its Meter Point. */
export function addToDeviceLog(world: ConformanceWorld, user: string, type: string) {
  return updateHanDeviceLog(world.ctx(user), {
    target: world.alias('CHF'),
    deviceId: world.alias(type),
    action: 'Add',
    whitelist: { joinTimePeriod: 3600, installCode: installCode(), importMPxN: world.alias(`${type} MPxN`) },
  });
}

export function commission(world: ConformanceWorld, user: string, type: string) {
  return commissionDevice(world.ctx(user), { target: world.alias(type), currentDateTime: world.now(), tolerancePeriod: 30 });
}

Given('{user} has installed a Communications Hub with SM WAN', async function (this: ConformanceWorld, user: string) {
  await provisionCommsHub(this);
  await arrange(this, user, reportChInstalled(this, user));
});

When('{user} reports the Communications Hub installed with SM WAN', async function (this: ConformanceWorld, user: string) {
  await provisionCommsHub(this);
  await converse(this, user, reportChInstalled(this, user));
});

Given('{user} has pre-notified a(n) {device}', async function (this: ConformanceWorld, user: string, type: DeviceType) {
  await arrange(this, user, await prenotify(this, user, type));
});

When('{user} pre-notifies a(n) {device}', async function (this: ConformanceWorld, user: string, type: DeviceType) {
  await converse(this, user, await prenotify(this, user, type));
});

When('{user} pre-notifies a(n) {device} with ESME Variant {word}', async function (this: ConformanceWorld, user: string, type: DeviceType, variant: string) {
  await converse(this, user, await prenotify(this, user, type, variant as EsmeVariant));
});

Given('{user} has pre-notified a(n) {device} and added it to the CH device log', async function (this: ConformanceWorld, user: string, type: DeviceType) {
  await arrange(this, user, await prenotify(this, user, type));
  await arrange(this, user, addToDeviceLog(this, user, type));
});

Given('{user} has added the {device} to the CH device log', async function (this: ConformanceWorld, user: string, type: DeviceType) {
  await arrange(this, user, addToDeviceLog(this, user, type));
});

When('{user} adds the {device} to the CH device log', async function (this: ConformanceWorld, user: string, type: DeviceType) {
  await converse(this, user, addToDeviceLog(this, user, type));
});

Given('{user} has installed and commissioned a(n) {device}', async function (this: ConformanceWorld, user: string, type: DeviceType) {
  await arrange(this, user, await prenotify(this, user, type));
  await arrange(this, user, addToDeviceLog(this, user, type));
  await arrange(this, user, commission(this, user, type));
});

When('{user} commissions the {device}', async function (this: ConformanceWorld, user: string, type: DeviceType) {
  await converse(this, user, commission(this, user, type));
});

Then('the inventory shows the {device} as {word}', async function (this: ConformanceWorld, type: string, status: string) {
  const device = await readInventoryOf(this, 'Supplier A', type);
  assert.equal(device.deviceStatus, status, `8.2 shows the ${type} as ${device.deviceStatus}`);
});

Then('{user} sees the {device} as {word} in the inventory', async function (this: ConformanceWorld, user: string, type: string, status: string) {
  const device = await readInventoryOf(this, user, type);
  assert.equal(device.deviceStatus, status, `8.2 for ${user} shows the ${type} as ${device.deviceStatus}`);
});

Then('the inventory shows the {device} with ESME Variant {word}', async function (this: ConformanceWorld, type: string, variant: string) {
  const device = await readInventoryOf(this, 'Supplier A', type);
  assert.equal(device.esmeVariant, variant);
});
