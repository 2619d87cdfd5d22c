/** What the /__sim/ control API answers: shared by the simulator that sends it and mfa-elements/testing that reads it. */
import type { Fault } from './faults.ts';
import type { OutboxMessage as StoredMessage } from './state.ts';

/** `POST /__sim/users`. */
export interface CreatedUser {
  user_id: string;
  email: string;
  mfa_token: string;
}

/** `POST /__sim/users/{user_id}/access-token`: a token for the MFA API audience. */
export interface AccessTokenAnswer {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
}

/** One entry of `GET /__sim/outbox`: an email, sms or voice code the simulator sent. */
export type OutboxMessage = Omit<StoredMessage, 'user_id'>;

/** `GET /__sim/guardian`: what the Guardian app sees. */
export interface GuardianView {
  /** Push enrollments whose QR code waits to be scanned. */
  enrollments: { enrollment_tx_id: string; user_id: string; expires_at: string }[];
  /** Push challenges waiting for an answer. */
  challenges: { id: string; user_id: string; authenticator_id: string; expires_at: string }[];
}

/** One entry of `GET /__sim/totp`: what an authenticator app shows for one of the user's TOTP secrets. */
export interface TotpEntry {
  authenticator_id: string;
  active: boolean;
  code: string;
  /** Auth0 took this code already (each works once): the next 30 s window's works. */
  used: boolean;
  remaining_s: number;
  /** The base32 secret the app holds, as the QR code carried it. */
  secret: string;
}

/** `GET /__sim/config`: what a client needs to speak to this simulator's MFA API as the public application. */
export interface SimulatorConfig {
  public_client_id: string;
  /** The issuer its tokens name, with a trailing slash. */
  issuer: string;
  tenant_name: string;
  /** The password of users created without one. */
  default_password: string;
}

/** `GET` and `POST /__sim/clock`. */
export interface ClockAnswer {
  now: string;
}

/** The body of `POST /__sim/faults`: a path prefix (every API path when empty), what happens, how many times. */
export type FaultRequest = Partial<Fault>;
