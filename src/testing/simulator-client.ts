/** The typed client of the simulator's /__sim/ control API: `connectSimulator(url or simulator)`. */
import type { SimulatorConfig } from '../simulator/control-types.ts';
import { AuthenticatorApp, type AuthenticatorAppOptions } from './authenticator-app.ts';
import { SimulatorClock } from './clock.ts';
import { Connection, type SimulatorTarget } from './connection.ts';
import { enroll, type EnrollOptions, type Enrollment, type Factor } from './enroll.ts';
import { Faults } from './faults.ts';
import { Guardian } from './guardian.ts';
import { Inbox } from './inbox.ts';
import { accessToken, createUser, mfaToken, userId, type NewUser, type SimulatedUser, type UserRef } from './users.ts';

export class SimulatorClient {
  readonly connection: Connection;
  readonly clock: SimulatorClock;
  readonly faults: Faults;
  #config?: Promise<SimulatorConfig>;

  constructor(target: SimulatorTarget) {
    this.connection = new Connection(target);
    this.clock = new SimulatorClock(this.connection);
    this.faults = new Faults(this.connection);
  }

  /** What the simulator tells its clients: the public client id, issuer, tenant name, default password. */
  config(): Promise<SimulatorConfig> {
    this.#config ??= this.connection.call<SimulatorConfig>('GET', '/__sim/config').catch((error) => {
      this.#config = undefined;
      throw error;
    });
    return this.#config;
  }

  /** A new user; with no email, one at example.com. A verified email (the default) is an active `email` authenticator. */
  createUser(fields: NewUser = {}): Promise<SimulatedUser> {
    return createUser(this.connection, fields, async () => (await this.config()).default_password);
  }

  /** An mfa_token for the user, as a login that needs the second factor gives one. */
  mfaToken(user: UserRef): Promise<string> {
    return mfaToken(this.connection, user);
  }

  /** An access token for the MFA API audience (list, enroll, remove authenticators). */
  accessToken(user: UserRef, options: { scope?: string } = {}): Promise<string> {
    return accessToken(this.connection, user, options);
  }

  /** The codes sent to the user by email, sms and voice. */
  inbox(user: UserRef): Inbox {
    return new Inbox(this.connection, user);
  }

  /** The user's Guardian app: push enrollments and challenges (without a user: everybody's). */
  guardian(user?: UserRef): Guardian {
    return new Guardian(this.connection, user);
  }

  /** The user's authenticator app: TOTP codes and secrets. */
  authenticatorApp(user: UserRef, options?: AuthenticatorAppOptions): AuthenticatorApp {
    return new AuthenticatorApp(this.connection, this.clock, user, options);
  }

  /** Sets up a user who enrolled `factor` earlier, through the real MFA API. */
  enroll(user: UserRef, factor: Factor, options: EnrollOptions = {}): Promise<Enrollment> {
    return enroll(
      {
        connection: this.connection,
        accessToken: () => this.accessToken(user),
        publicClientId: async () => (await this.config()).public_client_id,
        email: async () => {
          if (typeof user === 'object' && 'email' in user && typeof user.email === 'string') return user.email;
          throw new TypeError(`enroll(${userId(user)}, 'email'): give the SimulatedUser or options.email.`);
        },
        inbox: this.inbox(user),
        guardian: this.guardian(user),
        authenticatorApp: this.authenticatorApp(user),
      },
      user,
      factor,
      options,
    );
  }

  /** Forgets every user, token, message and fault; the clock's offset too. */
  async reset(): Promise<void> {
    await this.connection.call('POST', '/__sim/reset', { json: {} });
  }
}

/**
 * Connects to a simulator: a URL under which `/__sim/` lives (`http://127.0.0.1:4010`, the Vite plugin's
 * `http://localhost:5173/mfa-dev`, or `/mfa-dev` in a page on that origin), or an in-process `createSimulator()`.
 */
export function connectSimulator(target: SimulatorTarget): SimulatorClient {
  return new SimulatorClient(target);
}
