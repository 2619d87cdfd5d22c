import type { Authenticator, TokenResponse } from '../api/types.ts';

export interface MfaVerifiedDetail {
  /**
   * The token response as the base URL returned it, less the new `recovery_code` after a recovery-code login (the
   * element has shown it; `include-recovery-code` keeps it).
   */
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
