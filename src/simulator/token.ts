/** POST /oauth/token: the three MFA grants, and the password grant that starts an MFA login. */
import { json, type Fields } from '../server/http.ts';
import { authenticateClient, mfaToken, required, str, type Caller } from './auth.ts';
import type { Context } from './context.ts';
import { errors } from './errors.ts';
import { isExpired } from './oob.ts';
import * as random from './random.ts';
import type { User } from './state.ts';
import { totpStep } from './totp.ts';

export const GRANT = {
  otp: 'http://auth0.com/oauth/grant-type/mfa-otp',
  oob: 'http://auth0.com/oauth/grant-type/mfa-oob',
  recoveryCode: 'http://auth0.com/oauth/grant-type/mfa-recovery-code',
  password: 'password',
  passwordRealm: 'http://auth0.com/oauth/grant-type/password-realm',
} as const;

const TOKEN_TTL_S = 86400;

/** The token response Auth0 sends when a grant succeeds. */
async function issueTokens(ctx: Context, caller: Caller, clientId: string | undefined): Promise<Record<string, unknown>> {
  const now = Math.floor(ctx.clock.now() / 1000);
  const scope = caller.session?.scope ?? 'openid profile';
  const scopes = scope.split(' ');
  const common = { iss: ctx.issuer, sub: caller.user.user_id, iat: now, exp: now + TOKEN_TTL_S };
  const access_token = await ctx.signer.sign({
    ...common,
    aud: [caller.session?.audience ?? `${ctx.issuer}userinfo`],
    azp: clientId,
    scope,
    amr: ['mfa'],
  });
  const id_token = scopes.includes('openid')
    ? await ctx.signer.sign({ ...common, aud: clientId, email: caller.user.email, amr: ['mfa'] })
    : undefined;
  return {
    access_token,
    ...(id_token && { id_token }),
    ...(scopes.includes('offline_access') && { refresh_token: random.sealedToken() }),
    scope,
    expires_in: TOKEN_TTL_S,
    token_type: 'Bearer',
  };
}

function checkAttempts(ctx: Context, user: User): void {
  if (!user.attempts.available(ctx.clock.now())) throw errors.tooManyAttempts();
}

function failAttempt(ctx: Context, user: User): void {
  user.attempts.take(ctx.clock.now());
}

async function otpGrant(ctx: Context, caller: Caller, fields: Fields): Promise<void> {
  const otp = required(fields, 'otp');
  const { user } = caller;
  // A push device's totp works once the push is confirmed; a plain one also confirms its enrollment.
  const candidates = ctx.state
    .authenticatorsOf(user)
    .filter((a) => a.authenticator_type === 'otp' && (a.active || !a.pairedId));
  if (candidates.length === 0) throw errors.unsupportedChallengeType('otp');
  checkAttempts(ctx, user);
  for (const authenticator of candidates) {
    const step = /^\d{6}$/.test(otp) ? await totpStep(authenticator.secret!, otp, ctx.clock.now()) : undefined;
    // A code once accepted, and any older one, is spent ("Authenticate using the Resource Owner Password
    // Grant with MFA": a validated OTP cannot be used again), the enrollment's confirming code included.
    if (step !== undefined && step > (authenticator.lastStep ?? -Infinity)) {
      authenticator.lastStep = step;
      if (!authenticator.active) ctx.state.activate(user, [authenticator.id]);
      return;
    }
  }
  failAttempt(ctx, user);
  throw errors.invalidOtp();
}

function oobGrant(ctx: Context, caller: Caller, fields: Fields): void {
  const oobCode = required(fields, 'oob_code');
  const { user } = caller;
  const tx = ctx.state.transactions.get(oobCode);
  if (!tx || tx.userId !== user.user_id || tx.state === 'used') throw errors.invalidOobCode();
  if (isExpired(ctx, tx)) {
    ctx.state.transactions.delete(oobCode);
    throw errors.oobCodeExpired();
  }

  if (tx.channel === 'auth0') {
    const now = ctx.clock.now();
    const tooSoon = tx.lastPollAt !== undefined && now - tx.lastPollAt < tx.intervalS * 1000;
    tx.lastPollAt = now;
    if (tooSoon) {
      tx.intervalS += 5;
      throw errors.slowDown(tx.intervalS);
    }
    if (tx.state === 'pending') throw errors.authorizationPending();
    const approved = tx.state === 'approved';
    tx.state = 'used';
    if (!approved) throw errors.rejected();
    return;
  }

  const bindingCode = str(fields, 'binding_code');
  if (bindingCode === undefined) throw errors.bindingCodeRequired();
  checkAttempts(ctx, user);
  if (bindingCode !== tx.bindingCode) {
    failAttempt(ctx, user);
    throw errors.invalidBindingCode();
  }
  tx.state = 'used';
  if (tx.activates.length) ctx.state.activate(user, tx.activates);
}

/** Spends the recovery code and returns the new one. */
function recoveryCodeGrant(ctx: Context, caller: Caller, fields: Fields): string {
  const code = required(fields, 'recovery_code');
  const { user } = caller;
  checkAttempts(ctx, user);
  const authenticator = ctx.state
    .authenticatorsOf(user)
    .find((a) => a.authenticator_type === 'recovery-code' && a.active);
  if (!authenticator || authenticator.recoveryCode !== code) {
    failAttempt(ctx, user);
    throw errors.invalidRecoveryCode();
  }
  authenticator.recoveryCode = random.recoveryCode();
  return authenticator.recoveryCode;
}

/** The password grant always needs MFA here: it answers `mfa_required` with a fresh mfa_token. */
function passwordGrant(ctx: Context, fields: Fields, clientId: string | undefined): Response {
  const username = required(fields, 'username');
  const password = required(fields, 'password');
  const user = ctx.state.findUserByEmail(username);
  if (!user || user.password !== password) throw errors.wrongCredentials();
  const mfa_token = ctx.state.issueMfaToken(user.user_id, {
    scope: str(fields, 'scope') ?? 'openid profile',
    audience: str(fields, 'audience'),
    clientId,
  });
  const body = { error: 'mfa_required', error_description: 'Multifactor authentication required', mfa_token };
  // Only Customizable MFA (Early Access) adds mfa_requirements; Auth0's default body has the three fields above.
  if (!ctx.options.mfaRequirements) return json(body, 403);
  const enrolled = ctx.state.authenticatorsOf(user).filter((a) => a.active);
  const types = [
    ...new Set(
      enrolled.map((a) =>
        a.authenticator_type === 'oob'
          ? { auth0: 'push-notification', email: 'email', sms: 'phone', voice: 'phone' }[a.oob_channel!]
          : a.authenticator_type,
      ),
    ),
  ];
  const mfa_requirements = types.length
    ? { challenge: types.map((type) => ({ type })) }
    : { enroll: ['otp', 'push-notification', 'phone', 'email'].map((type) => ({ type })) };
  return json({ ...body, mfa_requirements }, 403);
}

export async function token(ctx: Context, request: Request, fields: Fields): Promise<Response> {
  const grantType = required(fields, 'grant_type');
  const clientId = authenticateClient(ctx, fields, request);
  switch (grantType) {
    case GRANT.password:
    case GRANT.passwordRealm:
      return passwordGrant(ctx, fields, clientId);
    case GRANT.otp:
    case GRANT.oob:
    case GRANT.recoveryCode: {
      const caller = await mfaToken(ctx, fields);
      if (grantType === GRANT.otp) await otpGrant(ctx, caller, fields);
      if (grantType === GRANT.oob) oobGrant(ctx, caller, fields);
      const recovery_code = grantType === GRANT.recoveryCode ? recoveryCodeGrant(ctx, caller, fields) : undefined;
      const tokens = await issueTokens(ctx, caller, clientId);
      return json(recovery_code ? { ...tokens, recovery_code } : tokens);
    }
    default:
      throw errors.unsupportedGrantType(grantType);
  }
}
