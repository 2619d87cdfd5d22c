import type { AuthenticatorsStep } from '../flows/authenticators-flow.ts';
import type { ChallengeStep } from '../flows/challenge-flow.ts';
import type { EnrollStep } from '../flows/enroll-flow.ts';
import type { Factor } from '../internal/factors.ts';

/** Every step an element shows: the names `mfa-step-change` carries. */
export type MfaStep = ChallengeStep | EnrollStep | AuthenticatorsStep;

export interface MfaStepChangeDetail {
  /**
   * The step now shown. `<mfa-challenge>`: `loading`, `select`, `otp`, `push`, `email`, `sms`, `voice`,
   * `recovery-code`, `new-recovery-code`, `done`, `error`. `<mfa-enroll>`: `loading`, `choose`, `otp`, `push`,
   * `address`, `code`, `recovery-codes`, `done`, `error`. `<mfa-authenticators>`: `loading`, `list`, `confirm`, `add`,
   * `error`.
   */
  step: MfaStep;
  /** The factor in use, when a step belongs to one. */
  factor?: Factor;
}

export type MfaStepChangeEvent = CustomEvent<MfaStepChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'mfa-step-change': MfaStepChangeEvent;
  }
}
