/** Which element fires which events: framework wrappers and typings are made from these maps. */
import type { MfaAuthenticatorRemovedEvent } from './mfa-authenticator-removed.ts';
import type { MfaEnrolledEvent } from './mfa-enrolled.ts';
import type { MfaErrorEvent } from './mfa-error.ts';
import type { MfaRecoveryCodesSavedEvent } from './mfa-recovery-codes-saved.ts';
import type { MfaStepChangeEvent } from './mfa-step-change.ts';
import type { MfaVerifiedEvent } from './mfa-verified.ts';

export interface MfaChallengeEventMap {
  'mfa-verified': MfaVerifiedEvent;
  'mfa-error': MfaErrorEvent;
  'mfa-step-change': MfaStepChangeEvent;
}

export interface MfaEnrollEventMap {
  'mfa-enrolled': MfaEnrolledEvent;
  'mfa-error': MfaErrorEvent;
  'mfa-step-change': MfaStepChangeEvent;
}

/** `mfa-enrolled` and `mfa-error` include those of the `<mfa-enroll>` it shows to add a method. */
export interface MfaAuthenticatorsEventMap {
  'mfa-authenticator-removed': MfaAuthenticatorRemovedEvent;
  'mfa-enrolled': MfaEnrolledEvent;
  'mfa-error': MfaErrorEvent;
  'mfa-step-change': MfaStepChangeEvent;
}

export interface MfaRecoveryCodesEventMap {
  'mfa-recovery-codes-saved': MfaRecoveryCodesSavedEvent;
}

/** `mfa-step-change` → `MfaStepChange`: the event's name as frameworks spell handler props (`onMfaStepChange`). */
export type PascalEvent<Name extends string> = Name extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${PascalEvent<Tail>}`
  : Capitalize<Name>;
