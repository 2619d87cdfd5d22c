import type { Factor } from '../internal/factors.ts';

export interface MfaStepChangeDetail {
  /**
   * The step now shown. `<mfa-challenge>`: `loading`, `select`, a factor's step, `new-recovery-code`, `done`, `error`.
   * `<mfa-enroll>`: `loading`, `choose`, `otp`, `push`, `address`, `code`, `recovery-codes`, `done`, `error`.
   */
  step: string;
  /** The factor in use, when a step belongs to one. */
  factor?: Factor;
}

export type MfaStepChangeEvent = CustomEvent<MfaStepChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'mfa-step-change': MfaStepChangeEvent;
  }
}
