/** What the user reads for an MfaError: one mapping for every element. */
import type { MfaError } from '../api/errors.ts';
import { formatDuration } from '../controllers/countdown-controller.ts';
import type { StringKey } from '../i18n/en.ts';

export type Translate = (key: StringKey, params?: Record<string, string | number>) => string;

/** Auth0 refills one failed-code attempt every 6 minutes. */
export const LOCKOUT_S = 360;

/** The countdown name elements use for a lockout. */
export const LOCKOUT = 'lockout';

/** The string that counts a lockout down, for the two errors that lock the user out for a while. */
export function lockoutKey(error: MfaError): 'tooManyAttempts' | 'rateLimited' | undefined {
  if (error.code === 'too_many_attempts') return 'tooManyAttempts';
  if (error.code === 'rate_limited') return 'rateLimited';
  return undefined;
}

/** `lockoutLeftS`: seconds left of a lockout already counting down, 0 when none. */
export function errorMessage(error: MfaError, t: Translate, lockoutLeftS = 0): string {
  switch (error.code) {
    case 'invalid_code':
      // Auth0 takes each TOTP code once and says "Invalid otp_code." for a used one too (FIDELITY.md).
      return error.description === 'Invalid otp_code.' ? t('invalidOtpCode') : t('invalidCode');
    case 'too_many_attempts':
    case 'rate_limited':
      return t(lockoutKey(error)!, { time: formatDuration(lockoutLeftS || error.retryAfterS || LOCKOUT_S) });
    case 'oob_code_expired':
      return t('codeExpired');
    case 'network':
      return t('networkError');
    case 'server_error':
    case 'bad_response':
      return t('serverError');
    case 'mfa_token_expired':
    case 'invalid_token':
    case 'no_token':
      return t('sessionExpired');
    case 'no_token_provider':
      return t('noTokenProvider');
    case 'mfa_token_required':
      return t('mfaTokenRequired');
    case 'no_authenticators':
    case 'association_required':
      return t('noMethods');
    case 'already_enrolled':
      return t('enrollAlreadyEnrolled');
    case 'invalid_email':
      return t('enrollEmailInvalid');
    case 'invalid_phone_number':
      return t('enrollPhoneRefused');
    default:
      return t('unexpectedError', { description: error.description });
  }
}
