/**
 * A user who enrolled a factor earlier, set up through the real MFA API as the public application would
 * (associate, then confirm with the code the phone or inbox got), not by writing the simulator's state.
 */
import { GRANT_TYPES, type AssociateResponse, type Authenticator } from '../api/types.ts';
import { associateRequest, ENROLL_ORDER, type EnrollFactor } from '../internal/factors.ts';
import type { AuthenticatorApp } from './authenticator-app.ts';
import type { Connection } from './connection.ts';
import type { Guardian } from './guardian.ts';
import type { Inbox } from './inbox.ts';
import { userId, type UserRef } from './users.ts';

/** What `enroll()` sets up: the factors `<mfa-enroll>` offers. */
export type Factor = EnrollFactor;

export interface EnrollOptions {
  /** For `email`: the address (default the user's email). */
  email?: string;
  /** For `sms` and `voice`: the number (default `+14155550100`). */
  phone_number?: string;
  /** For `push`: what the authenticator list names the phone (default `Simulated phone`). */
  device_name?: string;
}

export interface Enrollment {
  /** The new active authenticator's id, as `GET /mfa/authenticators` lists it. */
  authenticator_id: string;
  /** The recovery code, on the user's first enrollment only (as on Auth0). */
  recovery_code?: string;
}

/** What enrolling needs from the client: a token, the public client id, and the phone and inbox. */
export interface EnrollContext {
  connection: Connection;
  accessToken: () => Promise<string>;
  publicClientId: () => Promise<string>;
  email: (user: UserRef) => Promise<string>;
  inbox: Inbox;
  guardian: Guardian;
  authenticatorApp: AuthenticatorApp;
}

const DEFAULT_PHONE = '+14155550100';

/** The address an email, sms or voice enrollment sends its code to; none for otp and push. */
async function addressOf(factor: Factor, options: EnrollOptions, email: () => Promise<string>): Promise<string | undefined> {
  // A test in plain JavaScript may pass any string: name the ones there are.
  if (!ENROLL_ORDER.includes(factor)) {
    throw new TypeError(`enroll: unknown factor ${JSON.stringify(factor)}; one of otp, email, sms, voice, push.`);
  }
  if (factor === 'email') return options.email ?? (await email());
  if (factor === 'sms' || factor === 'voice') return options.phone_number ?? DEFAULT_PHONE;
  return undefined;
}

export async function enroll(ctx: EnrollContext, user: UserRef, factor: Factor, options: EnrollOptions = {}): Promise<Enrollment> {
  const { connection } = ctx;
  const body = associateRequest(factor, await addressOf(factor, options, () => ctx.email(user)));
  // An MFA API access token works for a first enrollment and for more: the user may have enrolled before.
  const token = await ctx.accessToken();
  const list = () => connection.call<Authenticator[]>('GET', '/mfa/authenticators', undefined, token);
  const before = new Set((await list()).map((a) => a.id));
  const associated = await connection.call<AssociateResponse>('POST', '/mfa/associate', { json: body }, token);
  const grant = async (grant: keyof typeof GRANT_TYPES, fields: Record<string, string>) =>
    connection.call('POST', '/oauth/token', {
      form: { grant_type: GRANT_TYPES[grant], client_id: await ctx.publicClientId(), mfa_token: token, ...fields },
    });

  if (factor === 'otp') {
    const entry = (await ctx.authenticatorApp.entries()).find((e) => e.secret === associated.secret);
    if (!entry) throw new Error(`enroll: the simulator shows no authenticator-app entry for the new otp of ${userId(user)}.`);
    await grant('otp', { otp: entry.code });
  } else if (factor === 'push') {
    await ctx.guardian.confirmNext({ device_name: options.device_name });
    await grant('oob', { oob_code: associated.oob_code! });
  } else {
    await grant('oob', { oob_code: associated.oob_code!, binding_code: await ctx.inbox.lastCode(factor) });
  }

  const channel = factor === 'push' ? 'auth0' : factor;
  const added = (await list()).find((a) => !before.has(a.id) && (factor === 'otp' ? a.authenticator_type === 'otp' : a.oob_channel === channel));
  if (!added) throw new Error(`enroll: no new active ${factor} authenticator for ${userId(user)} after confirming it.`);
  return { authenticator_id: added.id, ...(associated.recovery_codes && { recovery_code: associated.recovery_codes[0] }) };
}
