/**
 * The grants that pass the proxy. Any other grant would let anyone mint tokens with the
 * application's secret (password, client_credentials, refresh_token…), so it never leaves it.
 */
export const MFA_GRANTS = {
  otp: 'http://auth0.com/oauth/grant-type/mfa-otp',
  oob: 'http://auth0.com/oauth/grant-type/mfa-oob',
  recoveryCode: 'http://auth0.com/oauth/grant-type/mfa-recovery-code',
} as const;

export type MfaGrant = (typeof MFA_GRANTS)[keyof typeof MFA_GRANTS];

const ALLOWED = new Set<string>(Object.values(MFA_GRANTS));

export const isMfaGrant = (grantType: unknown): grantType is MfaGrant =>
  typeof grantType === 'string' && ALLOWED.has(grantType);

/** The fields of the MFA grants: the only ones forwarded to /oauth/token. */
export const TOKEN_FIELDS = ['grant_type', 'mfa_token', 'otp', 'oob_code', 'binding_code', 'recovery_code'] as const;

/** The fields of /mfa/challenge, besides the client credentials the proxy adds. */
export const CHALLENGE_FIELDS = ['mfa_token', 'challenge_type', 'authenticator_id'] as const;

/** The fields of /mfa/associate: anything else (`audience`, `scope`, `client_assertion`…) stays behind. */
export const ASSOCIATE_FIELDS = ['authenticator_types', 'oob_channels', 'email', 'phone_number'] as const;
