/** Identifiers and secrets in the formats Auth0 uses. */

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// Every recorded code avoids 0, O and I (7 codes, 168 characters): Auth0 leaves out look-alikes.
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ123456789';

function pick(alphabet: string, length: number): string {
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `totp|dev_WzMZ2sZbUw1wbC2F` and the like. */
export const deviceSuffix = (): string => `dev_${pick(ALNUM, 16)}`;

/** Opaque tokens shaped like Auth0's sealed `Fe26.2*…` values. */
export const sealedToken = (): string =>
  `Fe26.2*SIM*${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;

export const enrollmentTxId = (): string => pick(ALNUM, 32);

/** 24 characters, uppercase letters and digits but 0, O, I: `N3BGPZZWJ85JLCNPZBDW6QXC`. */
export const recoveryCode = (): string => pick(RECOVERY_ALPHABET, 24);

/** Six digits for email, sms and voice. */
export const bindingCode = (): string => pick('0123456789', 6);

export const userId = (): string =>
  `auth0|${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')}`;

export const opaqueId = (): string => pick(ALNUM, 24);
