/** What the tenant accepts as an email address and as a phone number (E.164). */
export const E164 = /^\+[1-9]\d{6,14}$/;
// In `u` mode a lone surrogate is a code point of its own (\p{Cs}), refused here: it would pass,
// then make encodeURIComponent throw in the otpauth URI, after a pending authenticator was stored.
export const EMAIL = /^[^\s@\p{Cs}]{1,64}@[^\s@\p{Cs}]{1,255}\.[^\s@\p{Cs}]{2,}$/u;
