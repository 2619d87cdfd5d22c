/**
 * Who may call the proxy from a browser. Same-origin pages need no CORS; other origins must be
 * listed. A foreign Origin is refused outright, not just left without CORS headers: a form POST
 * needs no preflight, and with an `onTokens` hook that sets a session cookie it would be a login
 * CSRF.
 */

export const EXPOSED_HEADERS = 'Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset';

export type OriginVerdict = 'none' | 'same-origin' | 'allowed' | 'refused';

export function checkOrigin(request: Request, url: URL, allowedOrigins: ReadonlySet<string>, trustProxy: boolean): OriginVerdict {
  const origin = request.headers.get('origin');
  if (origin === null) return 'none';
  if (allowedOrigins.has(origin)) return 'allowed';
  // Browsers set Sec-Fetch-Site and pages cannot: it stays right behind a proxy that rewrites Host.
  if (request.headers.get('sec-fetch-site') === 'same-origin') return 'same-origin';
  const forwarded = (name: string) => (trustProxy && request.headers.get(name)?.split(',')[0].trim()) || undefined;
  // An origin is scheme, host and port: an https page is not the same origin as an http proxy.
  const scheme = forwarded('x-forwarded-proto') ?? url.protocol.slice(0, -1);
  const host = forwarded('x-forwarded-host') ?? url.host;
  try {
    if (new URL(origin).origin === new URL(`${scheme}://${host}`).origin) return 'same-origin';
  } catch {
    // `Origin: null` and other non-URLs: refused.
  }
  return 'refused';
}

/** Headers for an allowed cross-origin answer. */
export function corsHeaders(origin: string): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
  };
}

export function preflightHeaders(origin: string, method: string): Record<string, string> {
  return {
    ...corsHeaders(origin),
    'Access-Control-Allow-Methods': `${method}, OPTIONS`,
    'Access-Control-Allow-Headers': 'Authorization, Content-Type',
    'Access-Control-Max-Age': '600',
  };
}

/** An exact origin (`https://app.example.com`), or a TypeError at start-up. */
export function validOrigin(origin: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(origin);
  } catch {
    // Reported below.
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
    throw new TypeError(`allowedOrigins: "${origin}" is not an origin such as https://app.example.com (no path, no wildcard)`);
  }
  return origin;
}
