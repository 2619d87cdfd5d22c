/** Everything, registering nothing: import from `mfa-elements/define/…` to register tags. */
export { MfaChallenge } from './components/mfa-challenge/mfa-challenge.component.ts';
export { MfaClient, MfaError } from './api/index.ts';
export type * from './api/types.ts';
export type { MfaErrorCode } from './api/errors.ts';
export type { MfaVerifiedDetail, MfaVerifiedEvent } from './events/mfa-verified.ts';
export type { MfaErrorDetail, MfaErrorEvent } from './events/mfa-error.ts';
export type { MfaStepChangeDetail, MfaStepChangeEvent } from './events/mfa-step-change.ts';
export type { TokenProvider } from './internal/mfa-element.ts';
export type { Factor } from './internal/factors.ts';
export type { Strings } from './i18n/en.ts';
