// Reading the Smart Metering Inventory (8.2) for a step's assertion.
import assert from 'node:assert/strict';
import { readInventory as readInventoryRequest, type ReadInventoryParams } from '../src/duis/requests/index.ts';
import type { InventoryDevice } from '../src/duis/responses.ts';
import type { ConformanceWorld } from './support/world.ts';

/** 8.2 by DeviceID as `user`; the one device it must return. Does not disturb the current conversation. */
export async function readInventoryOf(world: ConformanceWorld, user: string, alias: string): Promise<InventoryDevice> {
  const deviceId = world.alias(alias);
  const exchange = await world.send(readInventoryRequest(world.ctx(user), { deviceId }));
  const { responseCode } = exchange.response.header;
  assert.equal(responseCode, 'I0', `8.2 Read Inventory of the ${alias} for ${user} answered ${responseCode}`);
  const body = exchange.response.body;
  assert.ok(body.type === 'ResponseMessage' && body.content.kind === 'DSPInventory', '8.2 answered without a DSPInventory');
  const device = body.content.devices.find((d) => d.deviceId === deviceId);
  assert.ok(device, `8.2 for the ${alias} (${deviceId}) does not list it`);
  return device;
}

/** 8.2 as `user` for a query that must find something; the devices it returns. */
export async function readInventory(world: ConformanceWorld, user: string, query: ReadInventoryParams): Promise<InventoryDevice[]> {
  const exchange = await world.send(readInventoryRequest(world.ctx(user), query));
  const { responseCode } = exchange.response.header;
  assert.equal(responseCode, 'I0', `8.2 Read Inventory for ${user} answered ${responseCode}`);
  const body = exchange.response.body;
  assert.ok(body.type === 'ResponseMessage' && body.content.kind === 'DSPInventory', '8.2 answered without a DSPInventory');
  return body.content.devices;
}
