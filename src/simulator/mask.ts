/** How Auth0 shows an enrolled address: `XXXXXXXXX9167`, `****@exam*******`. */
export function maskPhone(phone: string): string {
  return 'X'.repeat(Math.max(0, phone.length - 4)) + phone.slice(-4);
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const domain = email.slice(at + 1);
  return '*'.repeat(at) + '@' + domain.slice(0, 4) + '*'.repeat(Math.max(0, domain.length - 4));
}
