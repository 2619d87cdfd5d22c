/**
 * Who may use the /__sim/ control API. It resets the simulator, creates users, mints tokens and reads the code
 * outbox, with no authentication: fine for tests and demos on loopback, not for any web page a developer happens
 * to visit. A browser says where a request comes from (`Origin`, `Sec-Fetch-Site`, which pages cannot set), so a
 * cross-site page is refused even for simple requests that need no preflight. Clients that are not browsers send
 * neither header and pass.
 */
import { ApiError } from './errors.ts';

export function checkControlCaller(request: Request, url: URL, webOrigins: readonly string[]): void {
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  if (origin !== null && webOrigins.includes(origin)) return;
  if (site === 'cross-site' || site === 'same-site') throw refused();
  // Same-origin by the browser's word, or by comparing whole origins (scheme, host and port).
  if (origin === null || site === 'same-origin' || origin === url.origin) return;
  throw refused();
}

const refused = () =>
  new ApiError(403, 'access_denied', 'The control API answers only its own origin, its web origins and clients that are not browsers.');
