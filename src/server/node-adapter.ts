/** Runs a fetch handler on node:http, and as Express/Connect middleware. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

export type FetchHandler = (request: Request) => Promise<Response>;
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
  // Response.error() is how a handler asks for a dropped connection.
  if (response.type === 'error') {
    res.socket?.destroy();
    return;
  }
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.appendHeader(name, value));
  if (response.body) {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
  }
  res.end();
}

function failSafe(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = 500;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end('{"error":"server_error","error_description":"Internal error."}');
}

/** A `node:http` request listener. */
export function toNodeListener(handler: FetchHandler) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handler(toRequest(req, req.url ?? '/'))
      .then((response) => send(response, res))
      .catch(() => failSafe(res));
  };
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
    handler(toRequest(req, path.startsWith('/') ? path : `/${path}`))
      .then((response) => send(response, res))
      .catch(() => failSafe(res));
  };
}
