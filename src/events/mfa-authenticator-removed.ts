import type { Authenticator } from '../api/types.ts';

export interface MfaAuthenticatorRemovedDetail {
  /** The authenticator removed, as Auth0 listed it (`id`, `authenticator_type`, `active`, `oob_channel`, masked `name`). */
  authenticator: Authenticator;
}

export type MfaAuthenticatorRemovedEvent = CustomEvent<MfaAuthenticatorRemovedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'mfa-authenticator-removed': MfaAuthenticatorRemovedEvent;
  }
}
