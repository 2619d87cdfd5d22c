/** Runs a fetch handler on node:http, and as Express/Connect middleware. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { checkTimeout } from './http.ts';

/** What the platform knows about the caller that a `Request` does not carry. */
export interface ClientInfo {
  /** The peer address of the connection (a reverse proxy's, when there is one). */
  ip?: string;
}
export type FetchHandler = (request: Request, client?: ClientInfo) => Promise<Response>;
type Next = (error?: unknown) => void;

function toRequest(req: IncomingMessage, path: string): Request {
  const host = req.headers.host ?? 'localhost';
  const protocol = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(`${protocol}://${host}${path}`, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: 'half',
  } as RequestInit);
}

async function send(response: Response, res: ServerResponse): Promise<void> {
  // Response.error() is how a handler asks for a dropped connection. A few bytes go out first:
  // browsers silently retry a request whose reused connection closed before any answer.
  if (response.type === 'error') {
    res.socket?.end('HTTP/1.1 5');
    res.socket?.destroy();
    return;
  }
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.appendHeader(name, value));
  // An answer sent before the request body was read (a refused oversized body) leaves the rest of
  // that body on the connection: it cannot carry another request.
  if (!res.req.complete) res.setHeader('Connection', 'close');
  if (response.body) {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
  }
  res.end();
}

function failSafe(res: ServerResponse, status = 500, body = '{"error":"server_error","error_description":"Internal error."}'): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(body);
}

/**
 * Runs `handler` on one request. A Host header or request target that makes no URL (`Host: a b`)
 * throws while the Request is built: answered 400 here, or it would escape the listener and
 * end the process.
 */
function serve(handler: FetchHandler, req: IncomingMessage, res: ServerResponse, path: string): void {
  let request: Request;
  try {
    request = toRequest(req, path);
  } catch {
    failSafe(res, 400, '{"error":"invalid_request","error_description":"Malformed request URL or Host header."}');
    return;
  }
  handler(request, { ip: req.socket.remoteAddress })
    .then((response) => send(response, res))
    .catch(() => failSafe(res));
}

/** A `node:http` request listener. */
export function toNodeListener(handler: FetchHandler) {
  return (req: IncomingMessage, res: ServerResponse): void => serve(handler, req, res, req.url ?? '/');
}

/**
 * Connect/Express middleware serving `handler` under `prefix`: `/prefix/mfa/associate`
 * reaches the handler as `/mfa/associate`; other paths go to `next()`.
 */
export function toNodeMiddleware(handler: FetchHandler, prefix = '') {
  const base = prefix.replace(/\/+$/, '');
  return (req: IncomingMessage, res: ServerResponse, next?: Next): void => {
    // Express strips its mount path into req.url and keeps the whole one in originalUrl.
    const url = req.url ?? '/';
    if (base && url !== base && !url.startsWith(`${base}/`) && !url.startsWith(`${base}?`)) {
      next?.();
      return;
    }
    const path = url.slice(base.length) || '/';
    serve(handler, req, res, path.startsWith('/') ? path : `/${path}`);
  };
}

/** Deadlines and a cap for a server of its own; Node's defaults (300 s per request, no cap) let slow clients hold sockets. */
export interface NodeServerLimits {
  /** The whole request, body included, must arrive within this (default 30000 ms); else 408 and the socket closes. */
  requestTimeoutMs?: number;
  /** The request line and headers must arrive within this (default 10000 ms, at most `requestTimeoutMs`). */
  headersTimeoutMs?: number;
  /** Open connections at most (default 1024); one more is closed at once. */
  maxConnections?: number;
}

export const NODE_SERVER_DEFAULTS = { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, maxConnections: 1024 } as const;

/** A `node:http` server with those limits. */
export function createLimitedServer(limits: NodeServerLimits = {}): Server {
  const requestTimeout = checkTimeout('requestTimeoutMs', limits.requestTimeoutMs ?? NODE_SERVER_DEFAULTS.requestTimeoutMs);
  const headersTimeout = Math.min(requestTimeout, checkTimeout('headersTimeoutMs', limits.headersTimeoutMs ?? NODE_SERVER_DEFAULTS.headersTimeoutMs));
  const maxConnections = limits.maxConnections ?? NODE_SERVER_DEFAULTS.maxConnections;
  if (!Number.isSafeInteger(maxConnections) || maxConnections <= 0) throw new TypeError('maxConnections must be a positive integer');
  // Node checks both deadlines on this interval (30 s by default), so it bounds how late they fire.
  const server = createServer({ requestTimeout, headersTimeout, connectionsCheckingInterval: Math.min(1_000, headersTimeout) });
  server.maxConnections = maxConnections;
  return server;
}
