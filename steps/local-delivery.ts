// The command the DCC returned for local delivery in this scenario, and carrying it to its
// device as an installer's hand-held terminal would ('local-delivery'). Shared by the step files
// that ask for local delivery of different Service Requests.
import assert from 'node:assert/strict';
import type { DuisRequest, RequestOptions } from '../src/duis/requests/index.ts';
import { converse } from './flows.ts';
import type { ConformanceWorld } from './support/world.ts';

/** Builds the request, in the command variant asked for. */
export type Build = (options: RequestOptions) => DuisRequest;

/** The command returned for local delivery, and what became of it. */
export interface LocalCommand {
  request: DuisRequest;
  /** The device it is for (alias). */
  device: string;
  gbcsPayload: string;
  /** The device's response, once delivered. */
  response?: string;
}

const LOCAL = 'local:command';

export function localCommand(world: ConformanceWorld): LocalCommand {
  const l = world.scratch.get(LOCAL) as LocalCommand | undefined;
  assert.ok(l, 'no command has been returned for local delivery in this scenario');
  return l;
}

/**
 * Ask for `build`'s request for local delivery: CV 2 when it is non-critical, else CV 4 then the
 * signed pre-command as CV 6. The conversation is the World's current one.
 */
export async function askForLocalDelivery(world: ConformanceWorld, user: string, device: string, build: Build): Promise<void> {
  const plain = build({});
  const conversation = plain.commandVariant === 4 ? await converse(world, user, plain, 6) : await converse(world, user, build({ commandVariant: 2 }));
  const body = conversation.final.response.body;
  if (body.type === 'ResponseMessage' && body.content.kind === 'LocalCommand') {
    world.scratch.set(LOCAL, { request: conversation.request, device, gbcsPayload: body.content.gbcsPayload } satisfies LocalCommand);
  }
}

/** The installer carries the command to the device called `alias`; its response is kept for 8.13. */
export async function deliverLocally(world: ConformanceWorld, alias: string): Promise<void> {
  world.requireCapability('local-delivery');
  const l = localCommand(world);
  const carry = world.target.control.deliverLocalCommand;
  assert.ok(carry, `target ${world.target.name} offers local delivery but cannot carry a command to a device`);
  const response = await carry.call(world.target.control, world.alias(alias), l.gbcsPayload);
  assert.ok(response, `the ${alias} did not answer the command delivered to it`);
  l.response = response;
}
