/** The Auth0 MFA API's wire shapes (PROTOCOL.md), as the browser sees them. */

export type OobChannel = 'auth0' | 'email' | 'sms' | 'voice';

export interface Authenticator {
  id: string;
  authenticator_type: 'otp' | 'oob' | 'recovery-code';
  active: boolean;
  /** Singular on the wire; some docs say `oob_channels`: the client normalises to this. */
  oob_channel?: OobChannel;
  /** Masked phone or email, or the push device's name. */
  name?: string;
  /** Only with Customizable MFA. */
  type?: string;
}

export type AssociateRequest =
  | { authenticator_types: ['otp'] }
  | { authenticator_types: ['oob']; oob_channels: ['auth0'] }
  | { authenticator_types: ['oob']; oob_channels: ['email']; email: string }
  | { authenticator_types: ['oob']; oob_channels: ['sms' | 'voice']; phone_number: string };

export interface AssociateResponse {
  authenticator_type: 'otp' | 'oob';
  /** otp: the base32 secret. */
  secret?: string;
  /** otp and push: what the QR code encodes. */
  barcode_uri?: string;
  oob_channel?: OobChannel;
  oob_code?: string;
  binding_method?: 'prompt';
  /** Only on a user's first enrollment. */
  recovery_codes?: string[];
}

export interface ChallengeResponse {
  challenge_type: 'otp' | 'oob';
  oob_code?: string;
  binding_method?: 'prompt';
}

export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  scope?: string;
  expires_in?: number;
  token_type?: string;
  /** The recovery-code grant's new code: the old one is spent. */
  recovery_code?: string;
  [extra: string]: unknown;
}

/** The object Auth0 sends with `mfa_required`. */
export interface MfaRequirements {
  challenge?: { type: string }[];
  enroll?: { type: string }[];
}

export const GRANT_TYPES = {
  otp: 'http://auth0.com/oauth/grant-type/mfa-otp',
  oob: 'http://auth0.com/oauth/grant-type/mfa-oob',
  recoveryCode: 'http://auth0.com/oauth/grant-type/mfa-recovery-code',
} as const;

export type Grant = keyof typeof GRANT_TYPES;
