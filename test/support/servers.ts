/**
 * The servers browser tests talk to, mounted in the test runner's dev server:
 * - `/sim/{name}/…`: a simulator of its own per name, so test files never share a clock or faults;
 * - `/proxy/{name}/…`: the proxy, holding the confidential client's secret, in front of that simulator over HTTP;
 * - `/hostile/{name}/{barcode_uri}/…`: that simulator as a hostile upstream, whose associate answers carry the
 *   URL-encoded `barcode_uri` of the path instead of its own;
 * - `/__test/requests/{name}`: the API calls that simulator answered, to prove what an element sent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toNodeMiddleware } from '../../src/server/node-adapter.ts';
import { createSimulator, type Simulator } from '../../src/simulator/index.ts';

interface KoaContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: string;
  respond?: boolean;
  body?: unknown;
  type?: string;
}

type ProxyFactory = (upstream: string) => (request: Request) => Promise<Response>;

interface Mounted {
  simulator: Simulator;
  fetch: (request: Request) => Promise<Response>;
  requests: { method: string; path: string; at: number }[];
  proxy?: (request: Request) => Promise<Response>;
}

const MOUNT = /^\/(sim|proxy|hostile)\/([\w-]+)(?=\/|$)/;
const HOSTILE_URI = /^\/hostile\/[\w-]+\/[^/]+/;
const REQUESTS = /^\/__test\/requests\/([\w-]+)$/;

export function testServers(createProxy?: ProxyFactory) {
  const mounted = new Map<string, Mounted>();
  const mount = (name: string): Mounted => {
    let entry = mounted.get(name);
    if (!entry) {
      const simulator = createSimulator();
      const requests: Mounted['requests'] = [];
      entry = {
        simulator,
        requests,
        fetch: (request) => {
          const path = new URL(request.url).pathname;
          if (!path.startsWith('/__sim/')) requests.push({ method: request.method, path, at: Date.now() });
          return simulator.fetch(request);
        },
      };
      mounted.set(name, entry);
    }
    return entry;
  };

  return [
    async (ctx: KoaContext, next: () => Promise<void>) => {
      const requests = REQUESTS.exec(ctx.url);
      if (requests) {
        ctx.type = 'application/json';
        ctx.body = JSON.stringify(mount(requests[1]).requests);
        return;
      }
      const match = MOUNT.exec(ctx.url);
      if (!match) return next();
      let [prefix, kind, name] = match;
      const entry = mount(name);
      let handler = entry.fetch;
      if (kind === 'hostile') {
        prefix = HOSTILE_URI.exec(ctx.url)?.[0] ?? prefix;
        handler = hostile(entry.fetch, decodeURIComponent(prefix.split('/')[3] ?? ''));
      }
      if (kind === 'proxy') {
        if (!createProxy) throw new Error('No proxy in this test server');
        entry.proxy ??= createProxy(`http://${ctx.req.headers.host}/sim/${name}`);
        handler = entry.proxy;
      }
      ctx.respond = false;
      await new Promise<void>((resolve) => {
        ctx.res.once('close', resolve);
        toNodeMiddleware(handler, prefix)(ctx.req, ctx.res, () => resolve());
      });
    },
  ];
}

/** The simulator's answers, with `barcode_uri` replaced wherever an answer has one. */
function hostile(fetch: Mounted['fetch'], barcodeUri: string): Mounted['fetch'] {
  return async (request) => {
    const response = await fetch(request);
    const body = response.headers.get('content-type')?.startsWith('application/json') ? await response.clone().json() : undefined;
    if (!body || typeof body.barcode_uri !== 'string') return response;
    return new Response(JSON.stringify({ ...body, barcode_uri: barcodeUri }), { status: response.status, headers: response.headers });
  };
}
