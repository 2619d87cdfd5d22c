/** Registers every element: `<mfa-challenge>`, `<mfa-enroll>` and `<mfa-recovery-codes>`. */
export * from './mfa-challenge.ts';
export * from './mfa-enroll.ts';
export * from './mfa-recovery-codes.ts';
