/** Auth0's error answers: `{"error","error_description"}` with the status and strings of PROTOCOL.md. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${error}: ${description}`);
  }
}

const BEARER_INVALID = 'The mfa_token provided is invalid. Try getting a new token.';

export const errors = {
  authorizationPending: () =>
    new ApiError(400, 'authorization_pending', 'Authorization pending: please repeat the request in a few seconds.'),
  rejected: () => new ApiError(400, 'access_denied', 'MFA Authorization rejected.'),
  slowDown: (intervalS: number) =>
    new ApiError(429, 'slow_down', `You are polling faster than allowed. Try again in ${intervalS} seconds.`),
  invalidOtp: () => new ApiError(403, 'invalid_grant', 'Invalid otp_code.'),
  invalidBindingCode: () => new ApiError(403, 'invalid_grant', 'Invalid binding_code.'),
  invalidRecoveryCode: () => new ApiError(403, 'invalid_grant', 'MFA Authorization rejected.'),
  bindingCodeRequired: () => new ApiError(400, 'invalid_request', 'binding_code is required'),
  mfaTokenExpired: () => new ApiError(403, 'expired_token', 'mfa_token is expired'),
  oobCodeExpired: () => new ApiError(403, 'expired_token', 'oob_code is expired'),
  malformedMfaToken: () => new ApiError(403, 'invalid_grant', 'Malformed mfa_token'),
  invalidOobCode: () => new ApiError(403, 'invalid_grant', 'Invalid oob_code.'),
  invalidBearer: () => new ApiError(401, 'invalid_grant', BEARER_INVALID),
  alreadyEnrolled: () => new ApiError(403, 'access_denied', 'User is already enrolled.'),
  // Auth0's scope check words it so (seen on its Management API); an mfa_token has none of these scopes.
  insufficientScope: (scope: string) =>
    new ApiError(403, 'insufficient_scope', `Insufficient scope, expected any of: ${scope}`),
  recoveryCodeNotRemovable: () => new ApiError(403, 'access_denied', 'The recovery code cannot be removed with the MFA API.'),
  verifiedEmailNotRemovable: () => new ApiError(403, 'access_denied', 'A verified email cannot be removed.'),
  invalidPhoneNumber: () => new ApiError(400, 'invalid_request', 'The phone number is invalid.'),
  invalidEmail: () => new ApiError(400, 'invalid_request', 'The email is invalid.'),
  unsupportedChallengeType: (type: string) =>
    new ApiError(
      401,
      'unsupported_challenge_type',
      `User does not have any enrolled authenticator with the supported challenge type (${type})`,
    ),
  associationRequired: () =>
    new ApiError(400, 'association_required', 'User does not have any confirmed authenticator. Associate one first.'),
  tooManyAttempts: () =>
    new ApiError(429, 'too_many_attempts', 'Too many failed codes. Wait for some minutes before retrying.'),
  rateLimited: (limit: number, retryAfterS: number, resetAtS: number) =>
    new ApiError(429, 'too_many_requests', 'Rate limit exceeded.', {
      'Retry-After': String(retryAfterS),
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(resetAtS),
    }),
  tooManyAuthenticators: () =>
    new ApiError(400, 'invalid_request', 'The user has reached the maximum of 51 authenticators.'),
  authenticatorNotFound: () => new ApiError(404, 'not_found', 'Authenticator not found.'),
  missing: (field: string) => new ApiError(400, 'invalid_request', `Missing required parameter: ${field}`),
  invalid: (field: string) => new ApiError(400, 'invalid_request', `Invalid parameter: ${field}`),
  unauthorizedClient: () => new ApiError(401, 'access_denied', 'Unauthorized'),
  unsupportedGrantType: (grant: string) =>
    new ApiError(400, 'unsupported_grant_type', `Grant type '${grant}' not allowed for the client.`),
  wrongCredentials: () => new ApiError(403, 'invalid_grant', 'Wrong email or password.'),
  badJson: () => new ApiError(400, 'invalid_request', 'The request body is not valid JSON.'),
  unsupportedMediaType: () =>
    new ApiError(415, 'invalid_request', 'Content-Type must be application/json or application/x-www-form-urlencoded.'),
  // The rest of the body stays unread on the socket: the connection cannot serve another request.
  bodyTimeout: () => new ApiError(408, 'request_timeout', 'The request body did not arrive in time.'),
  bodyTooLarge: () => new ApiError(413, 'invalid_request', 'The request body is too large.'),
  notFound: () => new ApiError(404, 'not_found', 'Not found.'),
  methodNotAllowed: (allow: string[]) =>
    new ApiError(405, 'method_not_allowed', 'Method not allowed.', { Allow: allow.join(', ') }),
};
