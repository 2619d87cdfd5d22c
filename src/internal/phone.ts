/** Phone numbers as people type them, made into the E.164 form Auth0 wants (`+14155550123`). */

export type PhoneProblem = 'empty' | 'characters' | 'country-code' | 'length';

export type PhoneResult = { ok: true; e164: string } | { ok: false; problem: PhoneProblem };

/** What may stand between digits: spaces, dashes of any kind, dots, slashes, parentheses. */
const SEPARATORS = /[\s\u00a0\u202f.\-\u2010-\u2015\u2212/()]/g;

/** Countries whose numbers keep their leading 0 after the country code (Italy, San Marino, Vatican). */
const KEEP_LEADING_ZERO = new Set(['39', '378', '379']);

/**
 * `+1 (415) 555-0123`, `0044 20 7946 0958`, `+44 (0)20 7946 0958` → E.164. Without a leading `+` or
 * `00`, the number is read as national with `defaultCountryCode` (`1`, `+44`), its trunk 0 dropped;
 * with none set it needs its country code. E.164 allows 15 digits; 8 is the shortest we accept.
 */
export function toE164(typed: string, defaultCountryCode = ''): PhoneResult {
  let text = typed.trim();
  if (!text) return { ok: false, problem: 'empty' };
  // "+44 (0)20 …": the (0) is the trunk prefix written for national callers.
  text = text.replace(/^(\+|00)(\d{1,3})\s*\(0\)/, '$1$2');
  const compact = text.replace(SEPARATORS, '');
  if (!/^\+?\d+$/.test(compact)) return { ok: false, problem: 'characters' };
  let digits: string;
  if (compact.startsWith('+')) digits = compact.slice(1);
  else if (compact.startsWith('00')) digits = compact.slice(2);
  else {
    const country = defaultCountryCode.replace(/\D/g, '');
    if (!country) return { ok: false, problem: 'country-code' };
    let national = compact;
    if (country === '1' && national.length === 11 && national.startsWith('1')) national = national.slice(1);
    else if (!KEEP_LEADING_ZERO.has(country)) national = national.replace(/^0/, '');
    digits = country + national;
  }
  // No country code starts with 0.
  if (digits.startsWith('0')) return { ok: false, problem: 'country-code' };
  if (digits.length < 8 || digits.length > 15) return { ok: false, problem: 'length' };
  return { ok: true, e164: `+${digits}` };
}
