/** Every failure the client can meet, as one error type with a stable `code`. */
import type { Grant } from './types.ts';

export type MfaErrorCode =
  | 'authorization_pending'
  | 'slow_down'
  | 'rejected'
  | 'invalid_code'
  | 'code_required'
  | 'mfa_token_expired'
  | 'oob_code_expired'
  | 'invalid_token'
  | 'mfa_token_required'
  | 'already_enrolled'
  | 'invalid_phone_number'
  | 'invalid_email'
  | 'unsupported_challenge_type'
  | 'association_required'
  | 'too_many_attempts'
  | 'rate_limited'
  | 'unauthorized_client'
  | 'insufficient_scope'
  | 'invalid_request'
  | 'server_error'
  | 'bad_response'
  | 'network'
  | 'no_authenticators'
  | 'no_token'
  | 'no_token_provider';

/** Codes a user can recover from where they are: retry, wait, or type again. */
const RECOVERABLE = new Set<MfaErrorCode>([
  'authorization_pending',
  'slow_down',
  'rejected',
  'invalid_code',
  'code_required',
  'oob_code_expired',
  'invalid_phone_number',
  'invalid_email',
  'too_many_attempts',
  'rate_limited',
  'server_error',
  'bad_response',
  'network',
]);

export class MfaError extends Error {
  override readonly name = 'MfaError';
  readonly recoverable: boolean;

  constructor(
    readonly code: MfaErrorCode,
    readonly description: string,
    /** The HTTP status; 0 when no answer arrived. */
    readonly status = 0,
    /** Seconds to wait, from `Retry-After`. */
    readonly retryAfterS?: number,
  ) {
    super(description);
    this.recoverable = RECOVERABLE.has(code);
  }

  /** What `mfa-error` events carry. */
  toDetail() {
    return { code: this.code, description: this.description, status: this.status, recoverable: this.recoverable };
  }
}

/** Maps an Auth0 error answer to a stable code; `grant` tells apart the meanings of `invalid_grant`. */
export function classify(status: number, error: string, description: string, grant?: Grant): MfaErrorCode {
  const text = description.toLowerCase();
  switch (error) {
    case 'authorization_pending':
    case 'slow_down':
    case 'too_many_attempts':
    case 'association_required':
    case 'unsupported_challenge_type':
      return error;
    case 'too_many_requests':
      return 'rate_limited';
    case 'expired_token':
      return text.includes('oob_code') ? 'oob_code_expired' : 'mfa_token_expired';
    case 'access_denied':
      if (text.includes('already enrolled')) return 'already_enrolled';
      if (grant === 'oob') return 'rejected';
      // A token without the call's scope: some answers say access_denied rather than insufficient_scope.
      if (text.includes('scope')) return 'insufficient_scope';
      return status === 401 ? 'unauthorized_client' : 'invalid_request';
    case 'invalid_grant':
      // 401 on /mfa/* is a bad or expired Bearer.
      if (status === 401) return 'mfa_token_expired';
      // Not an mfa_token at all, an MFA-API access token say (Auth0 community thread 64112).
      if (text.includes('malformed mfa_token')) return 'mfa_token_required';
      if (text.includes('malformed') || text.includes('mfa_token')) return 'invalid_token';
      if (text.includes('otp_code') || text.includes('binding_code') || grant === 'recoveryCode') return 'invalid_code';
      if (text.includes('oob_code')) return 'oob_code_expired';
      return grant === 'oob' ? 'rejected' : 'invalid_code';
    case 'insufficient_scope':
      return 'insufficient_scope';
    case 'invalid_client':
    case 'unauthorized_client':
      return 'unauthorized_client';
    case 'invalid_request':
      // Some tenants answer too many attempts as invalid_request with the same text.
      if (text.includes('too many failed codes')) return 'too_many_attempts';
      if (text.includes('phone number')) return 'invalid_phone_number';
      if (text.includes('email')) return 'invalid_email';
      if (text.includes('binding_code')) return 'code_required';
      return 'invalid_request';
    default:
      return status >= 500 ? 'server_error' : 'invalid_request';
  }
}
