/** Users of the simulated tenant, and the tokens a login would give them. */
import type { AccessTokenAnswer, CreatedUser } from '../simulator/control-types.ts';
import type { Connection } from './connection.ts';

/** A user of the simulated tenant: plain data, safe to keep in a test. */
export interface SimulatedUser {
  user_id: string;
  email: string;
  /** What the password grant takes: the one given to createUser, or the simulator's default. */
  password: string;
}

/** A user by id: a SimulatedUser, or anything that carries its `user_id`. */
export type UserRef = { user_id: string } | string;

export interface NewUser {
  email?: string;
  /** E.164, such as `+14155550100`. */
  phone_number?: string;
  password?: string;
  /** Default true: the verified email is an active `email` authenticator, as on Auth0. */
  email_verified?: boolean;
}

export const userId = (user: UserRef): string => (typeof user === 'string' ? user : user.user_id);
export const userPath = (user: UserRef): string => `/__sim/users/${encodeURIComponent(userId(user))}`;
export const userQuery = (user: UserRef): string => `?user_id=${encodeURIComponent(userId(user))}`;

export async function createUser(connection: Connection, fields: NewUser, defaultPassword: () => Promise<string>): Promise<SimulatedUser> {
  const { user_id, email } = await connection.call<CreatedUser>('POST', '/__sim/users', { json: fields });
  return { user_id, email, password: fields.password ?? (await defaultPassword()) };
}

/** An mfa_token, as the password grant's `mfa_required` answer gives one. */
export async function mfaToken(connection: Connection, user: UserRef): Promise<string> {
  return (await connection.call<{ mfa_token: string }>('POST', `${userPath(user)}/mfa-token`, { json: {} })).mfa_token;
}

/** An access token for the MFA API audience; default scope `enroll read:authenticators remove:authenticators`. */
export async function accessToken(connection: Connection, user: UserRef, options: { scope?: string } = {}): Promise<string> {
  const answer = await connection.call<AccessTokenAnswer>('POST', `${userPath(user)}/access-token`, { json: options });
  return answer.access_token;
}
