/** Who is calling: the application (client credentials) and the user (mfa_token or access token). */
import type { Fields } from '../server/http.ts';
import type { Context } from './context.ts';
import { errors } from './errors.ts';
import type { MfaSession, User } from './state.ts';

export interface Caller {
  user: User;
  kind: 'mfa_token' | 'access_token';
  scopes: Set<string>;
  session?: MfaSession;
}

export const str = (fields: Fields, name: string): string | undefined => {
  const value = fields[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 4096) throw errors.invalid(name);
  return value;
};

export const required = (fields: Fields, name: string): string => {
  const value = str(fields, name);
  if (value === undefined) throw errors.missing(name);
  return value;
};

/** Client credentials from the body or HTTP Basic; `optional` for /mfa/associate. */
export function authenticateClient(
  ctx: Context,
  fields: Fields,
  request: Request,
  optional = false,
): string | undefined {
  let clientId = str(fields, 'client_id');
  let clientSecret = str(fields, 'client_secret');
  const basic = request.headers.get('authorization')?.match(/^Basic\s+(.+)$/i);
  if (basic && !clientId) {
    try {
      [clientId, clientSecret] = atob(basic[1]).split(':').map(decodeURIComponent);
    } catch {
      throw errors.unauthorizedClient();
    }
  }
  const { options } = ctx;
  if (clientId === undefined) {
    if (optional) return undefined;
    throw errors.missing('client_id');
  }
  if (clientId === options.publicClientId) return clientId;
  // A confidential client without its secret is `access_denied` "Unauthorized" too (auth0.js issue 317).
  if (clientId !== options.clientId || clientSecret !== options.clientSecret) throw errors.unauthorizedClient();
  return clientId;
}

/** An MFA-audience access token this tenant signed, or undefined. */
async function accessToken(ctx: Context, token: string): Promise<{ user: User; scopes: Set<string>; expired: boolean } | undefined> {
  const claims = await ctx.signer.verify(token);
  if (!claims) return undefined;
  const audiences = ([] as unknown[]).concat(claims.aud);
  if (!audiences.includes(`${ctx.issuer}mfa/`)) return undefined;
  const user = ctx.state.users.get(String(claims.sub));
  if (!user) return undefined;
  return {
    user,
    scopes: new Set(String(claims.scope ?? '').split(' ')),
    expired: (claims.exp ?? 0) * 1000 <= ctx.clock.now(),
  };
}

/** The `Authorization: Bearer` of /mfa/associate, /mfa/authenticators. */
export async function bearer(ctx: Context, request: Request): Promise<Caller> {
  const token = request.headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) throw errors.invalidBearer();
  const session = ctx.state.mfaSessions.get(token);
  if (session) {
    const user = ctx.state.users.get(session.userId);
    if (!user || session.expiresAt <= ctx.clock.now()) throw errors.invalidBearer();
    return { user, kind: 'mfa_token', scopes: new Set(), session };
  }
  const access = await accessToken(ctx, token);
  if (!access || access.expired) throw errors.invalidBearer();
  return { user: access.user, kind: 'access_token', scopes: access.scopes };
}

/**
 * The `mfa_token` field of /mfa/challenge and /oauth/token. /mfa/challenge takes only an mfa_token: an MFA-audience
 * access token there is "Malformed mfa_token" (community thread 64112). /oauth/token still takes one (unconfirmed:
 * FIDELITY.md).
 */
export async function mfaToken(ctx: Context, fields: Fields, { accessToken: acceptAccess = true } = {}): Promise<Caller> {
  const token = required(fields, 'mfa_token');
  const session = ctx.state.mfaSessions.get(token);
  if (session) {
    const user = ctx.state.users.get(session.userId);
    if (!user) throw errors.malformedMfaToken();
    if (session.expiresAt <= ctx.clock.now()) throw errors.mfaTokenExpired();
    return { user, kind: 'mfa_token', scopes: new Set(), session };
  }
  const access = acceptAccess ? await accessToken(ctx, token) : undefined;
  if (!access) throw errors.malformedMfaToken();
  if (access.expired) throw errors.mfaTokenExpired();
  return { user: access.user, kind: 'access_token', scopes: access.scopes };
}
