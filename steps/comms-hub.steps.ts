// Communications Hubs as DCC delivers them, and the installer's report of one fitted where there
// is no SM WAN (8.14.2 Communications Hub Status Update - Install No SM WAN).
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { chfInstallNoSmWan, type DuisRequest } from '../src/duis/requests/index.ts';
import { converse, finalCode } from './flows.ts';
import { newMpxn } from './devices.ts';
import type { ConformanceWorld } from './support/world.ts';

async function provision(world: ConformanceWorld, status?: string, gpfStatus?: string): Promise<void> {
  world.requireCapability('inventory-fixtures');
  const provisionCommsHub = world.target.control.provisionCommsHub;
  assert.ok(provisionCommsHub, `target ${world.target.name} cannot supply a Communications Hub`);
  const hub = await provisionCommsHub.call(world.target.control, { ...(status ? { status } : {}), ...(gpfStatus ? { gpfStatus } : {}) });
  world.setAlias('CHF', hub.chf);
  world.setAlias('GPF', hub.gpf);
  world.setAlias('CH MPxN', newMpxn());
}

Given('a Communications Hub delivered by the DCC', async function (this: ConformanceWorld) {
  await provision(this);
});

Given('a Communications Hub whose CHF is {word}', async function (this: ConformanceWorld, status: string) {
  await provision(this, status);
});

Given('a Communications Hub whose CHF is {word} and whose GPF is {word}', async function (this: ConformanceWorld, status: string, gpfStatus: string) {
  await provision(this, status, gpfStatus);
});

function reportNoWan(world: ConformanceWorld, user: string, deviceAlias: string, installDateTime: Date): DuisRequest {
  return chfInstallNoSmWan(world.ctx(user), {
    chfId: world.alias(deviceAlias),
    installDateTime,
    mpxn: world.alias('CH MPxN'),
    aerialInstall: false,
    location: 'Deep indoors',
    premiseType: 'Detached / Semi Detached',
    metalObstructionCheck: false,
    connectivityObstructionCheck: true,
    sharedObstructionCheck: false,
    additionalInformation: 'No SM WAN at the meter position',
  });
}

When('{user} reports the Communications Hub installed without SM WAN', async function (this: ConformanceWorld, user: string) {
  await converse(this, user, reportNoWan(this, user, 'CHF', this.now()));
});

When('{user} reports the Communications Hub installed without SM WAN at {word}', async function (this: ConformanceWorld, user: string, when: string) {
  const at = new Date(when);
  assert.ok(!Number.isNaN(at.getTime()), `"${when}" is not a date-time`);
  await converse(this, user, reportNoWan(this, user, 'CHF', at));
});

When('{user} reports the {device} installed without SM WAN', async function (this: ConformanceWorld, user: string, alias: string) {
  await converse(this, user, reportNoWan(this, user, alias, this.now()));
});

Then('the DCC accepts the request with warning {word}', function (this: ConformanceWorld, warning: string) {
  assert.match(warning, /^W/, 'a warning code starts with W');
  assert.equal(finalCode(this), warning);
});

Then('the DCC accepts the request without a warning', function (this: ConformanceWorld) {
  const code = finalCode(this);
  assert.ok(code === 'I0' || code === 'I99', `expected I0 or I99, got ${code}`);
});
