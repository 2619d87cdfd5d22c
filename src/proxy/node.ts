/** The proxy on Node: its own `node:http` server, or middleware for Express, Connect and the like. */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLimitedServer, toNodeListener, toNodeMiddleware, type NodeServerLimits } from '../server/node-adapter.ts';
import { createMfaProxy, type MfaProxy, type MfaProxyOptions } from './proxy.ts';
import { matchRoute } from './routes.ts';

export { toNodeListener, toNodeMiddleware };

export interface RunningMfaProxy {
  proxy: MfaProxy;
  server: Server;
  /** `http://host:port` plus the prefix: the base URL the elements need. */
  url: string;
  close(): Promise<void>;
}

/**
 * Listens on `host:port` (default 127.0.0.1, port 0 picks a free one) and resolves once it does. The server
 * has request and header deadlines and a connection cap (`NodeServerLimits`); the body deadline is the proxy's.
 */
export async function serveMfaProxy(
  options: MfaProxyOptions & NodeServerLimits & { port?: number; host?: string },
): Promise<RunningMfaProxy> {
  const { port = 0, host = '127.0.0.1', requestTimeoutMs, headersTimeoutMs, maxConnections, ...proxyOptions } = options;
  const proxy = createMfaProxy(proxyOptions);
  const server = createLimitedServer({ requestTimeoutMs, headersTimeoutMs, maxConnections });
  server.on('request', toNodeListener(proxy));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    proxy,
    server,
    url: `http://${hostInUrl}:${address.port}${proxy.prefix}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Next = (error?: unknown) => void;

/**
 * Middleware taking the proxy's five paths under `options.prefix` and passing every other request
 * to `next()`. Mount it before any body parser: it reads the raw body itself. With Express,
 * `app.use(mfaProxyMiddleware({ prefix: '/mfa-api', … }))` and `app.use('/mfa-api', mfaProxyMiddleware({ … }))`
 * serve the same URLs.
 */
export function mfaProxyMiddleware(options: MfaProxyOptions) {
  const proxy = createMfaProxy({ ...options, prefix: '' });
  const prefix = (options.prefix ?? '').replace(/\/+$/, '');
  const serve = toNodeMiddleware(proxy, prefix);
  return (req: IncomingMessage, res: ServerResponse, next?: Next): void => {
    const path = (req.url ?? '/').split('?')[0];
    const below = prefix ? (path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : undefined) : path;
    if (below === undefined || !matchRoute(below)) {
      if (next) next();
      else {
        res.statusCode = 404;
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.setHeader('Cache-Control', 'no-store');
        res.end('{"error":"not_found","error_description":"Not found."}');
      }
      return;
    }
    serve(req, res, next);
  };
}
