import type { Authenticator, TokenResponse } from '../api/types.ts';

export interface MfaVerifiedDetail {
  /** The token response exactly as the base URL returned it. */
  tokens: TokenResponse;
  /** The authenticator the user verified with. */
  authenticator: Authenticator;
}

export type MfaVerifiedEvent = CustomEvent<MfaVerifiedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'mfa-verified': MfaVerifiedEvent;
  }
}
