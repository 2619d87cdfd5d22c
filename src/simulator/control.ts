/** The /__sim/ control API: the world outside the browser (phones, inboxes, time) for demos and tests. */
import { json, type Fields } from '../server/http.ts';
import { E164, EMAIL } from './addresses.ts';
import { str } from './auth.ts';
import type { Context } from './context.ts';
import type { AccessTokenAnswer, CreatedUser, GuardianView, OutboxMessage, SimulatorConfig, TotpEntry } from './control-types.ts';
import { ApiError, errors } from './errors.ts';
import { parseFault, type Fault } from './faults.ts';
import { isExpired } from './oob.ts';
import { DEFAULT_PASSWORD, type OobTransaction, type User } from './state.ts';
import { TOTP_PERIOD_S, totp } from './totp.ts';

const MFA_API_SCOPES = 'enroll read:authenticators remove:authenticators';
const ACCESS_TOKEN_TTL_S = 600;

const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found.`);

function userOf(ctx: Context, userId: string): User {
  const user = ctx.state.users.get(userId);
  if (!user) throw notFound('User');
  return user;
}

export function createUser(ctx: Context, fields: Fields): Response {
  const email = str(fields, 'email');
  const phone_number = str(fields, 'phone_number');
  const password = str(fields, 'password');
  if (email !== undefined && !EMAIL.test(email)) throw errors.invalidEmail();
  if (phone_number !== undefined && !E164.test(phone_number)) throw errors.invalidPhoneNumber();
  const { email_verified } = fields;
  if (email_verified !== undefined && typeof email_verified !== 'boolean') throw errors.invalid('email_verified');
  if (email && ctx.state.findUserByEmail(email)) throw new ApiError(409, 'conflict', 'The user already exists.');
  const user = ctx.state.createUser({ email, phone_number, password, email_verified });
  return json({ user_id: user.user_id, email: user.email, mfa_token: ctx.state.issueMfaToken(user.user_id) } satisfies CreatedUser, 201);
}

export function newMfaToken(ctx: Context, userId: string): Response {
  return json({ mfa_token: ctx.state.issueMfaToken(userOf(ctx, userId).user_id) });
}

/** An access token for the MFA API audience, as a page gets one to manage factors. */
export async function newAccessToken(ctx: Context, userId: string, fields: Fields): Promise<Response> {
  const user = userOf(ctx, userId);
  const now = Math.floor(ctx.clock.now() / 1000);
  const access_token = await ctx.signer.sign({
    iss: ctx.issuer,
    sub: user.user_id,
    aud: `${ctx.issuer}mfa/`,
    iat: now,
    exp: now + ACCESS_TOKEN_TTL_S,
    scope: str(fields, 'scope') ?? MFA_API_SCOPES,
  });
  return json({ access_token, expires_in: ACCESS_TOKEN_TTL_S, token_type: 'Bearer' } satisfies AccessTokenAnswer);
}

export function outbox(ctx: Context, url: URL): Response {
  const userId = url.searchParams.get('user_id');
  return json(
    ctx.state.outbox
      .filter((m) => !userId || m.user_id === userId)
      .map(({ channel, to, code, sent_at }): OutboxMessage => ({ channel, to, code, sent_at })),
  );
}

/** What the Guardian app of a user sees: enrollments waiting for a scan, challenges waiting for an answer. */
export function guardian(ctx: Context, url: URL): Response {
  const userId = url.searchParams.get('user_id');
  const pending = [...ctx.state.transactions.values()].filter(
    (tx) => tx.channel === 'auth0' && tx.state === 'pending' && !isExpired(ctx, tx) && (!userId || tx.userId === userId),
  );
  const expires_at = (tx: OobTransaction) => new Date(tx.expiresAt).toISOString();
  return json({
    enrollments: pending
      .filter((tx) => tx.enrollmentTxId)
      .map((tx) => ({ enrollment_tx_id: tx.enrollmentTxId!, user_id: tx.userId, expires_at: expires_at(tx) })),
    challenges: pending
      .filter((tx) => !tx.enrollmentTxId)
      .map((tx) => ({ id: tx.guardianId!, user_id: tx.userId, authenticator_id: tx.authenticatorId, expires_at: expires_at(tx) })),
  } satisfies GuardianView);
}

function pendingPush(ctx: Context, match: (tx: OobTransaction) => boolean, what: string): OobTransaction {
  const tx = [...ctx.state.transactions.values()].find((t) => t.channel === 'auth0' && match(t));
  if (!tx || tx.state !== 'pending') throw notFound(what);
  if (isExpired(ctx, tx)) throw errors.oobCodeExpired();
  return tx;
}

/** The phone scanned the QR code: the push device (and its totp) become active. */
export function confirmEnrollment(ctx: Context, enrollmentTxId: string, fields: Fields): Response {
  const tx = pendingPush(ctx, (t) => t.enrollmentTxId === enrollmentTxId, 'Enrollment');
  const user = userOf(ctx, tx.userId);
  const push = user.authenticators.find((a) => a.id === tx.authenticatorId);
  if (push) push.name = str(fields, 'device_name') ?? 'Simulated phone';
  ctx.state.activate(user, tx.activates);
  tx.state = 'approved';
  return json({ status: 'confirmed' });
}

/** The user refused the enrollment on the phone: polling it answers `access_denied`, nothing becomes active. */
export function rejectEnrollment(ctx: Context, enrollmentTxId: string): Response {
  const tx = pendingPush(ctx, (t) => t.enrollmentTxId === enrollmentTxId, 'Enrollment');
  tx.state = 'rejected';
  return json({ status: 'rejected' });
}

export function answerChallenge(ctx: Context, id: string, answer: 'approve' | 'reject'): Response {
  const tx = pendingPush(ctx, (t) => t.guardianId === id && !t.enrollmentTxId, 'Challenge');
  tx.state = answer === 'approve' ? 'approved' : 'rejected';
  return json({ status: tx.state });
}

/** What a client needs to speak to the MFA API as the public application (an SPA), and the default password. */
export function config(ctx: Context): Response {
  const { publicClientId, tenantName } = ctx.options;
  return json({
    public_client_id: publicClientId,
    issuer: ctx.issuer,
    tenant_name: tenantName,
    default_password: DEFAULT_PASSWORD,
  } satisfies SimulatorConfig);
}

/** The codes (and secrets) an authenticator app would show now for each of a user's totp secrets; `used`: Auth0 took it already. */
export async function totpCodes(ctx: Context, url: URL): Promise<Response> {
  const user = userOf(ctx, url.searchParams.get('user_id') ?? '');
  const now = ctx.clock.now();
  const remaining_s = TOTP_PERIOD_S - (Math.floor(now / 1000) % TOTP_PERIOD_S);
  const codes = await Promise.all(
    ctx.state
      .authenticatorsOf(user)
      .filter((a) => a.secret)
      .map(async (a): Promise<TotpEntry> => ({
        authenticator_id: a.id,
        active: a.active,
        code: await totp(a.secret!, now),
        used: Math.floor(now / 1000 / TOTP_PERIOD_S) <= (a.lastStep ?? -Infinity),
        remaining_s,
        secret: a.secret!,
      })),
  );
  return json(codes);
}

export function advanceClock(ctx: Context, fields: Fields): Response {
  const seconds = fields.advance_s;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 366 * 86400) {
    throw errors.invalid('advance_s');
  }
  ctx.clock.advance(seconds);
  return json({ now: new Date(ctx.clock.now()).toISOString() });
}

export function addFault(faults: Fault[], fields: Fields): Response {
  const fault = parseFault(fields);
  if (!fault) throw errors.invalid('fault');
  faults.push(fault);
  return json(fault, 201);
}
