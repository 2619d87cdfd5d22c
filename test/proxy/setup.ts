/**
 * What the proxy's Node tests share: the simulator on a loopback socket, a recording upstream in
 * front of it (it sees exactly what the proxy sends), and the proxy on its own socket in front of
 * that. Plus upstreams that misbehave: closed, silent, answering garbage.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MfaProxyOptions } from '../../src/proxy/index.ts';
import { serveMfaProxy } from '../../src/proxy/node.ts';
import { toNodeListener } from '../../src/server/node-adapter.ts';
import { serveSimulator } from '../../src/simulator/node.ts';
import { mfaApi } from '../support/mfa-api.ts';

/** The confidential application: a fresh secret per run, so tests can search for it anywhere. */
export const CLIENT = {
  client_id: 'proxy-test-client',
  client_secret: `proxy-test-secret-${randomBytes(12).toString('hex')}`,
};

export interface Recorded {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** The simulator, and a recording upstream in front of it that sees exactly what a proxy sends. */
export async function startUpstream() {
  const simulator = await serveSimulator({ port: 0, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret });
  const recorded: Recorded[] = [];
  const upstream = createServer(
    toNodeListener(async (request) => {
      const body = await request.clone().text();
      recorded.push({
        method: request.method,
        path: new URL(request.url).pathname,
        headers: Object.fromEntries(request.headers),
        body,
      });
      return simulator.simulator.fetch(request);
    }),
  );
  const url = await listen(upstream);
  return {
    simulator,
    url,
    /** Every request that reached upstream. */
    recorded,
    async close() {
      await close(upstream);
      await simulator.close();
    },
  };
}

/**
 * The simulator, the recording upstream and the proxy. `direct` and `proxied` speak the same MFA
 * API, one to the simulator with the client credentials, one through the proxy without them.
 */
export async function startStack(options: Partial<MfaProxyOptions> = {}, browserClient: Record<string, string> = {}) {
  const upstream = await startUpstream();
  const { simulator } = upstream;
  const proxy = await serveMfaProxy({
    upstream: upstream.url,
    clientId: CLIENT.client_id,
    clientSecret: CLIENT.client_secret,
    ...options,
  });
  return {
    simulator,
    proxy,
    upstreamUrl: upstream.url,
    /** Every request that reached upstream through the proxy. */
    recorded: upstream.recorded,
    direct: mfaApi({ base: simulator.url, control: simulator.url, client: CLIENT }),
    proxied: mfaApi({ base: proxy.url, control: simulator.url, client: browserClient }),
    async close() {
      await proxy.close();
      await upstream.close();
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/** An upstream answering every request with `handler`, counting them. */
export async function fakeUpstream(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    handler(req, res);
  });
  const url = await listen(server);
  return { url, requests: () => requests, close: () => close(server) };
}

/** A URL where nothing listens: a port that was free a moment ago. */
export async function closedUrl(): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  await close(server);
  return url;
}

/** Fetches and reads the answer as JSON when it is JSON. */
export async function call(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body, text };
}
