/** What people type or paste as codes, made into what the API expects. */

/** Digits only: pasted `123 456` or `123-456` become `123456`. */
export const normalizeOtp = (value: string): string => value.replace(/[\s-]/g, '').replace(/\D/g, '');

/** Recovery codes: any case, with spaces or dashes. */
export const normalizeRecoveryCode = (value: string): string => value.replace(/[\s-]/g, '').toUpperCase();

export const isRecoveryCode = (value: string): boolean => /^[A-Z0-9]{24}$/.test(value);

/** `N3BG PZZW J85J LCNP ZBDW 6QXC`: groups of four are easier to read and copy by hand. */
export const groupsOfFour = (value: string): string => value.replace(/(.{4})(?=.)/g, '$1 ');
