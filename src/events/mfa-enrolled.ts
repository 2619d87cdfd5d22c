import type { OobChannel, TokenResponse } from '../api/types.ts';
import type { EnrollFactor } from '../internal/factors.ts';

export interface MfaEnrolledDetail {
  /** The factor the user enrolled: `otp`, `push`, `email`, `sms` or `voice`. */
  factor: EnrollFactor;
  /** Auth0's `authenticator_type` of the new authenticator. */
  authenticatorType: 'otp' | 'oob';
  /** Auth0's `oob_channel`, for `oob` authenticators: `auth0` (push), `email`, `sms`, `voice`. */
  oobChannel?: OobChannel;
  /** The token response of the grant that confirmed the enrollment, exactly as the base URL returned it. */
  tokens: TokenResponse;
}

export type MfaEnrolledEvent = CustomEvent<MfaEnrolledDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'mfa-enrolled': MfaEnrolledEvent;
  }
}
