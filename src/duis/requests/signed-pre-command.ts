// CV 5: the second half of a critical request. The User takes the GBCS payload DCC returned in
// the CV 4 PreCommand, signs it, and sends it back under the same RequestID to serviceS. The
// same body goes as CV 6 (to serviceD) when the command is to come back for local delivery, or
// CV 7 for both.
// [I] GBCS signing of the payload is out of scope: the payload goes back as DCC gave it.
import type { DuisRequest, RequestContext } from './envelope.ts';
import { buildRequest } from './envelope.ts';
import { base64, dateTime } from './values.ts';
import { sr } from '../xml.ts';

export interface SignedPreCommandParams {
  /** The CV 4 request this completes: its SRV, target and RequestID are reused. */
  transform: Pick<DuisRequest, 'srv' | 'requestId' | 'id'>;
  /** GBCS payload from the PreCommand response (base64 or bytes). */
  gbcsPayload: Uint8Array | string;
  executionDateTime?: Date | string;
}

export function signedPreCommand(ctx: RequestContext, p: SignedPreCommandParams, options: { commandVariant?: 5 | 6 | 7 } = {}): DuisRequest {
  const body = sr('SignedPreCommand', [
    p.executionDateTime !== undefined && sr('ExecutionDateTime', dateTime(p.executionDateTime)),
    sr('GBCSPayload', base64(p.gbcsPayload)),
  ]);
  return buildRequest(ctx, p.transform.srv, p.transform.id.target, body, { commandVariant: options.commandVariant ?? 5, requestId: p.transform.requestId });
}
