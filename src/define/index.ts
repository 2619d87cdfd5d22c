/** Registers every element: `<mfa-challenge>`, `<mfa-enroll>`, `<mfa-recovery-codes>` and `<mfa-authenticators>`. */
export * from './mfa-authenticators.ts';
export * from './mfa-challenge.ts';
export * from './mfa-enroll.ts';
export * from './mfa-recovery-codes.ts';
