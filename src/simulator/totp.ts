/** RFC 4648 base32 and RFC 6238 TOTP (SHA1, 6 digits, 30 s), on WebCrypto so it runs anywhere. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const TOTP_PERIOD_S = 30;

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Uint8Array {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new Error('Invalid base32 character');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

/** A new 160-bit secret: 32 base32 characters, as Auth0 issues. */
export function generateTotpSecret(): string {
  return base32Encode(crypto.getRandomValues(new Uint8Array(20)));
}

/** HOTP (RFC 4226) of one counter value. */
export async function hotp(
  key: Uint8Array,
  counter: number,
  digits = 6,
  hash: 'SHA-1' | 'SHA-256' | 'SHA-512' = 'SHA-1',
): Promise<string> {
  const message = new DataView(new ArrayBuffer(8));
  message.setUint32(0, Math.floor(counter / 2 ** 32));
  message.setUint32(4, counter >>> 0);
  const cryptoKey = await crypto.subtle.importKey('raw', key as BufferSource, { name: 'HMAC', hash }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, message.buffer));
  const offset = mac[mac.length - 1] & 0x0f;
  const binary =
    ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The TOTP code of a base32 secret at a time in milliseconds. */
export function totp(secret: string, atMs: number): Promise<string> {
  return hotp(base32Decode(secret), Math.floor(atMs / 1000 / TOTP_PERIOD_S));
}

/** The 30 s step whose code `code` is: the current one or the previous one, as Auth0 accepts; else undefined. */
export async function totpStep(secret: string, code: string, atMs: number): Promise<number | undefined> {
  const current = Math.floor(atMs / 1000 / TOTP_PERIOD_S);
  for (const step of [current, current - 1]) {
    if ((await hotp(base32Decode(secret), step)) === code) return step;
  }
  return undefined;
}

/** Accepts the current code and the previous step's, as Auth0 does. */
export async function verifyTotp(secret: string, code: string, atMs: number): Promise<boolean> {
  return (await totpStep(secret, code, atMs)) !== undefined;
}
