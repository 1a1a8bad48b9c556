// 8.13 Return Local Command Response: the User hands back what a device answered to a command
// DCC returned for local delivery (CV 2, CV 6). DCC takes it back for the Service Requests MP081's
// list names (rules.localCommandResponseSrvs) and processes it as it would the same response
// over the WAN: the request's own handler's onApplied. Anything else is refused, and a response
// is taken back once. [I] Responses carrying device alerts (no OriginalRequestID) are not handled.
import { eui64 } from '../../../src/duis/header.ts';
import { readRequest } from '../../../src/duis/request-reader.ts';
import { decodeDeviceResponse } from '../../devices/payload.ts';
import type { DeviceOutcome } from '../../devices/simulated-devices.ts';
import { sameUser } from '../authority.ts';
import { field, optionalField } from '../body.ts';
import { refuse, type AcceptedRequest, type NonDeviceHandler } from '../handler.ts';

export const localCommandResponseHandler: NonDeviceHandler = {
  kind: 'non-device',
  bodies: { '8.13': 'ReturnLocalCommandResponse' },
  run(ctx, req) {
    const codes = ctx.assumptions.codes;
    const originalId = optionalField(req.body, 'OriginalRequestID')?.trim();
    if (!originalId) return refuse(codes.localResponseWithoutRequest, '8.13 without OriginalRequestID (a device alert) is not processed by the reference');
    const record = ctx.localCommands.get(originalId);
    if (!record) return refuse(codes.localResponseUnknownRequest, `no request ${originalId} was returned for local delivery`);
    if (!sameUser(record.originator, req.user.id)) {
      return refuse(codes.localResponseOtherUser, `${originalId} was returned for local delivery to ${record.originator}, not ${req.user.id}`);
    }
    if (!ctx.rules.localCommandResponseSrvs.has(record.srv)) {
      return refuse(codes.localResponseSrvNotListed, `responses to SRV ${record.srv} are not taken back with 8.13`);
    }
    if (record.responseReturnedAt !== undefined) return refuse(codes.localResponseAlreadyReturned, `the response to ${originalId} came back at ${record.responseReturnedAt}`);
    const said = decodeDeviceResponse(field(req.body, 'DeviceGBCSResponse'));
    if (!said || said.request.toUpperCase() !== record.requestId.toUpperCase() || eui64(said.device) !== record.target || said.srv !== record.srv) {
      return refuse(codes.localResponseMismatch, `DeviceGBCSResponse is not ${record.target}'s response to ${originalId}`);
    }
    const handler = ctx.deviceHandlerFor(record.srv);
    if (!handler) throw new Error(`SRV ${record.srv} was returned for local delivery but has no device handler`);

    ctx.localCommands.markResponseReturned(record.requestId);
    if (!said.applied || !ctx.smi.has(record.target)) return {}; // the device refused: nothing for the SMI to learn
    if (ctx.defects.localResponsesNotProcessed) return {};
    const view = readRequest(record.requestXml);
    const user = ctx.users.byUserId(record.originator) ?? req.user;
    const original: AcceptedRequest = {
      view,
      user,
      srv: ctx.table.get(record.srv),
      requestId: record.requestId,
      target: record.target,
      commandVariant: record.commandVariant,
      body: view.body,
      bodyName: view.bodyName,
    };
    // what the device said, as the DSP would have had it over the WAN
    const { srv: _s, device: _d, request: _r, ...reported } = said;
    const outcome: DeviceOutcome = { ...reported, answered: true, reachesDsp: true };
    handler.onApplied(ctx, original, outcome);
    return {};
  },
};
