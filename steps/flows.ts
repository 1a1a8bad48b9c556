// DUIS conversations the steps are made of: each sends through the World (so every message is
// validated and recorded) and returns what crossed the wire. No knowledge of any target here.
import assert from 'node:assert/strict';
import type { DuisRequest } from '../src/duis/requests/index.ts';
import { signedPreCommand } from '../src/duis/requests/index.ts';
import type { DuisResponse } from '../src/duis/responses.ts';
import type { ConformanceWorld, Exchange } from './support/world.ts';

/** Outcome of one Service Request as the steps look at it afterwards. */
export interface Conversation {
  request: DuisRequest;
  /** The CV 4 exchange of a critical request, when there was one. */
  transform?: Exchange;
  /** The last synchronous exchange: CV 5 for a critical request, else the only one. */
  final: Exchange;
}

const code = (e: Exchange): string => e.response.header.responseCode;

/**
 * Send a request; for a critical one, complete CV 4 -> PreCommand -> CV 5 as a User would (or
 * CV 6, `signedAs`, to have the command returned for local delivery).
 * Stops at the first refusal, which is then `final`.
 */
export async function converse(world: ConformanceWorld, userName: string, request: DuisRequest, signedAs: 5 | 6 = 5): Promise<Conversation> {
  const first = await world.send(request);
  let conversation: Conversation = { request, final: first };
  if (request.commandVariant === 4 && code(first) === 'I0') {
    const content = first.response.body.type === 'ResponseMessage' ? first.response.body.content : undefined;
    assert.ok(content?.kind === 'PreCommand', `CV 4 for ${request.srv} answered I0 without a PreCommand`);
    const cv5 = signedPreCommand(world.ctx(userName), { transform: request, gbcsPayload: content.gbcsPayload }, { commandVariant: signedAs });
    conversation = { request, transform: first, final: await world.send(cv5) };
  }
  world.conversation = conversation;
  return conversation;
}

/** The asynchronous outcome of the current conversation: the device response or DCC alert. */
export async function outcome(world: ConformanceWorld, timeoutMs?: number): Promise<DuisResponse> {
  const c = current(world);
  assert.equal(code(c.final), 'I99', `expected the request to be acknowledged (I99) before a device outcome, got ${code(c.final)}`);
  return world.awaitDelivery(c.request.requestId, timeoutMs);
}

export function current(world: ConformanceWorld): Conversation {
  assert.ok(world.conversation, 'no Service Request has been sent in this scenario yet');
  return world.conversation;
}

export function finalCode(world: ConformanceWorld): string {
  return code(current(world).final);
}

/** Send and insist on success, for Given steps that arrange a precondition. */
export async function arrange(world: ConformanceWorld, userName: string, request: DuisRequest, awaitOutcome = true): Promise<void> {
  const c = await converse(world, userName, request);
  const got = code(c.final);
  assert.ok(got === 'I0' || got === 'I99', `arranging ${request.srv} for ${userName} failed: response code ${got}`);
  // a non-device request is done when answered; a device request's outcome follows asynchronously
  if (got === 'I99' && awaitOutcome && !world.srvTable.isNonDevice(request.srv)) {
    const r = await world.awaitDelivery(request.requestId);
    assert.ok(isSuccessfulOutcome(r), `arranging ${request.srv}: the outcome was ${r.header.responseCode}`);
  }
}

/** A device response or DCC alert that says the command was carried out. */
export function isSuccessfulOutcome(r: DuisResponse): boolean {
  return r.header.responseCode === 'I0';
}

/**
 * Send without insisting on an outcome: for steps where whether the device's response reaches
 * the DCC is the point. Gives an outcome a short while to arrive, so later steps see settled state.
 */
export async function attempt(world: ConformanceWorld, userName: string, request: DuisRequest): Promise<void> {
  await converse(world, userName, request);
  if (finalCode(world) === 'I99') await world.awaitDelivery(request.requestId, world.settleMs).catch(() => undefined);
}
