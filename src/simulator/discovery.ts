/** OpenID discovery, JWKS and userinfo, so Auth0's own SDKs can talk to the simulator. */
import { json } from '../server/http.ts';
import type { Context } from './context.ts';
import { errors } from './errors.ts';
import { GRANT } from './token.ts';

export function openidConfiguration(ctx: Context): Response {
  const base = ctx.issuer;
  return json({
    issuer: base,
    authorization_endpoint: `${base}authorize`,
    token_endpoint: `${base}oauth/token`,
    userinfo_endpoint: `${base}userinfo`,
    jwks_uri: `${base}.well-known/jwks.json`,
    mfa_challenge_endpoint: `${base}mfa/challenge`,
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    grant_types_supported: [GRANT.password, GRANT.passwordRealm, GRANT.otp, GRANT.oob, GRANT.recoveryCode],
    claims_supported: ['aud', 'email', 'exp', 'iat', 'iss', 'sub'],
  });
}

export async function jwks(ctx: Context): Promise<Response> {
  return json(await ctx.signer.jwks());
}

export async function userinfo(ctx: Context, request: Request): Promise<Response> {
  const token = request.headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const claims = token ? await ctx.signer.verify(token) : undefined;
  const user = claims && (claims.exp ?? 0) * 1000 > ctx.clock.now() ? ctx.state.users.get(String(claims.sub)) : undefined;
  if (!user) throw errors.invalidBearer();
  return json({ sub: user.user_id, email: user.email });
}
