/** Email addresses as Auth0 takes them: something, `@`, a domain with a dot; no spaces. */
export const isEmailAddress = (value: string): boolean => /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/.test(value);
