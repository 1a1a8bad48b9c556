// The reference DSP over HTTP, where DCC Boxed has DUIS: POST /api/v1/serviceD|S|T with an
// application/xml body. This layer knows HTTP only: it routes, refuses what is not a DUIS
// request on the wire (404, 405, 415, 413) and hands the bytes to the reference's handle().
// Optionally (serve --control) it also offers the reference's test controls as JSON under
// /control/..., so the reference over HTTP has the same capabilities as in-process:
//   GET  /control/capabilities                              200 {capabilities: [...]}
//   POST /control/comms-hubs {status?, gpfStatus?, uprn?, postCode?, addressIdentifier?}   201 {chf, gpf}
//   POST /control/smets1-devices {deviceType, responsibleSupplier, esmeVariant?}  201 {deviceId}
//   POST /control/faults {deviceId, fault}                  204
//   PUT  /control/clock {now: ISO date-time}                204
//   GET  /control/devices/{EUI}/device-log | smi-joins      200 {euis: [...]}
//   GET  /control/devices/{EUI}/credentials                 200 {device, inventory, smkiRepository}
//   GET  /control/devices/{EUI}/org-certificates            200 {certificates: [{role, usage, fingerprint}]}
//   GET  /control/devices/{EUI}/settings | dcc-records      200 {values: {name: value}}
//   GET  /control/devices/{EUI}/firmware-image              200 {hash, firmwareVersion}
//   POST /control/credential-renewals {deviceId, credentialType}   204
//   POST /control/local-deliveries {deviceId, gbcsPayload}  200 {response: base64 | null}
//   GET  /control/wan-coverage                              200 {properties: [...]}
//   POST /control/registration-files/{gas|electricity}      200 text/plain: the DCC Service Flag
//        file the DCC exports now (changes not yet notified; they are then notified)
//   PUT  /control/feature-switches/{gas|electricity} {on}   204 (MP077 feature switch)
//   POST /control/registration-requests/gas {meterPoints: [MPRN, ...]}   200 text/plain: the DCC's
//        answer to a gas RDP's request about those Meter Points, one E46 record each
//   PUT  /control/devices/{EUI}/status {status}             204 (the DCC sets Suspended, Recovery, Recovered)
//   GET  /control/ssi                                       200 {path: "/ssi", accounts: [{userId, login, password}]}
// Bad JSON or arguments 400, a control the reference lacks 501, a control that throws 500
// {error}. With the controls off, /control/... is 404 like any unknown path.
//
// The Self-Service Interface (when the reference has one) is served under /ssi whether or not the
// controls are on: it is part of what DCC offers Users (reference-impl/ssi/http.ts).
//
// Status codes, in the order they are checked:
//   404  any path but the three service paths (and /control/... when the controls are on)
//   405  a service path with a method other than POST (Allow: POST)
//   415  Content-Type other than application/xml (parameters such as charset are fine; text/xml
//        is refused: DCC Boxed sends application/xml and the reference stays strict)
//   413  body over maxBytes (default 2 MiB, the validator's limit). Refused from Content-Length
//        before reading, or as soon as a chunked body passes the limit; nothing past the limit
//        is read or buffered and the connection is closed. Not a DUIS error response: before the
//        body is whole there is no RequestID or Service Reference to build one from.
//   500  handle() threw (logged; the client gets no detail)
//   else whatever handle() answered: the DUIS response with its own status and Content-Type.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import {
  closeServer,
  createHttpOrHttpsServer,
  httpUrl,
  isXmlContentType,
  listen,
  mediaType,
  readLimitedBody,
  refuseTooLarge,
  sendText,
  trackSockets,
  type ServerTls,
} from '../../src/targets/receiver.ts';
import { FUELS, type Fuel } from '../../src/service-flags.ts';
import { DEVICE_FAULTS, type Capability, type DeviceFault, type ServicePath, type TargetControl, type WireReply } from '../../src/targets/target.ts';
import { DEFAULT_MAX_BYTES } from '../../src/validation/validator.ts';
import { isSsiPath, SSI_PREFIX, type SsiHttpHandler } from '../ssi/http.ts';
import { checkFlagRequest, FlagRequestError } from '../registration/respond.ts';
import type { SsiCredential } from '../ssi/accounts.ts';

/** What the gateway needs of the reference: the shape of ReferenceSmi minus close(). */
export interface DuisHandler {
  /** `path` is the service name the request came in on: 'serviceD', 'serviceS' or 'serviceT'. */
  handle(path: string, body: string | Buffer): Promise<WireReply>;
  control: TargetControl;
  /** The Self-Service Interface, served under /ssi when present. */
  ssi?: { handle: SsiHttpHandler; credentials(): SsiCredential[] };
}

/** DCC Boxed's DUIS paths. */
export const SERVICE_PATHS: Readonly<Record<string, ServicePath>> = {
  '/api/v1/serviceD': 'serviceD',
  '/api/v1/serviceS': 'serviceS',
  '/api/v1/serviceT': 'serviceT',
};

/** URL path of a service, as DCC Boxed has it. */
export function servicePathUrl(path: ServicePath): string {
  return `/api/v1/${path}`;
}

export const CONTROL_PREFIX = '/control';
/** Control requests are a few hundred bytes of JSON; anything near this is not one. */
export const CONTROL_MAX_BYTES = 64 * 1024;

/** The capability each control method provides; 'ssi' when the reference has a Self-Service Interface. */
export function controlCapabilities(control: TargetControl, hasSsi = false): Capability[] {
  const caps: Capability[] = [];
  if (control.injectFault) caps.push('fault-injection');
  if (control.provisionCommsHub) caps.push('inventory-fixtures');
  if (control.setClock) caps.push('clock');
  if (control.deviceLog && control.smiJoins) caps.push('inspection');
  if (control.deliverLocalCommand) caps.push('local-delivery');
  if (control.wanCoverage) caps.push('wan-coverage-data');
  if (control.firmwareImage) caps.push('firmware-images');
  if (control.registrationFile) caps.push('registration-files');
  if (control.setFeatureSwitch) caps.push('feature-switches');
  if (control.answerFlagRequest) caps.push('registration-requests');
  if (control.setDeviceStatusByDcc) caps.push('dcc-operations');
  if (hasSsi) caps.push('ssi');
  return caps;
}

/** Premises details provisionCommsHub passes on besides the status (the reference's CommsHubOptions). */
const COMMS_HUB_FIELDS = ['status', 'gpfStatus', 'uprn', 'postCode', 'addressIdentifier'] as const;

const INSPECTION = /^\/devices\/([^/]+)\/(device-log|smi-joins)$/;
const CERTIFICATE_INSPECTION = /^\/devices\/([^/]+)\/(credentials|org-certificates)$/;
const DEVICE_VIEWS = /^\/devices\/([^/]+)\/(settings|dcc-records|firmware-image)$/;
const REGISTRATION_FILE = /^\/registration-files\/([^/]+)$/;
const FEATURE_SWITCH = /^\/feature-switches\/([^/]+)$/;
const REGISTRATION_REQUEST = /^\/registration-requests\/([^/]+)$/;
const DEVICE_STATUS = /^\/devices\/([^/]+)\/status$/;

export interface GatewayOptions {
  smi: DuisHandler;
  /** Default 127.0.0.1: the reference holds test keys and fixtures, so it is not exposed unless asked. */
  host?: string;
  /** Default 0 (ephemeral); `serve` defaults to DCC Boxed's 8079. */
  port?: number;
  /** Largest DUIS body read; default the validator's 2 MiB. */
  maxBytes?: number;
  /** Serve /control/... (test controls). Default off. */
  control?: boolean;
  /** A request must arrive whole within this; default 30 s (slow clients cannot hold sockets). */
  requestTimeoutMs?: number;
  log?: (line: string) => void;
  /** Serve HTTPS (serve --tls-cert/--tls-key); with a CA (--tls-ca), clients must present a certificate it signed. */
  tls?: ServerTls;
}

export interface Gateway {
  /** Base URL, e.g. http://127.0.0.1:8079 (no trailing slash). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly server: Server;
  /** Stop accepting; requests in flight get a short grace period. Does not close the reference. */
  close(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const log = options.log ?? ((line: string) => process.stderr.write(`gateway: ${line}\n`));
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const route = router(options.smi, maxBytes, options.control ?? false, log);
  const server = createHttpOrHttpsServer((req, res) => {
    res.on('error', () => {}); // the client went away while we answered: nothing to do
    route(req, res).catch((e: unknown) => {
      log(`internal error on ${req.method} ${req.url}: ${(e as Error)?.stack ?? String(e)}`);
      sendText(res, 500, 'internal error');
    });
  }, options.tls, log);
  server.requestTimeout = options.requestTimeoutMs ?? 30_000;
  server.headersTimeout = Math.min(server.headersTimeout, server.requestTimeout);
  // Expect: 100-continue: refuse an oversized upload before the client sends it
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes && isServicePath(req.url)) {
      refuseTooLarge(res, maxBytes);
      return;
    }
    res.writeContinue();
    server.emit('request', req, res);
  });
  const sockets: Set<Socket> = trackSockets(server);
  const address = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  let closing: Promise<void> | undefined;
  return {
    url: httpUrl(address, '', options.tls ? 'https' : 'http'),
    host: address.address,
    port: address.port,
    server,
    close: () => (closing ??= closeServer(server, sockets)),
  };
}

function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?')[0]!;
}

function isServicePath(url: string | undefined): boolean {
  return Object.hasOwn(SERVICE_PATHS, pathOf(url));
}

function router(smi: DuisHandler, maxBytes: number, controlEnabled: boolean, log: (line: string) => void) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = pathOf(req.url);
    const service = Object.hasOwn(SERVICE_PATHS, path) ? SERVICE_PATHS[path] : undefined;
    if (service) {
      await duis(service, req, res);
      return;
    }
    if (smi.ssi && isSsiPath(path)) {
      await smi.ssi.handle(req, res);
      return;
    }
    if (controlEnabled && (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`))) {
      await control(path.slice(CONTROL_PREFIX.length), req, res);
      return;
    }
    sendText(res, 404, `no such path: ${path}; DUIS is at ${Object.keys(SERVICE_PATHS).join(', ')}`);
  };

  async function duis(service: ServicePath, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      sendText(res, 405, 'DUIS requests are POSTed', { Allow: 'POST' });
      return;
    }
    if (!isXmlContentType(req.headers['content-type'])) {
      sendText(res, 415, `Content-Type must be application/xml, was ${JSON.stringify(req.headers['content-type'] ?? '')}`);
      return;
    }
    const read = await readLimitedBody(req, maxBytes);
    if (!read.ok) {
      if (read.reason === 'too-large') refuseTooLarge(res, maxBytes);
      return; // aborted: nobody to answer
    }
    const reply = await smi.handle(service, read.body);
    if (res.destroyed) return;
    const body = Buffer.from(reply.body, 'utf8');
    res.writeHead(reply.status, { 'Content-Type': reply.contentType, 'Content-Length': String(body.length) });
    res.end(body);
  }

  async function control(sub: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const c = smi.control;
    const inspection = INSPECTION.exec(sub);
    if (inspection) {
      // 'inspection': GET /control/devices/{EUI}/device-log | smi-joins -> { euis: [...] }
      if (!method(req, res, 'GET')) return;
      const deviceId = decodeURIComponent(inspection[1]!);
      const read = inspection[2] === 'device-log' ? c.deviceLog : c.smiJoins;
      if (!read) return unsupported(res, 'inspection');
      const euis = await attempt(res, () => read.call(c, deviceId));
      if (euis) sendJson(res, 200, { euis });
      return;
    }
    const certs = CERTIFICATE_INSPECTION.exec(sub);
    if (certs) {
      if (!method(req, res, 'GET')) return;
      const deviceId = decodeURIComponent(certs[1]!);
      if (certs[2] === 'credentials') {
        if (!c.deviceCredentials) return unsupported(res, 'inspection');
        const view = await attempt(res, () => c.deviceCredentials!(deviceId));
        if (view) sendJson(res, 200, view);
      } else {
        if (!c.trackedOrgCertificates) return unsupported(res, 'inspection');
        const list = await attempt(res, () => c.trackedOrgCertificates!(deviceId));
        if (list) sendJson(res, 200, { certificates: list });
      }
      return;
    }
    const view = DEVICE_VIEWS.exec(sub);
    if (view) {
      if (!method(req, res, 'GET')) return;
      const deviceId = decodeURIComponent(view[1]!);
      if (view[2] === 'firmware-image') {
        if (!c.firmwareImage) return unsupported(res, 'firmware-images');
        const image = await attempt(res, () => c.firmwareImage!(deviceId));
        if (image) sendJson(res, 200, image);
        return;
      }
      const read = view[2] === 'settings' ? c.deviceSettings : c.dccDeviceRecords;
      if (!read) return unsupported(res, 'inspection');
      const values = await attempt(res, () => read.call(c, deviceId));
      if (values) sendJson(res, 200, { values });
      return;
    }
    const registration = REGISTRATION_FILE.exec(sub);
    if (registration) {
      // 'registration-files': a POST, as reading the file marks its changes notified
      if (!method(req, res, 'POST')) return;
      const fuel = fuelOf(res, registration[1]!);
      if (!fuel) return;
      if (!c.registrationFile) return unsupported(res, 'registration-files');
      const text = await attempt(res, () => c.registrationFile!(fuel));
      if (text !== undefined) sendExact(res, text);
      return;
    }
    const featureSwitch = FEATURE_SWITCH.exec(sub);
    if (featureSwitch) {
      if (!method(req, res, 'PUT')) return;
      const fuel = fuelOf(res, featureSwitch[1]!);
      if (!fuel) return;
      const body = await jsonBody(req, res);
      if (body === undefined) return;
      if (typeof body.on !== 'boolean') return badRequest(res, '"on" must be true or false');
      if (!c.setFeatureSwitch) return unsupported(res, 'feature-switches');
      if (await attempt(res, async () => (await c.setFeatureSwitch!(fuel, body.on as boolean), true))) res.writeHead(204).end();
      return;
    }
    const request = REGISTRATION_REQUEST.exec(sub);
    if (request) {
      // 'registration-requests': only gas has a response record (E46) in the seed
      if (!method(req, res, 'POST')) return;
      if (decodeURIComponent(request[1]!) !== 'gas') return sendJson(res, 404, { error: 'registration requests are answered for gas only (E46); the seed gives no electricity response record' });
      const body = await jsonBody(req, res);
      if (body === undefined) return;
      let meterPoints: string[];
      try {
        meterPoints = checkFlagRequest(body.meterPoints);
      } catch (e) {
        if (e instanceof FlagRequestError) return badRequest(res, `"meterPoints": ${e.message}`);
        throw e;
      }
      if (!c.answerFlagRequest) return unsupported(res, 'registration-requests');
      const text = await attempt(res, () => c.answerFlagRequest!(meterPoints));
      if (text !== undefined) sendExact(res, text);
      return;
    }
    const deviceStatus = DEVICE_STATUS.exec(sub);
    if (deviceStatus) {
      if (!method(req, res, 'PUT')) return;
      const body = await jsonBody(req, res);
      if (body === undefined) return;
      if (typeof body.status !== 'string' || !body.status) return badRequest(res, '"status" must be a DUIS DeviceStatus the DCC sets (Suspended, Recovery, Recovered)');
      if (!c.setDeviceStatusByDcc) return unsupported(res, 'dcc-operations');
      const deviceId = decodeURIComponent(deviceStatus[1]!);
      if (await attempt(res, async () => (await c.setDeviceStatusByDcc!(deviceId, body.status as string), true))) res.writeHead(204).end();
      return;
    }
    switch (sub) {
      case '/credential-renewals': {
        if (!method(req, res, 'POST')) return;
        const body = await jsonBody(req, res);
        if (body === undefined) return;
        if (typeof body.deviceId !== 'string' || !body.deviceId) return badRequest(res, '"deviceId" must be a device EUI-64');
        if (typeof body.credentialType !== 'string') return badRequest(res, '"credentialType" must be a DUIS CredentialType');
        if (!c.renewDeviceCertificate) return unsupported(res, 'fault-injection');
        if (await attempt(res, async () => (await c.renewDeviceCertificate!(body.deviceId as string, body.credentialType as string), true))) res.writeHead(204).end();
        return;
      }
      case '/local-deliveries': {
        if (!method(req, res, 'POST')) return;
        const body = await jsonBody(req, res);
        if (body === undefined) return;
        if (typeof body.deviceId !== 'string' || !body.deviceId) return badRequest(res, '"deviceId" must be a device EUI-64');
        if (typeof body.gbcsPayload !== 'string' || !body.gbcsPayload) return badRequest(res, '"gbcsPayload" must be the LocalCommand\'s base64 GBCSPayload');
        if (!c.deliverLocalCommand) return unsupported(res, 'local-delivery');
        const answered = await attempt(res, async () => ({ response: (await c.deliverLocalCommand!(body.deviceId as string, body.gbcsPayload as string)) ?? null }));
        if (answered) sendJson(res, 200, answered);
        return;
      }
      case '/wan-coverage': {
        if (!method(req, res, 'GET')) return;
        if (!c.wanCoverage) return unsupported(res, 'wan-coverage-data');
        const properties = await attempt(res, () => c.wanCoverage!());
        if (properties) sendJson(res, 200, { properties });
        return;
      }
      case '/capabilities': {
        if (!method(req, res, 'GET')) return;
        sendJson(res, 200, { capabilities: controlCapabilities(c, smi.ssi !== undefined) });
        return;
      }
      case '/ssi': {
        if (!method(req, res, 'GET')) return;
        if (!smi.ssi) return unsupported(res, 'ssi');
        sendJson(res, 200, { path: SSI_PREFIX, accounts: smi.ssi.credentials() });
        return;
      }
      case '/comms-hubs': {
        if (!method(req, res, 'POST')) return;
        const body = await jsonBody(req, res);
        if (body === undefined) return;
        const opts: Record<string, string> = {};
        for (const f of COMMS_HUB_FIELDS) {
          if (body[f] === undefined) continue;
          if (typeof body[f] !== 'string') return badRequest(res, `"${f}" must be a string`);
          opts[f] = body[f];
        }
        if (!c.provisionCommsHub) return unsupported(res, 'inventory-fixtures');
        const hub = await attempt(res, () => c.provisionCommsHub!(opts));
        if (hub) sendJson(res, 201, hub);
        return;
      }
      case '/smets1-devices': {
        if (!method(req, res, 'POST')) return;
        const body = await jsonBody(req, res);
        if (body === undefined) return;
        for (const f of ['deviceType', 'responsibleSupplier', 'esmeVariant']) {
          if (body[f] !== undefined && typeof body[f] !== 'string') return badRequest(res, `"${f}" must be a string`);
        }
        if (!body.deviceType || !body.responsibleSupplier) return badRequest(res, '"deviceType" and "responsibleSupplier" are required');
        if (!c.enrolSmets1Device) return unsupported(res, 'inventory-fixtures');
        const fixture = { deviceType: body.deviceType as string, responsibleSupplier: body.responsibleSupplier as string, ...(body.esmeVariant !== undefined ? { esmeVariant: body.esmeVariant as string } : {}) };
        const enrolled = await attempt(res, () => c.enrolSmets1Device!(fixture));
        if (enrolled) sendJson(res, 201, enrolled);
        return;
      }
      case '/faults': {
        if (!method(req, res, 'POST')) return;
        const body = await jsonBody(req, res);
        if (body === undefined) return;
        if (typeof body.deviceId !== 'string' || !body.deviceId) return badRequest(res, '"deviceId" must be a device EUI-64');
        if (!DEVICE_FAULTS.includes(body.fault as DeviceFault)) return badRequest(res, `"fault" must be one of ${DEVICE_FAULTS.join(', ')}`);
        if (!c.injectFault) return unsupported(res, 'fault-injection');
        if (await attempt(res, async () => (await c.injectFault!(body.deviceId as string, body.fault as DeviceFault), true))) res.writeHead(204).end();
        return;
      }
      case '/clock': {
        if (!method(req, res, 'PUT')) return;
        const body = await jsonBody(req, res);
        if (body === undefined) return;
        const now = typeof body.now === 'string' ? new Date(body.now) : undefined;
        if (!now || Number.isNaN(now.getTime())) return badRequest(res, '"now" must be a date-time such as 2025-04-01T00:00:00Z');
        if (!c.setClock) return unsupported(res, 'clock');
        if (await attempt(res, async () => (await c.setClock!(now), true))) res.writeHead(204).end();
        return;
      }
      default:
        sendJson(res, 404, {
          error: `no control ${JSON.stringify(sub || '/')}; known: /capabilities, /ssi, /comms-hubs, /smets1-devices, /faults, /credential-renewals, /local-deliveries, /wan-coverage, /registration-files/{fuel}, /feature-switches/{fuel}, /registration-requests/gas, /clock, /devices/{EUI}/device-log, /devices/{EUI}/smi-joins, /devices/{EUI}/credentials, /devices/{EUI}/org-certificates, /devices/{EUI}/settings, /devices/{EUI}/dcc-records, /devices/{EUI}/firmware-image, /devices/{EUI}/status`,
        });
    }
  }

  /** Run a control; its failure (unknown device, say) is answered 500 with the message, and logged. */
  async function attempt<T>(res: ServerResponse, f: () => Promise<T>): Promise<T | undefined> {
    try {
      return await f();
    } catch (e) {
      const message = (e as Error)?.message ?? String(e);
      log(`control failed: ${message}`);
      sendJson(res, 500, { error: message });
      return undefined;
    }
  }

  async function jsonBody(req: IncomingMessage, res: ServerResponse): Promise<Record<string, unknown> | undefined> {
    const type = mediaType(req.headers['content-type']);
    const declared = req.headers['content-length'];
    const empty = declared === '0' || (declared === undefined && req.headers['transfer-encoding'] === undefined);
    if (!empty && type !== 'application/json') {
      sendJson(res, 415, { error: `Content-Type must be application/json, was ${JSON.stringify(req.headers['content-type'] ?? '')}` });
      return undefined;
    }
    const read = await readLimitedBody(req, CONTROL_MAX_BYTES);
    if (!read.ok) {
      if (read.reason === 'too-large') refuseTooLarge(res, CONTROL_MAX_BYTES);
      return undefined;
    }
    const text = read.body.toString('utf8').trim();
    if (!text) return {};
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      badRequest(res, `body is not JSON: ${(e as Error).message}`);
      return undefined;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      badRequest(res, 'body must be a JSON object');
      return undefined;
    }
    return value as Record<string, unknown>;
  }
}

function fuelOf(res: ServerResponse, value: string): Fuel | undefined {
  const fuel = decodeURIComponent(value);
  if ((FUELS as readonly string[]).includes(fuel)) return fuel as Fuel;
  sendJson(res, 404, { error: `no fuel ${JSON.stringify(fuel)}; known: ${FUELS.join(', ')}` });
  return undefined;
}

function method(req: IncomingMessage, res: ServerResponse, allowed: string): boolean {
  if (req.method === allowed) return true;
  res.setHeader('Allow', allowed);
  sendJson(res, 405, { error: `use ${allowed}` });
  return false;
}

function badRequest(res: ServerResponse, message: string): void {
  sendJson(res, 400, { error: message });
}

function unsupported(res: ServerResponse, capability: Capability): void {
  sendJson(res, 501, { error: `this reference does not offer ${capability}` });
}

/** The file as the DCC wrote it, byte for byte (an empty file stays empty). */
function sendExact(res: ServerResponse, text: string): void {
  if (res.headersSent || res.destroyed) return;
  const body = Buffer.from(text, 'utf8');
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(body.length) });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}
