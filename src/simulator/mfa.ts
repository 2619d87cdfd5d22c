/** The /mfa/ endpoints: associate, list and delete authenticators, and challenge one. */
import { json, type Fields } from '../server/http.ts';
import { E164, EMAIL } from './addresses.ts';
import { authenticateClient, bearer, mfaToken, required, str } from './auth.ts';
import type { Context } from './context.ts';
import { errors } from './errors.ts';
import { maskEmail, maskPhone } from './mask.ts';
import { startOob } from './oob.ts';
import * as random from './random.ts';
import { MAX_AUTHENTICATORS, type Authenticator, type OobChannel, type User } from './state.ts';
import { generateTotpSecret } from './totp.ts';

const OOB_CHANNELS: OobChannel[] = ['auth0', 'email', 'sms', 'voice'];
const PREFIX: Record<OobChannel, string> = { auth0: 'push', email: 'email', sms: 'sms', voice: 'voice' };

/** An array field; a form may send one value or a space-separated list. */
function list(fields: Fields, name: string): string[] {
  const value = fields[name];
  if (value === undefined) throw errors.missing(name);
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [value];
  if (items.length === 0 || items.some((item) => typeof item !== 'string' || item.length > 64)) {
    throw errors.invalid(name);
  }
  return items as string[];
}

const build = (authenticator: Omit<Authenticator, 'active' | 'createdAt'>, now: number): Authenticator =>
  ({ ...authenticator, active: false, createdAt: now });

function add(user: User, authenticator: Omit<Authenticator, 'active' | 'createdAt'>, now: number): Authenticator {
  const created = build(authenticator, now);
  user.authenticators.push(created);
  return created;
}

function otpauthUri(ctx: Context, user: User, query: string): string {
  const tenant = encodeURIComponent(ctx.options.tenantName);
  return `otpauth://totp/${tenant}:${encodeURIComponent(user.email)}?${query}`;
}

/**
 * The user's first associate brings the recovery code; no later one does, confirmed or not: recorded, sms then
 * push then otp, unconfirmed, and only the first answer carried `recovery_codes`.
 */
function recoveryCodes(ctx: Context, user: User): { recovery_codes?: string[] } {
  if (user.authenticators.some((a) => a.authenticator_type === 'recovery-code')) return {};
  const code = random.recoveryCode();
  add(user, { id: `recovery-code|${random.deviceSuffix()}`, authenticator_type: 'recovery-code', recoveryCode: code }, ctx.clock.now());
  return { recovery_codes: [code] };
}

export async function associate(ctx: Context, request: Request, fields: Fields): Promise<Response> {
  const caller = await bearer(ctx, request);
  authenticateClient(ctx, fields, request, true);
  const { user } = caller;
  if (caller.kind === 'access_token' && !caller.scopes.has('enroll')) throw errors.insufficientScope('enroll');
  if (caller.kind === 'mfa_token' && ctx.state.hasEnrolledFactor(user)) throw errors.alreadyEnrolled();

  const [type] = list(fields, 'authenticator_types');
  let channel: OobChannel | undefined;
  let address: string | undefined;
  if (type === 'oob') {
    const [wanted] = list(fields, 'oob_channels');
    channel = OOB_CHANNELS.find((c) => c === wanted);
    if (!channel) throw errors.invalid('oob_channels');
    if (channel === 'email') {
      address = required(fields, 'email');
      if (!EMAIL.test(address)) throw errors.invalidEmail();
    } else if (channel === 'sms' || channel === 'voice') {
      address = str(fields, 'phone_number');
      if (!address || !E164.test(address)) throw errors.invalidPhoneNumber();
    }
  } else if (type !== 'otp') {
    throw errors.invalid('authenticator_types');
  }

  if (user.authenticators.length >= MAX_AUTHENTICATORS) throw errors.tooManyAuthenticators();
  const now = ctx.clock.now();

  if (type === 'otp') {
    const secret = generateTotpSecret();
    add(user, { id: `totp|${random.deviceSuffix()}`, authenticator_type: 'otp', secret }, now);
    const tenant = encodeURIComponent(ctx.options.tenantName);
    return json({
      authenticator_type: 'otp',
      secret,
      barcode_uri: otpauthUri(ctx, user, `secret=${secret}&issuer=${tenant}&algorithm=SHA1&digits=6&period=30`),
      ...recoveryCodes(ctx, user),
    });
  }

  // oob authenticators are stored only once their code or push went out: a rate-limited
  // associate (429) must leave no pending authenticator behind.
  if (channel === 'auth0') {
    const totp = build({ id: `totp|${random.deviceSuffix()}`, authenticator_type: 'otp', secret: generateTotpSecret() }, now);
    const push = build({ id: `push|${random.deviceSuffix()}`, authenticator_type: 'oob', oob_channel: 'auth0', pairedId: totp.id }, now);
    totp.pairedId = push.id;
    const tx = startOob(ctx, user, push, [push.id, totp.id]);
    user.authenticators.push(push, totp);
    const baseUrl = encodeURIComponent(ctx.issuer.replace(/\/$/, ''));
    return json({
      authenticator_type: 'oob',
      barcode_uri: otpauthUri(ctx, user, `enrollment_tx_id=${tx.enrollmentTxId}&base_url=${baseUrl}`),
      ...recoveryCodes(ctx, user),
      oob_channel: 'auth0',
      oob_code: tx.oobCode,
    });
  }

  // sms and voice on one phone share a device suffix, as Auth0's do.
  const sibling = user.authenticators.find((a) => a.address === address && a.id.startsWith(channel === 'sms' ? 'voice|' : 'sms|'));
  const suffix = sibling ? sibling.id.split('|')[1] : random.deviceSuffix();
  const phone = (oobChannel: OobChannel) =>
    build({
      id: `${PREFIX[oobChannel]}|${suffix}`,
      authenticator_type: 'oob',
      oob_channel: oobChannel,
      address,
      name: oobChannel === 'email' ? maskEmail(address!) : maskPhone(address!),
    }, now);
  const authenticator = phone(channel!);
  // A tenant with both sms and voice enabled creates both for one phone (Auth0's manage-factors page).
  const other = channel === 'sms' ? 'voice' : channel === 'voice' ? 'sms' : undefined;
  const alongside = ctx.options.smsAndVoice && other && !sibling ? [phone(other)] : [];
  for (const paired of alongside) [paired.pairedId, authenticator.pairedId] = [authenticator.id, paired.id];
  const tx = startOob(ctx, user, authenticator, [authenticator.id, ...alongside.map((a) => a.id)]);
  user.authenticators.push(authenticator, ...alongside);
  return json({
    authenticator_type: 'oob',
    binding_method: 'prompt',
    ...recoveryCodes(ctx, user),
    oob_channel: channel,
    oob_code: tx.oobCode,
  });
}

/** The wire shape of GET /mfa/authenticators, in the recordings' field order. */
export function describe(a: Authenticator): Record<string, unknown> {
  return {
    id: a.id,
    authenticator_type: a.authenticator_type,
    active: a.active,
    ...(a.oob_channel && { oob_channel: a.oob_channel }),
    ...(a.name && { name: a.name }),
  };
}

export async function listAuthenticators(ctx: Context, request: Request): Promise<Response> {
  const caller = await bearer(ctx, request);
  if (caller.kind === 'access_token' && !caller.scopes.has('read:authenticators')) {
    throw errors.insufficientScope('read:authenticators');
  }
  return json(ctx.state.authenticatorsOf(caller.user).map(describe));
}

export async function deleteAuthenticator(ctx: Context, request: Request, encodedId: string): Promise<Response> {
  const caller = await bearer(ctx, request);
  // An mfa_token carries no scope: it may list and associate (the docs), never delete.
  if (!caller.scopes.has('remove:authenticators')) throw errors.insufficientScope('remove:authenticators');
  let id: string;
  try {
    id = decodeURIComponent(encodedId);
  } catch {
    throw errors.authenticatorNotFound();
  }
  const { user } = caller;
  const target = ctx.state.authenticatorsOf(user).find((a) => a.id === id);
  if (!target) throw errors.authenticatorNotFound();
  // Auth0's manage-factors page: recovery codes go only through the Management API, verified emails not at all.
  if (target.authenticator_type === 'recovery-code') throw errors.recoveryCodeNotRemovable();
  if (target.verifiedEmail) throw errors.verifiedEmailNotRemovable();
  // Push and its totp, or an sms and voice created together, are one enrollment: removing one removes both.
  user.authenticators = user.authenticators.filter((a) => a.id !== id && a.id !== target.pairedId);
  // Recorded: 204 with `Content-Type: application/json` and no body.
  return new Response(null, { status: 204, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });
}

export async function challenge(ctx: Context, request: Request, fields: Fields): Promise<Response> {
  authenticateClient(ctx, fields, request);
  const { user } = await mfaToken(ctx, fields, { accessToken: false });
  // Optional: without it Auth0 chooses among the user's factors ("Request MFA challenge").
  const types = (str(fields, 'challenge_type') ?? 'otp oob').split(' ').filter(Boolean);
  if (types.some((t) => t !== 'otp' && t !== 'oob')) throw errors.invalid('challenge_type');
  const authenticatorId = str(fields, 'authenticator_id');

  const active = ctx.state.authenticatorsOf(user).filter((a) => a.active && a.authenticator_type !== 'recovery-code');
  if (active.length === 0) throw errors.associationRequired();
  const matches = (a: Authenticator) => types.includes(a.authenticator_type);
  let target: Authenticator | undefined;
  if (authenticatorId) {
    target = active.find((a) => a.id === authenticatorId);
    if (!target) throw errors.invalid('authenticator_id');
    if (!matches(target)) throw errors.unsupportedChallengeType(types.join(' '));
  } else {
    target = active.find(matches);
    if (!target) throw errors.unsupportedChallengeType(types.join(' '));
  }

  if (target.authenticator_type === 'otp') return json({ challenge_type: 'otp' });
  const tx = startOob(ctx, user, target);
  return json({
    challenge_type: 'oob',
    oob_code: tx.oobCode,
    ...(tx.bindingCode && { binding_method: 'prompt' }),
  });
}
