/** What the user reads: messages as data (flows have no strings), and one mapping of MfaError to words. */
import type { MfaError } from '../api/errors.ts';
import type { StringKey } from '../i18n/en.ts';

export type Translate = (key: StringKey, params?: Record<string, string | number>) => string;

/** A string to show, worded by the view at render time, so that it follows a change of language. */
export interface Message {
  key: StringKey;
  /** Values for its `{placeholders}`; a nested message is worded first (`{device}` → "your phone"). */
  params?: Record<string, string | number | Message>;
}

export function say(t: Translate, { key, params }: Message): string {
  if (!params) return t(key);
  return t(key, Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? say(t, value) : value])));
}

/** Auth0 refills one failed-code attempt every 6 minutes. */
export const LOCKOUT_S = 360;

/** The countdown name a view uses for a lockout. */
export const LOCKOUT = 'lockout';

/**
 * A countdown in `language`, through Intl: `42 sec`, `42 秒`, `٤٢ ثانية` under a minute (the unit and its plural
 * as the language says them), `5:07` (in the language's digits) from a minute on.
 */
export function formatDuration(seconds: number, language = 'en'): string {
  const number = (value: number, digits = 1) =>
    new Intl.NumberFormat(language, { minimumIntegerDigits: digits, useGrouping: false }).format(value);
  if (seconds < 60) return new Intl.NumberFormat(language, { style: 'unit', unit: 'second', unitDisplay: 'short' }).format(seconds);
  return `${number(Math.floor(seconds / 60))}:${number(seconds % 60, 2)}`;
}

/** The string that counts a lockout down, for the two errors that lock the user out for a while. */
export function lockoutKey(error: MfaError): 'tooManyAttempts' | 'rateLimited' | undefined {
  if (error.code === 'too_many_attempts') return 'tooManyAttempts';
  if (error.code === 'rate_limited') return 'rateLimited';
  return undefined;
}

/** `lockoutLeftS`: seconds left of the lockout, shown in its message in `language`. */
export function errorMessage(error: MfaError, t: Translate, lockoutLeftS = 0, language = 'en'): string {
  switch (error.code) {
    case 'invalid_code':
      // Auth0 takes each TOTP code once and says "Invalid otp_code." for a used one too (FIDELITY.md).
      return error.description === 'Invalid otp_code.' ? t('invalidOtpCode') : t('invalidCode');
    case 'too_many_attempts':
    case 'rate_limited':
      return t(lockoutKey(error)!, { time: formatDuration(lockoutLeftS || error.retryAfterS || LOCKOUT_S, language) });
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
    case 'insufficient_scope':
      return t('insufficientScope');
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
