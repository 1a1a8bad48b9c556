// The Self-Service Interface on an HTTP server of its own: how the in-process target offers the
// SSI to a browser without the DUIS gateway. Anything outside /ssi is 404.
import { createServer } from 'node:http';
import { closeServer, httpUrl, listen, sendText, trackSockets } from '../../src/targets/receiver.ts';
import { isSsiPath, type SsiHttpHandler } from './http.ts';

export interface SsiServer {
  /** Base URL of the SSI, e.g. http://127.0.0.1:40123/ssi */
  readonly url: string;
  close(): Promise<void>;
}

export async function startSsiServer(handle: SsiHttpHandler, opts: { host?: string; port?: number } = {}): Promise<SsiServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (isSsiPath(path)) void handle(req, res);
    else sendText(res, 404, 'the Self-Service Interface is under /ssi');
  });
  server.requestTimeout = 30_000;
  const sockets = trackSockets(server);
  const address = await listen(server, opts.port ?? 0, opts.host ?? '127.0.0.1');
  let closing: Promise<void> | undefined;
  return { url: httpUrl(address, '/ssi'), close: () => (closing ??= closeServer(server, sockets)) };
}
