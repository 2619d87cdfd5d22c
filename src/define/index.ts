/** Registers every element: `<mfa-challenge>`, `<mfa-enroll>` and `<mfa-recovery-codes>`. */
export * from './mfa-challenge.ts';
