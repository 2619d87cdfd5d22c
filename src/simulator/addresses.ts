/** What the tenant accepts as an email address and as a phone number (E.164). */
export const E164 = /^\+[1-9]\d{6,14}$/;
export const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;
