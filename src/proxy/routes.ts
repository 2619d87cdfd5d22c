/** The five calls the elements make, with Auth0's paths: nothing else passes the proxy. */
import { refusals } from './errors.ts';

export type RouteName = 'associate' | 'authenticators' | 'deleteAuthenticator' | 'challenge' | 'token';

export interface Route {
  name: RouteName;
  method: 'GET' | 'POST' | 'DELETE';
  /** The path as logged: the authenticator id is not. */
  template: string;
  /** Carries the user's `Authorization: Bearer`. */
  bearer: boolean;
}

const ROUTES: [pattern: RegExp, route: Route][] = [
  [/^\/mfa\/associate$/, { name: 'associate', method: 'POST', template: '/mfa/associate', bearer: true }],
  [/^\/mfa\/authenticators$/, { name: 'authenticators', method: 'GET', template: '/mfa/authenticators', bearer: true }],
  [
    /^\/mfa\/authenticators\/(.*)$/,
    { name: 'deleteAuthenticator', method: 'DELETE', template: '/mfa/authenticators/{id}', bearer: true },
  ],
  [/^\/mfa\/challenge$/, { name: 'challenge', method: 'POST', template: '/mfa/challenge', bearer: false }],
  [/^\/oauth\/token$/, { name: 'token', method: 'POST', template: '/oauth/token', bearer: false }],
];

export interface Match {
  route: Route;
  /** The raw (still encoded) authenticator id of DELETE. */
  param?: string;
}

/** The route of a path below the prefix, whatever the method; undefined for any other path. */
export function matchRoute(path: string): Match | undefined {
  for (const [pattern, route] of ROUTES) {
    const found = pattern.exec(path);
    if (found) return { route, param: found[1] };
  }
  return undefined;
}

/**
 * The authenticator id, decoded then encoded again for upstream. URL parsing has already resolved
 * literal dot segments; what is left to refuse is what upstream could read as another path:
 * encoded slashes and backslashes, `.` and `..`, control characters.
 */
export function authenticatorId(raw: string): string {
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    throw refusals.invalidAuthenticatorId();
  }
  // eslint-disable-next-line no-control-regex
  if (id === '' || id === '.' || id === '..' || id.length > 256 || /[/\\\u0000-\u001f\u007f]/.test(id)) {
    throw refusals.invalidAuthenticatorId();
  }
  return encodeURIComponent(id);
}
