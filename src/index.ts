/** Everything, registering nothing: import from `mfa-elements/define/…` to register tags. */
export { MfaChallenge } from './components/mfa-challenge/mfa-challenge.component.ts';
export { MfaEnroll } from './components/mfa-enroll/mfa-enroll.component.ts';
export { MfaRecoveryCodes } from './components/mfa-recovery-codes/mfa-recovery-codes.component.ts';
export { MfaClient, MfaError } from './api/index.ts';
export { MfaSession } from './api/session.ts';
export { ChallengeFlow } from './flows/challenge-flow.ts';
export { EnrollFlow } from './flows/enroll-flow.ts';
export type * from './api/types.ts';
export type { MfaErrorCode } from './api/errors.ts';
export type { MfaVerifiedDetail, MfaVerifiedEvent } from './events/mfa-verified.ts';
export type { MfaEnrolledDetail, MfaEnrolledEvent } from './events/mfa-enrolled.ts';
export type { MfaErrorDetail, MfaErrorEvent } from './events/mfa-error.ts';
export type { MfaStep, MfaStepChangeDetail, MfaStepChangeEvent } from './events/mfa-step-change.ts';
export type { MfaRecoveryCodesSavedDetail, MfaRecoveryCodesSavedEvent } from './events/mfa-recovery-codes-saved.ts';
export type { TokenProvider } from './internal/mfa-element.ts';
export type { EnrollFactor, Factor } from './internal/factors.ts';
export type { Strings } from './i18n/en.ts';
