/**
 * The caller's address for rate limiting. A fetch handler sees no socket, so it comes from the
 * platform's second argument: `{ ip }` from this package's Node adapter, Deno.serve's
 * `info.remoteAddr`, or Bun's `server.requestIP()`. `X-Forwarded-For` is read only when the
 * application says a reverse proxy sets it (`trustProxy`), and then only its last entry: the
 * address that proxy saw, which the caller cannot forge. An entry that is not an IP address (a
 * misconfigured chain, `unknown`, `host:port`) is ignored: it would be a rate-limit key the caller
 * chooses.
 */

/** What a platform passes a fetch handler next to the request, as far as the proxy reads it. */
export interface PlatformInfo {
  ip?: string;
  remoteAddr?: { hostname?: string };
  requestIP?: (request: Request) => { address?: string } | null | undefined;
}

export function clientIp(request: Request, info: PlatformInfo | undefined, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded && isIp(forwarded)) return unmapped(forwarded);
  }
  let ip: string | undefined;
  try {
    ip = info?.ip ?? info?.remoteAddr?.hostname ?? (typeof info?.requestIP === 'function' ? info.requestIP(request)?.address : undefined);
  } catch {
    ip = undefined;
  }
  return typeof ip === 'string' && ip ? unmapped(ip) : undefined;
}

/** `::ffff:127.0.0.1` is 127.0.0.1: one client, one key. */
const unmapped = (ip: string): string => ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** A dotted-quad IPv4 or an IPv6 address (WHATWG URL parsing checks the latter, on any runtime). */
export function isIp(value: string): boolean {
  if (IPV4.test(value)) return true;
  if (!/^[0-9a-f:.]+$/i.test(value) || !value.includes(':')) return false;
  try {
    new URL(`http://[${value}]/`);
    return true;
  } catch {
    return false;
  }
}
