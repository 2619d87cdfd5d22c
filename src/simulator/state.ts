/** The tenant's memory: users, their authenticators, tokens and pending transactions. */
import { Clock } from './clock.ts';
import { maskEmail } from './mask.ts';
import { TokenBucket } from './rate-limit.ts';
import * as random from './random.ts';

export const MFA_TOKEN_TTL_S = 600;
export const OOB_CODE_TTL_S = 300;
// Pending authenticators never expire: they pile up until the list holds 51 (community thread 95815).
export const MAX_AUTHENTICATORS = 51;
export const POLL_INTERVAL_S = 5;

export type OobChannel = 'auth0' | 'email' | 'sms' | 'voice';

export interface Authenticator {
  id: string;
  authenticator_type: 'otp' | 'oob' | 'recovery-code';
  oob_channel?: OobChannel;
  active: boolean;
  createdAt: number;
  /** Masked phone or email, or the push device's name. */
  name?: string;
  /** Where codes go: an email address or an E.164 number. */
  address?: string;
  secret?: string;
  recoveryCode?: string;
  /** Created together, deleted together: push and its totp; sms and voice of one phone (smsAndVoice). */
  pairedId?: string;
  /** The user's verified email, an authenticator from the start (Auth0's manage-factors page). */
  verifiedEmail?: boolean;
  /** otp: the last 30 s step whose code was accepted; that code and older ones are spent. */
  lastStep?: number;
}

export interface User {
  user_id: string;
  email: string;
  phone_number?: string;
  password: string;
  authenticators: Authenticator[];
  /** Failed codes: 10, refilled one per 6 minutes. */
  attempts: TokenBucket;
  sends: Map<string, TokenBucket>;
}

export interface MfaSession {
  userId: string;
  expiresAt: number;
  scope: string;
  audience?: string;
  clientId?: string;
}

/** An `oob_code` and what it stands for. */
export interface OobTransaction {
  oobCode: string;
  userId: string;
  channel: OobChannel;
  /** Authenticators this transaction activates when it succeeds (an enrollment). */
  activates: string[];
  authenticatorId: string;
  expiresAt: number;
  state: 'pending' | 'approved' | 'rejected' | 'used';
  bindingCode?: string;
  /** Push only: the id the Guardian app sees, and polling pace. */
  guardianId?: string;
  enrollmentTxId?: string;
  lastPollAt?: number;
  intervalS: number;
}

export interface OutboxMessage {
  user_id: string;
  channel: 'email' | 'sms' | 'voice';
  to: string;
  code: string;
  sent_at: string;
}

/** Sends per channel: a burst, then one per interval (PROTOCOL.md, Time and limits). */
export const SEND_LIMITS: Record<OobChannel, { burst: number; refillS: number }> = {
  email: { burst: 20, refillS: 60 },
  sms: { burst: 10, refillS: 3600 },
  voice: { burst: 10, refillS: 3600 },
  auth0: { burst: 5, refillS: 12 },
};

export class State {
  readonly users = new Map<string, User>();
  readonly mfaSessions = new Map<string, MfaSession>();
  readonly transactions = new Map<string, OobTransaction>();
  readonly outbox: OutboxMessage[] = [];

  constructor(readonly clock: Clock) {}

  createUser(fields: { email?: string; phone_number?: string; password?: string; email_verified?: boolean }): User {
    const user_id = random.userId();
    const email = fields.email ?? `user-${user_id.slice(6, 14)}@example.com`;
    const user: User = {
      user_id,
      email,
      phone_number: fields.phone_number,
      password: fields.password ?? DEFAULT_PASSWORD,
      authenticators: [],
      attempts: new TokenBucket(10, 360, this.clock.now()),
      sends: new Map(),
    };
    // "All verified emails will be listed as authenticators" (Auth0, manage-factors page).
    if (fields.email_verified ?? true) {
      user.authenticators.push({
        id: `email|${random.deviceSuffix()}`,
        authenticator_type: 'oob',
        oob_channel: 'email',
        active: true,
        createdAt: this.clock.now(),
        name: maskEmail(email),
        address: email,
        verifiedEmail: true,
      });
    }
    this.users.set(user_id, user);
    return user;
  }

  findUserByEmail(email: string): User | undefined {
    const wanted = email.toLowerCase();
    for (const user of this.users.values()) if (user.email.toLowerCase() === wanted) return user;
    return undefined;
  }

  issueMfaToken(userId: string, details: Partial<MfaSession> = {}): string {
    const token = random.sealedToken();
    this.mfaSessions.set(token, {
      userId,
      scope: 'openid profile',
      ...details,
      expiresAt: this.clock.now() + MFA_TOKEN_TTL_S * 1000,
    });
    return token;
  }

  /** A user's authenticators in the order Auth0 lists them: as associated, the verified email last (recorded). */
  authenticatorsOf(user: User): Authenticator[] {
    return [...user.authenticators.filter((a) => !a.verifiedEmail), ...user.authenticators.filter((a) => a.verifiedEmail)];
  }

  /** An active factor other than email: what makes an mfa_token's associate "already enrolled". */
  hasEnrolledFactor(user: User): boolean {
    return user.authenticators.some((a) => a.active && a.authenticator_type !== 'recovery-code' && a.oob_channel !== 'email');
  }

  /** Confirms an enrollment; the user's first one also confirms their recovery code. */
  activate(user: User, ids: string[]): void {
    for (const authenticator of this.authenticatorsOf(user)) {
      if (ids.includes(authenticator.id)) authenticator.active = true;
      if (authenticator.authenticator_type === 'recovery-code') authenticator.active = true;
    }
  }

  sendBucket(user: User, channel: OobChannel): TokenBucket {
    let bucket = user.sends.get(channel);
    if (!bucket) {
      const { burst, refillS } = SEND_LIMITS[channel];
      bucket = new TokenBucket(burst, refillS, this.clock.now());
      user.sends.set(channel, bucket);
    }
    return bucket;
  }

  reset(): void {
    this.users.clear();
    this.mfaSessions.clear();
    this.transactions.clear();
    this.outbox.length = 0;
    this.clock.reset();
  }
}

export const DEFAULT_PASSWORD = 'correct horse battery staple';
