// The HAN: Join (8.7.1 critical, 8.7.2 non-critical) and Unjoin (8.8.1, 8.8.2) between a meter
// and another device, and what the devices and the SMI then hold.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import {
  joinServiceCritical,
  joinServiceNonCritical,
  unjoinServiceCritical,
  unjoinServiceNonCritical,
  type DuisRequest,
} from '../src/duis/requests/index.ts';
import { arrange, attempt, converse } from './flows.ts';
import type { ConformanceWorld } from './support/world.ts';

type Criticality = 'critical' | 'non-critical';

function join(world: ConformanceWorld, user: string, other: string, meter: string, service: Criticality): DuisRequest {
  const build = service === 'critical' ? joinServiceCritical : joinServiceNonCritical;
  return build(world.ctx(user), { target: world.alias(meter), otherDeviceId: world.alias(other) });
}

function unjoin(world: ConformanceWorld, user: string, other: string, meter: string, service: Criticality): DuisRequest {
  const build = service === 'critical' ? unjoinServiceCritical : unjoinServiceNonCritical;
  return build(world.ctx(user), { target: world.alias(meter), otherDeviceId: world.alias(other) });
}

Given('{user} has joined the {device} to the {device} with the {criticality} Join Service', async function (this: ConformanceWorld, user: string, other: string, meter: string, service: Criticality) {
  await arrange(this, user, join(this, user, other, meter, service));
});

// The join reaches the device; whether its response reaches the DCC is the scenario's point,
// so no outcome is required, only given a short while to arrive.
Given('{user} has tried to join the {device} to the {device} with the {criticality} Join Service', async function (this: ConformanceWorld, user: string, other: string, meter: string, service: Criticality) {
  await attempt(this, user, join(this, user, other, meter, service));
});

When('{user} joins the {device} to the {device} with the {criticality} Join Service', async function (this: ConformanceWorld, user: string, other: string, meter: string, service: Criticality) {
  await converse(this, user, join(this, user, other, meter, service));
});

Given('{user} has unjoined the {device} from the {device} with the {criticality} Unjoin Service', async function (this: ConformanceWorld, user: string, other: string, meter: string, service: Criticality) {
  await arrange(this, user, unjoin(this, user, other, meter, service));
});

When('{user} unjoins the {device} from the {device} with the {criticality} Unjoin Service', async function (this: ConformanceWorld, user: string, other: string, meter: string, service: Criticality) {
  await converse(this, user, unjoin(this, user, other, meter, service));
});

async function deviceLog(world: ConformanceWorld, alias: string): Promise<string[]> {
  world.requireCapability('inspection');
  const read = world.target.control.deviceLog;
  assert.ok(read, `target ${world.target.name} offers inspection but cannot read device logs`);
  return read.call(world.target.control, world.alias(alias));
}

Given("the {device}'s device log holds the {device}", async function (this: ConformanceWorld, holder: string, other: string) {
  assert.ok((await deviceLog(this, holder)).includes(this.alias(other)), `the ${holder}'s own device log does not hold the ${other}`);
});

Then("the {device}'s device log does not hold the {device}", async function (this: ConformanceWorld, holder: string, other: string) {
  assert.ok(!(await deviceLog(this, holder)).includes(this.alias(other)), `the ${holder}'s own device log still holds the ${other}`);
});

Then('the SMI records no join between the {device} and the {device}', async function (this: ConformanceWorld, a: string, b: string) {
  this.requireCapability('inspection');
  const read = this.target.control.smiJoins;
  assert.ok(read, `target ${this.target.name} offers inspection but cannot read SMI join records`);
  const joined = await read.call(this.target.control, this.alias(b));
  assert.ok(!joined.includes(this.alias(a)), `the SMI records the ${a} as joined to the ${b}`);
});
