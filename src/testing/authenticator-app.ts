/**
 * A user's authenticator app (Google Authenticator, 1Password…): the TOTP codes of the secrets the user scanned,
 * read from the simulator, never from the page. Push enrollment adds a TOTP secret too, as Auth0's does.
 */
import type { TotpEntry } from '../simulator/control-types.ts';
import type { SimulatorClock } from './clock.ts';
import type { Connection } from './connection.ts';
import { userId, userQuery, type UserRef } from './users.ts';

/** Fewer seconds left than this in the window, and freshCode moves on to the next one: a slow test keeps a live code. */
const MIN_REMAINING_S = 3;

export interface AuthenticatorAppOptions {
  /** Which of the user's TOTP authenticators; default the newest pending one (being enrolled), else the oldest active. */
  authenticator_id?: string;
}

export class AuthenticatorApp {
  constructor(
    readonly connection: Connection,
    readonly clock: SimulatorClock,
    readonly user: UserRef,
    readonly options: AuthenticatorAppOptions = {},
  ) {}

  /** Every entry the app shows: one per TOTP secret of the user, pending or active. */
  entries(): Promise<TotpEntry[]> {
    return this.connection.call<TotpEntry[]>('GET', `/__sim/totp${userQuery(this.user)}`);
  }

  /** The code the app shows now; it may be `used` already (Auth0 takes each once): freshCode() for one that works. */
  async code(): Promise<string> {
    return (await this.#entry()).code;
  }

  /** A code Auth0 has not taken yet: when the current one is used (or about to expire), the clock moves to the next 30 s window. */
  async freshCode(): Promise<string> {
    const entry = await this.#entry();
    if (!entry.used && entry.remaining_s >= MIN_REMAINING_S) return entry.code;
    await this.clock.advance(entry.remaining_s);
    return (await this.#entry()).code;
  }

  /** The base32 TOTP secret, as the QR code carried it: for a test that computes codes itself. */
  async secret(): Promise<string> {
    return (await this.#entry()).secret;
  }

  async #entry(): Promise<TotpEntry> {
    const entries = await this.entries();
    const { authenticator_id } = this.options;
    const entry = authenticator_id
      ? entries.find((e) => e.authenticator_id === authenticator_id)
      : (entries.filter((e) => !e.active).at(-1) ?? entries.find((e) => e.active));
    if (!entry) {
      const which = authenticator_id ?? 'TOTP authenticator (none enrolled with otp or push, nor being enrolled)';
      throw new Error(`The authenticator app of ${userId(this.user)} shows no ${which}.`);
    }
    return entry;
  }
}
