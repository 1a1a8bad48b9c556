// A Target reached over HTTP: DUIS POSTed to DCC Boxed's paths, asynchronous deliveries taken
// from a DuisReceiver the suite runs, and test controls (when the target declares them) through
// the reference gateway's /control/... JSON endpoints.
//
// Only transport failures throw (TargetTransportError: refused, timed out, reset, TLS): a
// runner reports those as ERROR, not FAIL. Any HTTP answer, 4xx and 5xx included, comes back
// as a WireReply for the step to judge.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import {
  startReferenceServer,
  type ReferenceFactory,
  type ReferenceServer,
  type ReferenceServerOptions,
} from '../../reference-impl/gateway/reference-server.ts';
import type { Fuel } from '../service-flags.ts';
import type { DuisValidator } from '../validation/validator.ts';
import { parseWanCoverage, type WanCoverageEntry } from '../wan-coverage.ts';
import { DuisReceiver, tlsReason, type ReceivedMessage, type ReceiverOptions } from './receiver.ts';
import type { FixturePool } from './fixtures.ts';
import {
  ALL_CAPABILITIES,
  type AsyncDelivery,
  type Capability,
  type CommsHubFixture,
  type DeviceCredentialsView,
  type DeviceFault,
  type Smets1DeviceFixture,
  type FirmwareImageFixture,
  type TrackedOrgCertificate,
  type ServicePath,
  type SsiAccess,
  type Target,
  type TargetControl,
  type WireReply,
} from './target.ts';

export type TransportFailure =
  | 'connection-refused'
  | 'connect-timeout'
  | 'timeout'
  | 'connection-reset'
  | 'dns'
  | 'tls'
  | 'response-too-large'
  | 'network';

/** The target could not be talked to at all. Report as ERROR: nothing about conformance was learnt. */
export class TargetTransportError extends Error {
  readonly failure: TransportFailure;
  readonly url: string;
  readonly code?: string;
  constructor(failure: TransportFailure, url: string, message: string, code?: string) {
    super(message);
    this.name = 'TargetTransportError';
    this.failure = failure;
    this.url = url;
    if (code !== undefined) this.code = code;
  }
}

/** DCC Boxed's paths, relative to the target's base URL. */
export const DEFAULT_SERVICE_PATHS: Readonly<Record<ServicePath, string>> = {
  serviceD: '/api/v1/serviceD',
  serviceS: '/api/v1/serviceS',
  serviceT: '/api/v1/serviceT',
};

/** Capabilities the reference gateway's /control endpoints serve. */
export const HTTP_CONTROL_CAPABILITIES: readonly Capability[] = ['fault-injection', 'inventory-fixtures', 'clock', 'inspection', 'local-delivery', 'wan-coverage-data', 'firmware-images', 'registration-files', 'feature-switches', 'ssi', 'registration-requests', 'dcc-operations'];

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
/** Far above any DUIS response (DSPInventory tops out at 17 devices); only a runaway answer hits it. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export interface TlsOptions {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  rejectUnauthorized?: boolean;
}

export interface HttpTargetOptions {
  /** Shown in reports; default 'http'. */
  name?: string;
  /** Base URL, e.g. http://127.0.0.1:8079; the service paths are appended to its path. */
  url: string | URL;
  /** Override a service path (relative to the base URL, or an absolute URL). */
  paths?: Partial<Record<ServicePath, string>>;
  /** Sent with every DUIS request (authorisation for a gateway, say). */
  headers?: Record<string, string>;
  /** Whole exchange, connect included; default 30 s. */
  timeoutMs?: number;
  /** TCP (and TLS) connect; default 5 s. */
  connectTimeoutMs?: number;
  maxResponseBytes?: number;
  /** What the target offers beyond DUIS; default none. */
  capabilities?: Iterable<Capability>;
  /** Base of the /control endpoints; default <url>/control. */
  controlUrl?: string | URL;
  tls?: TlsOptions;
  /** Where the target's asynchronous deliveries arrive; without one, awaitDelivery rejects. */
  receiver?: DuisReceiver;
  /**
   * Devices the endpoint already has (an external system cannot be reset): Communications Hubs
   * are taken from here rather than from the control endpoint, and device EUIs too.
   */
  fixtures?: FixturePool;
  /** Run by close() after the target's own connections are released (e.g. stop what it started). */
  onClose?: () => Promise<void>;
}

interface Exchange {
  status: number;
  contentType: string;
  body: Buffer;
}

interface ExchangeOptions {
  method: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export class HttpTarget implements Target {
  readonly name: string;
  readonly capabilities: ReadonlySet<Capability>;
  readonly control: TargetControl;
  readonly url: string;
  /** The receiver's URL: what the target must be configured to deliver to. */
  readonly receiverUrl?: string;
  private readonly base: URL;
  private readonly controlBase: URL;
  private readonly paths: Record<ServicePath, string>;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly agent: HttpAgent;
  /** For whichever of the service, control and base URLs are https:, with the TLS settings. */
  private readonly tlsAgent: HttpsAgent;
  private readonly clientCertificate: boolean;
  private readonly receiver?: DuisReceiver;
  private readonly fixtures?: FixturePool;
  private readonly onClose?: () => Promise<void>;
  private closing?: Promise<void>;

  constructor(options: HttpTargetOptions) {
    this.base = parseHttpUrl(options.url, 'target URL');
    this.url = this.base.href;
    this.name = options.name ?? 'http';
    this.controlBase = options.controlUrl !== undefined ? parseHttpUrl(options.controlUrl, 'control URL') : joinUrl(this.base, '/control');
    this.paths = { ...DEFAULT_SERVICE_PATHS, ...options.paths };
    this.headers = { ...options.headers };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    // one agent per scheme: the control URL or a service path may differ from the base URL's
    this.agent = new HttpAgent({ keepAlive: true });
    this.tlsAgent = new HttpsAgent({ keepAlive: true, ...options.tls });
    this.clientCertificate = options.tls?.cert !== undefined;
    this.capabilities = new Set(checkCapabilities(options.capabilities ?? []));
    if (options.fixtures) this.fixtures = options.fixtures;
    this.control = this.buildControl();
    if (options.receiver) {
      this.receiver = options.receiver;
      this.receiverUrl = options.receiver.url;
    }
    if (options.onClose) this.onClose = options.onClose;
  }

  /** The URL a service path is POSTed to. */
  serviceUrl(path: ServicePath): string {
    const p = this.paths[path];
    return /^https?:\/\//i.test(p) ? new URL(p).href : joinUrl(this.base, p).href;
  }

  async post(path: ServicePath, body: string): Promise<WireReply> {
    const url = this.serviceUrl(path);
    const r = await this.exchange(url, { method: 'POST', headers: { ...this.headers, 'Content-Type': 'application/xml' }, body });
    return { status: r.status, contentType: r.contentType, body: r.body.toString('utf8') };
  }

  awaitDelivery(requestId: string, timeoutMs: number): Promise<AsyncDelivery> {
    if (!this.receiver) {
      return Promise.reject(new Error(`target ${this.name} has no delivery receiver: cannot wait for the asynchronous delivery of RequestID ${requestId}`));
    }
    return this.receiver.awaitDelivery(requestId, timeoutMs);
  }

  /** Alerts and other deliveries without a RequestID, through the same receiver. */
  awaitMessage(match: (m: ReceivedMessage) => boolean, timeoutMs: number): Promise<ReceivedMessage> {
    if (!this.receiver) return Promise.reject(new Error(`target ${this.name} has no delivery receiver`));
    return this.receiver.awaitMessage(match, timeoutMs);
  }

  close(): Promise<void> {
    return (this.closing ??= (async () => {
      this.agent.destroy();
      this.tlsAgent.destroy();
      await this.onClose?.();
    })());
  }

  /** GET <control>/capabilities: what the reference gateway says it offers. */
  async discoverCapabilities(): Promise<Capability[]> {
    const r = await this.exchange(joinUrl(this.controlBase, '/capabilities').href, { method: 'GET', headers: { ...this.headers, Accept: 'application/json' } });
    if (r.status !== 200) throw new Error(`target ${this.name}: ${this.controlBase.href}/capabilities answered ${r.status}; is the reference served with --control?`);
    const json = parseJson(r, 'capabilities') as { capabilities?: unknown };
    if (!Array.isArray(json.capabilities)) throw new Error(`target ${this.name}: capabilities answer has no "capabilities" list`);
    return checkCapabilities(json.capabilities as string[]);
  }

  private buildControl(): TargetControl {
    const control: TargetControl = {};
    if (this.capabilities.has('inventory-fixtures')) {
      // the reference also takes premises details (uprn, postCode, addressIdentifier): passed on as given
      control.provisionCommsHub = async (opts?: { status?: string; gpfStatus?: string }): Promise<CommsHubFixture> => {
        const r = await this.controlCall('POST', '/comms-hubs', opts ?? {}, 201);
        const hub = parseJson(r, 'provision comms hub') as Partial<CommsHubFixture>;
        if (typeof hub.chf !== 'string' || typeof hub.gpf !== 'string') {
          throw new Error(`target ${this.name}: provision comms hub answered without "chf" and "gpf": ${r.body.toString('utf8').slice(0, 200)}`);
        }
        return { chf: hub.chf, gpf: hub.gpf };
      };
      control.enrolSmets1Device = async (opts: Smets1DeviceFixture): Promise<{ deviceId: string }> => {
        const r = await this.controlCall('POST', '/smets1-devices', opts, 201);
        const d = parseJson(r, 'enrol SMETS1 device') as { deviceId?: unknown };
        if (typeof d.deviceId !== 'string') throw new Error(`target ${this.name}: enrol SMETS1 device answered without "deviceId"`);
        return { deviceId: d.deviceId };
      };
    }
    const pool = this.fixtures;
    if (pool?.hasCommsHubs) control.provisionCommsHub = async (opts?: { status?: string }) => pool.takeCommsHub(opts?.status);
    if (pool?.hasDevices) control.deviceFixture = async (type: string, opts?: { status?: string }) => pool.takeDevice(type, opts?.status);
    if (this.capabilities.has('fault-injection')) {
      control.injectFault = async (deviceId: string, fault: DeviceFault): Promise<void> => {
        await this.controlCall('POST', '/faults', { deviceId, fault }, 204);
      };
      control.renewDeviceCertificate = async (deviceId: string, credentialType: string): Promise<void> => {
        await this.controlCall('POST', '/credential-renewals', { deviceId, credentialType }, 204);
      };
    }
    if (this.capabilities.has('local-delivery')) {
      control.deliverLocalCommand = async (deviceId: string, gbcsPayload: string): Promise<string | undefined> => {
        const r = await this.controlCall('POST', '/local-deliveries', { deviceId, gbcsPayload }, 200);
        const j = parseJson(r, 'local delivery') as { response?: unknown };
        if (j.response !== null && typeof j.response !== 'string') throw new Error(`target ${this.name}: local delivery answered without a "response" (base64 or null)`);
        return j.response ?? undefined;
      };
    }
    if (this.capabilities.has('wan-coverage-data')) {
      control.wanCoverage = async (): Promise<WanCoverageEntry[]> => {
        const r = await this.controlCall('GET', '/wan-coverage', undefined, 200);
        return parseWanCoverage(parseJson(r, 'wan coverage'), `${this.name} /control/wan-coverage`);
      };
    }
    if (this.capabilities.has('clock')) {
      control.setClock = async (now: Date): Promise<void> => {
        await this.controlCall('PUT', '/clock', { now: now.toISOString() }, 204);
      };
    }
    if (this.capabilities.has('inspection')) {
      const euis = async (deviceId: string, what: string): Promise<string[]> => {
        const r = await this.controlCall('GET', `/devices/${encodeURIComponent(deviceId)}/${what}`, undefined, 200);
        const j = parseJson(r, what) as { euis?: unknown };
        if (!Array.isArray(j.euis) || !j.euis.every((e) => typeof e === 'string')) {
          throw new Error(`target ${this.name}: ${what} of ${deviceId} answered without an "euis" list of strings`);
        }
        return j.euis as string[];
      };
      control.deviceLog = (deviceId: string) => euis(deviceId, 'device-log');
      control.smiJoins = (deviceId: string) => euis(deviceId, 'smi-joins');
      control.deviceCredentials = async (deviceId: string): Promise<DeviceCredentialsView> => {
        const r = await this.controlCall('GET', `/devices/${encodeURIComponent(deviceId)}/credentials`, undefined, 200);
        const j = parseJson(r, 'credentials') as Partial<DeviceCredentialsView>;
        if (!j.device || !j.inventory || !j.smkiRepository) throw new Error(`target ${this.name}: credentials of ${deviceId} answered without device, inventory and smkiRepository`);
        return { device: j.device, inventory: j.inventory, smkiRepository: j.smkiRepository };
      };
      const values = async (deviceId: string, what: 'settings' | 'dcc-records'): Promise<Record<string, string>> => {
        const r = await this.controlCall('GET', `/devices/${encodeURIComponent(deviceId)}/${what}`, undefined, 200);
        const v = (parseJson(r, what) as { values?: unknown }).values;
        if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string')) {
          throw new Error(`target ${this.name}: ${what} of ${deviceId} answered without a "values" object of strings`);
        }
        return v as Record<string, string>;
      };
      control.deviceSettings = (deviceId: string) => values(deviceId, 'settings');
      control.dccDeviceRecords = (deviceId: string) => values(deviceId, 'dcc-records');
      control.trackedOrgCertificates = async (deviceId: string): Promise<TrackedOrgCertificate[]> => {
        const r = await this.controlCall('GET', `/devices/${encodeURIComponent(deviceId)}/org-certificates`, undefined, 200);
        const j = parseJson(r, 'org certificates') as { certificates?: unknown };
        if (!Array.isArray(j.certificates)) throw new Error(`target ${this.name}: org certificates of ${deviceId} answered without a "certificates" list`);
        return j.certificates as TrackedOrgCertificate[];
      };
    }
    if (this.capabilities.has('firmware-images')) {
      control.firmwareImage = async (deviceId: string): Promise<FirmwareImageFixture> => {
        const r = await this.controlCall('GET', `/devices/${encodeURIComponent(deviceId)}/firmware-image`, undefined, 200);
        const j = parseJson(r, 'firmware image') as Partial<FirmwareImageFixture>;
        if (typeof j.hash !== 'string' || !/^[0-9A-Fa-f]{64}$/.test(j.hash) || typeof j.firmwareVersion !== 'string') {
          throw new Error(`target ${this.name}: firmware image for ${deviceId} answered without a 64-hex-digit "hash" and a "firmwareVersion"`);
        }
        return { hash: j.hash, firmwareVersion: j.firmwareVersion };
      };
    }
    if (this.capabilities.has('registration-files')) {
      control.registrationFile = async (fuel: Fuel): Promise<string> => {
        const r = await this.controlCall('POST', `/registration-files/${encodeURIComponent(fuel)}`, undefined, 200);
        return r.body.toString('utf8');
      };
    }
    if (this.capabilities.has('feature-switches')) {
      control.setFeatureSwitch = async (fuel: Fuel, on: boolean): Promise<void> => {
        await this.controlCall('PUT', `/feature-switches/${encodeURIComponent(fuel)}`, { on }, 204);
      };
    }
    if (this.capabilities.has('registration-requests')) {
      control.answerFlagRequest = async (meterPoints: readonly string[]): Promise<string> => {
        const r = await this.controlCall('POST', '/registration-requests/gas', { meterPoints }, 200);
        return r.body.toString('utf8');
      };
    }
    if (this.capabilities.has('dcc-operations')) {
      control.setDeviceStatusByDcc = async (deviceId: string, status: string): Promise<void> => {
        await this.controlCall('PUT', `/devices/${encodeURIComponent(deviceId)}/status`, { status }, 204);
      };
    }
    if (this.capabilities.has('ssi')) {
      // GET <control>/ssi: {path, accounts}; the SSI is at that path of the target's own URL
      control.ssi = async (): Promise<SsiAccess> => {
        const r = await this.controlCall('GET', '/ssi', undefined, 200);
        const j = parseJson(r, 'ssi') as { path?: unknown; accounts?: unknown };
        const accounts = Array.isArray(j.accounts) ? j.accounts : undefined;
        const wellFormed = (a: unknown): boolean => {
          const o = a as Record<string, unknown>;
          return typeof o?.['userId'] === 'string' && typeof o['login'] === 'string' && typeof o['password'] === 'string';
        };
        if (typeof j.path !== 'string' || !accounts || !accounts.every(wellFormed)) {
          throw new Error(`target ${this.name}: ssi control answered without "path" and a list of {userId, login, password}`);
        }
        return { url: joinUrl(this.base, j.path).href.replace(/\/+$/, ''), accounts: accounts as SsiAccess['accounts'] };
      };
    }
    return control;
  }

  private async controlCall(method: string, sub: string, payload: unknown, expected: number): Promise<Exchange> {
    const url = joinUrl(this.controlBase, sub).href;
    const r = await this.exchange(url, {
      method,
      headers: { ...this.headers, ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}), Accept: 'application/json' },
      ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
    });
    if (r.status !== expected) {
      const text = r.body.toString('utf8');
      let detail = text.slice(0, 300).trim();
      try {
        const j = JSON.parse(text) as { error?: unknown };
        if (typeof j.error === 'string') detail = j.error;
      } catch {
        // not JSON: keep the text
      }
      throw new Error(`target ${this.name}: control ${method} ${url} answered ${r.status}${detail ? `: ${detail}` : ''}`);
    }
    return r;
  }

  private exchange(url: string, options: ExchangeOptions): Promise<Exchange> {
    if (this.closing) return Promise.reject(new Error(`target ${this.name} is closed`));
    return exchange(url, options, {
      agent: url.startsWith('https:') ? this.tlsAgent : this.agent,
      clientCertificate: this.clientCertificate,
      timeoutMs: this.timeoutMs,
      connectTimeoutMs: this.connectTimeoutMs,
      maxResponseBytes: this.maxResponseBytes,
      name: this.name,
    });
  }
}

interface TransportSettings {
  agent: HttpAgent;
  /** Whether a client certificate is offered (for saying why a server refused the handshake). */
  clientCertificate: boolean;
  timeoutMs: number;
  connectTimeoutMs: number;
  maxResponseBytes: number;
  name: string;
}

function exchange(url: string, options: ExchangeOptions, t: TransportSettings): Promise<Exchange> {
  const where = `${options.method} ${url}`;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(options.body));
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    let settled = false;
    let connectTimer: NodeJS.Timeout | undefined;
    const fail = (e: TargetTransportError): void => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(e);
    };
    const req = send(url, { method: options.method, headers, agent: t.agent });
    const overall = setTimeout(() => {
      const e = new TargetTransportError('timeout', url, `target ${t.name}: no complete answer to ${where} within ${t.timeoutMs} ms`);
      fail(e);
      req.destroy(e);
    }, t.timeoutMs);
    function cleanup(): void {
      clearTimeout(overall);
      if (connectTimer) clearTimeout(connectTimer);
    }
    req.on('socket', (socket: Socket) => {
      if (!socket.connecting) return;
      connectTimer = setTimeout(() => {
        const e = new TargetTransportError('connect-timeout', url, `target ${t.name}: could not connect to ${new URL(url).host} within ${t.connectTimeoutMs} ms (${where})`);
        fail(e);
        req.destroy(e);
      }, t.connectTimeoutMs);
      socket.once(url.startsWith('https:') ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e instanceof TargetTransportError) fail(e);
      else fail(transportError(e, url, where, t));
    });
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > t.maxResponseBytes) {
          const e = new TargetTransportError('response-too-large', url, `target ${t.name}: answer to ${where} is over ${t.maxResponseBytes} bytes`);
          fail(e);
          req.destroy(e);
          return;
        }
        chunks.push(c);
      });
      res.on('error', (e: NodeJS.ErrnoException) => fail(transportError(e, url, where, t)));
      res.on('aborted', () => fail(new TargetTransportError('connection-reset', url, `target ${t.name}: connection closed in the middle of the answer to ${where}`)));
      res.on('end', () => {
        if (settled) return;
        if (!res.complete) {
          fail(new TargetTransportError('connection-reset', url, `target ${t.name}: connection closed in the middle of the answer to ${where}`));
          return;
        }
        settled = true;
        cleanup();
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', body: Buffer.concat(chunks, size) });
      });
    });
    req.end(options.body);
  });
}

/** OpenSSL's verdicts on the server's certificate (X509_V_ERR_* as node names them) and node's own. */
const SERVER_CERTIFICATE_CODES = /^(?!ERR_SSL_)(ERR_TLS_CERT_ALTNAME_INVALID|.*CERT.*|UNABLE_TO_.*|.*SELF_SIGNED.*|.*_SIGNATURE_FAILURE|INVALID_.*|PATH_LENGTH_EXCEEDED|HOSTNAME_MISMATCH|IP_ADDRESS_MISMATCH)$/;
/** TLS alerts a server sends when it refuses the client's certificate (or the lack of one). */
const CLIENT_REFUSED_CODES = /ALERT_(CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|ACCESS_DENIED|DECRYPT_ERROR)$/;

function transportError(e: NodeJS.ErrnoException, url: string, where: string, t: TransportSettings): TargetTransportError {
  const code = e.code ?? '';
  const host = new URL(url).host;
  const tls = url.startsWith('https:');
  const say = (failure: TransportFailure, what: string): TargetTransportError =>
    new TargetTransportError(failure, url, `target ${t.name}: ${what} (${where})`, code || undefined);
  if (code === 'ECONNREFUSED') return say('connection-refused', `connection refused by ${host}; is the target running there?`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return say('dns', `cannot resolve host ${new URL(url).hostname}`);
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(e.message)) {
    // over TLS 1.3 a server checks the client's certificate after the client thinks the handshake is done
    const hint = tls ? `; over TLS this is also how a server refuses ${t.clientCertificate ? 'a client certificate (tls.cert)' : 'a client without a certificate (tls.cert and tls.key)'}` : '';
    return say('connection-reset', `${host} closed the connection without a complete answer${hint}`);
  }
  if (code === 'ETIMEDOUT' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH') return say('network', `cannot reach ${host}: ${code}`);
  if (CLIENT_REFUSED_CODES.test(code)) {
    const ours = t.clientCertificate ? 'refused our client certificate (tls.cert; is it signed by a CA the server trusts?)' : 'wants a client certificate and none was given (tls.cert and tls.key)';
    return say('tls', `TLS with ${host} failed: the server ${ours}: ${tlsReason(e)}`);
  }
  if (SERVER_CERTIFICATE_CODES.test(code)) {
    return say('tls', `TLS with ${host} failed: the server's certificate is not trusted: ${tlsReason(e)}; tls.ca must name the CA that signed it`);
  }
  if (/SSL|TLS/i.test(code)) return say('tls', `TLS with ${host} failed: ${tlsReason(e)}`);
  return say('network', `${e.message}${code && !e.message.includes(code) ? ` [${code}]` : ''}`);
}

function parseHttpUrl(input: string | URL, what: string): URL {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    throw new Error(`${what} ${JSON.stringify(String(input))} is not a URL (want e.g. http://127.0.0.1:8079)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${what} ${url.href} must be http: or https:`);
  return url;
}

/** base path + sub path, one slash between, query and fragment of base dropped. */
function joinUrl(base: URL, sub: string): URL {
  const u = new URL(base.href);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/${sub.replace(/^\/+/, '')}`;
  u.search = '';
  u.hash = '';
  return u;
}

function checkCapabilities(list: Iterable<string>): Capability[] {
  const out: Capability[] = [];
  for (const c of list) {
    if (!(ALL_CAPABILITIES as readonly string[]).includes(c)) throw new Error(`unknown capability "${c}"; known: ${ALL_CAPABILITIES.join(', ')}`);
    out.push(c as Capability);
  }
  return out;
}

function parseJson(r: Exchange, what: string): unknown {
  try {
    return JSON.parse(r.body.toString('utf8')) as unknown;
  } catch {
    throw new Error(`${what}: answer is not JSON: ${r.body.toString('utf8').slice(0, 200)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Factories

export interface ExternalHttpTargetOptions extends Omit<HttpTargetOptions, 'receiver' | 'onClose' | 'capabilities'> {
  /** Declared capabilities, or 'discover' to ask <control>/capabilities; default none. */
  capabilities?: Iterable<Capability> | 'discover';
  /**
   * Where deliveries arrive: a receiver already running, options to start one (needs a
   * validator), or false for none. The target must be configured to deliver to `receiverUrl`.
   */
  receiver?: DuisReceiver | ReceiverOptions | false;
}

/** Any DUIS endpoint by URL. */
export async function externalHttpTarget(options: ExternalHttpTargetOptions): Promise<HttpTarget> {
  const { receiver: receiverOption, capabilities, ...rest } = options;
  let receiver: DuisReceiver | undefined;
  let owned = false;
  if (receiverOption instanceof DuisReceiver) receiver = receiverOption;
  else if (receiverOption) {
    receiver = await DuisReceiver.start(receiverOption);
    owned = true;
  }
  const make = (caps: Iterable<Capability>): HttpTarget =>
    new HttpTarget({
      name: 'external',
      ...rest,
      capabilities: caps,
      ...(receiver ? { receiver } : {}),
      ...(owned ? { onClose: () => receiver!.close() } : {}),
    });
  if (capabilities !== 'discover') return make(capabilities ?? []);
  const probe = new HttpTarget({ ...rest });
  try {
    return make(await probe.discoverCapabilities());
  } catch (e) {
    if (owned) await receiver!.close();
    throw e;
  } finally {
    await probe.close();
  }
}

export interface ReferenceOverHttpOptions
  extends Omit<ReferenceServerOptions, 'deliverTo' | 'host' | 'port' | 'control' | 'createSmi'> {
  validator: DuisValidator;
  /** Default 'ref-http'. */
  name?: string;
  timeoutMs?: number;
  /** Default: the real reference (reference-impl/index.ts). */
  createSmi?: ReferenceFactory;
  /** The receiver's extra check of each delivery (a signature, say): a reason to refuse it with 400. */
  verifyDelivery?: (xml: string) => string | undefined;
}

/**
 * The 'ref-http' target: the reference and its gateway started in this process on an ephemeral
 * 127.0.0.1 port with the controls on, delivering to a receiver of our own. Everything it
 * started stops on close().
 */
export async function referenceOverHttp(options: ReferenceOverHttpOptions): Promise<HttpTarget> {
  const { name, timeoutMs, createSmi, verifyDelivery, ...serverOptions } = options;
  const receiver = await DuisReceiver.start({ validator: options.validator, ...(options.log ? { log: options.log } : {}), ...(verifyDelivery ? { verify: verifyDelivery } : {}) });
  let server: ReferenceServer | undefined;
  try {
    server = await startReferenceServer({
      // like the in-process target, the reference's refusals stay quiet unless a log is given
      referenceLog: options.log ?? (() => {}),
      ...serverOptions,
      ...(createSmi ? { createSmi } : {}),
      deliverTo: receiver.url,
      // a test run wants to hear of a lost delivery quickly, not after a minute of retries
      delivery: { maxAttempts: 3, initialDelayMs: 50, maxDelayMs: 500, timeoutMs: 5_000, ...serverOptions.delivery },
      host: '127.0.0.1',
      port: 0,
      control: true,
    });
    const running = server;
    const probe = new HttpTarget({ url: running.url });
    let capabilities: Capability[];
    try {
      capabilities = await probe.discoverCapabilities();
    } finally {
      await probe.close();
    }
    return new HttpTarget({
      name: name ?? 'ref-http',
      url: running.url,
      capabilities,
      receiver,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      onClose: async () => {
        await running.close();
        await receiver.close();
      },
    });
  } catch (e) {
    await server?.close();
    await receiver.close();
    throw e;
  }
}
