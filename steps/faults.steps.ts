// Device behaviour DUIS cannot ask for: lost responses, refusals, silence (fault injection).
import assert from 'node:assert/strict';
import { Given } from '@cucumber/cucumber';
import type { DeviceFault } from '../src/targets/target.ts';
import type { ConformanceWorld } from './support/world.ts';

async function inject(world: ConformanceWorld, alias: string, fault: DeviceFault): Promise<void> {
  world.requireCapability('fault-injection');
  const injectFault = world.target.control.injectFault;
  assert.ok(injectFault, `target ${world.target.name} offers fault injection but has no injectFault`);
  await injectFault.call(world.target.control, world.alias(alias), fault);
}

Given('the {device} will apply its next command but its response will not reach the DCC', async function (this: ConformanceWorld, alias: string) {
  await inject(this, alias, 'response-lost');
});

Given('the {device} will refuse its next command', async function (this: ConformanceWorld, alias: string) {
  await inject(this, alias, 'device-rejects');
});

Given('the {device} is not powered', async function (this: ConformanceWorld, alias: string) {
  await inject(this, alias, 'powered-off');
});
