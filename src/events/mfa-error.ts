import type { MfaErrorCode } from '../api/errors.ts';

export interface MfaErrorDetail {
  /** Stable: see MfaErrorCode. */
  code: MfaErrorCode;
  /** Auth0's error_description, or what went wrong on the way. */
  description: string;
  /** HTTP status; 0 when no answer arrived. */
  status: number;
  /** Whether the user can go on from where they are. */
  recoverable: boolean;
}

export type MfaErrorEvent = CustomEvent<MfaErrorDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'mfa-error': MfaErrorEvent;
  }
}
