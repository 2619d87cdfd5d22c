/**
 * The proxy's options from environment variables (Node, Deno, Bun) or bindings (Workers): one
 * reading for the CLI and every runtime entry, so they all take the same names.
 */
import type { MfaProxyOptions } from './proxy.ts';

/** The names, for usage texts. */
export const PROXY_ENV_HELP = `  AUTH0_DOMAIN         the tenant, as tenant.eu.auth0.com     (or MFA_UPSTREAM)
  MFA_UPSTREAM         a full URL, as http://127.0.0.1:4010   (or AUTH0_DOMAIN)
  AUTH0_CLIENT_ID      the confidential application's client id
  AUTH0_CLIENT_SECRET  its secret (never printed)
  MFA_ALLOWED_ORIGINS  origins allowed to call from another origin, comma-separated (default none)`;

/** Reads one variable; blank counts as unset. */
export type EnvReader = (name: string) => string | undefined;

/** Throws a TypeError naming the missing or conflicting variable, never a value. */
export function proxyOptionsFromEnv(read: EnvReader): MfaProxyOptions & { allowedOrigins: string[] } {
  const env = (name: string): string | undefined => {
    const value = read(name);
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  const domain = env('AUTH0_DOMAIN');
  const upstream = env('MFA_UPSTREAM');
  if (domain && upstream) throw new TypeError('Set AUTH0_DOMAIN or MFA_UPSTREAM, not both.');
  if (!domain && !upstream) throw new TypeError('Set AUTH0_DOMAIN (tenant.eu.auth0.com) or MFA_UPSTREAM (a URL).');
  const clientId = env('AUTH0_CLIENT_ID');
  const clientSecret = env('AUTH0_CLIENT_SECRET');
  if (!clientId) throw new TypeError('Set AUTH0_CLIENT_ID.');
  if (!clientSecret) throw new TypeError('Set AUTH0_CLIENT_SECRET.');
  return {
    ...(domain ? { domain } : { upstream }),
    clientId,
    clientSecret,
    allowedOrigins: (env('MFA_ALLOWED_ORIGINS') ?? '').split(',').map((o) => o.trim()).filter(Boolean),
  };
}
