/** The proxy's own answers, shaped like Auth0's: `{"error","error_description"}`. */
import { jsonError } from '../server/http.ts';

export class ProxyError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${error}: ${description}`);
  }

  toResponse(): Response {
    return jsonError(this.status, this.error, this.description, this.headers);
  }
}

export const refusals = {
  notFound: () => new ProxyError(404, 'not_found', 'Not found.'),
  methodNotAllowed: (allow: string) => new ProxyError(405, 'method_not_allowed', 'Method not allowed.', { Allow: allow }),
  originNotAllowed: () => new ProxyError(403, 'access_denied', 'Origin not allowed.'),
  invalidAuthenticatorId: () => new ProxyError(400, 'invalid_request', 'Invalid authenticator id.'),
  unsupportedMediaType: () =>
    new ProxyError(415, 'invalid_request', 'Content-Type must be application/json or application/x-www-form-urlencoded.'),
  bodyTooLarge: () => new ProxyError(413, 'invalid_request', 'The request body is too large.'),
  bodyTimeout: () => new ProxyError(408, 'request_timeout', 'The request body did not arrive in time.'),
  badJson: () => new ProxyError(400, 'invalid_request', 'The request body is not valid JSON.'),
  missing: (field: string) => new ProxyError(400, 'invalid_request', `Missing required parameter: ${field}`),
  invalid: (field: string) => new ProxyError(400, 'invalid_request', `Invalid parameter: ${field}`),
  unsupportedGrantType: () =>
    new ProxyError(
      400,
      'unsupported_grant_type',
      'Only the mfa-otp, mfa-oob and mfa-recovery-code grants pass this proxy.',
    ),
  rateLimited: (retryAfterS: number) =>
    new ProxyError(429, 'too_many_requests', 'Rate limit exceeded.', { 'Retry-After': String(retryAfterS) }),
  rateLimitUnavailable: () =>
    new ProxyError(503, 'temporarily_unavailable', 'Rate limiting is unavailable; try again shortly.', { 'Retry-After': '1' }),
  upstreamUnreachable: () => new ProxyError(502, 'upstream_unreachable', 'The MFA service could not be reached.'),
  upstreamTimeout: () => new ProxyError(504, 'upstream_timeout', 'The MFA service did not answer in time.'),
  upstreamInvalid: (status: number) =>
    new ProxyError(502, 'upstream_invalid_response', `The MFA service answered ${status} with something other than JSON.`),
  internal: () => new ProxyError(500, 'server_error', 'Internal error.'),
};
