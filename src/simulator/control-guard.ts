/**
 * Who may use the /__sim/ control API. It resets the simulator, creates users, mints tokens and reads the code
 * outbox, with no authentication: fine for tests and demos on loopback, not for any web page a developer happens
 * to visit. A browser says where a request comes from (`Origin`, `Sec-Fetch-Site`, which pages cannot set), so a
 * cross-site page is refused even for simple requests that need no preflight. Clients that are not browsers send
 * neither header and pass.
 *
 * A DNS-rebinding page (evil.example resolved to 127.0.0.1 after it loaded) is same-origin with the simulator in
 * the browser's eyes, so a browser's request must also name a host no rebinding can borrow, as Vite's dev server
 * requires: an IP address, localhost or *.localhost, or the host of the issuer or of a web origin.
 */
import { ApiError } from './errors.ts';

export function checkControlCaller(request: Request, url: URL, webOrigins: readonly string[], issuer?: string): void {
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  if (origin !== null && webOrigins.includes(origin)) return;
  const fromBrowser = origin !== null || site !== null;
  if (fromBrowser && !trustedHost(url.hostname, [issuer, ...webOrigins])) throw refused();
  if (site === 'cross-site' || site === 'same-site') throw refused();
  // Same-origin by the browser's word, or by comparing whole origins (scheme, host and port).
  if (origin === null || site === 'same-origin' || origin === url.origin) return;
  throw refused();
}

const refused = () =>
  new ApiError(403, 'access_denied', 'The control API answers only its own origin, its web origins and clients that are not browsers.');

/** A host a DNS name cannot be rebound to: an IP literal, localhost, *.localhost, or one the simulator was told of. */
function trustedHost(hostname: string, known: readonly (string | undefined)[]): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return true;
  return known.some((url) => {
    try {
      return url !== undefined && new URL(url).hostname.toLowerCase() === host;
    } catch {
      return false;
    }
  });
}
