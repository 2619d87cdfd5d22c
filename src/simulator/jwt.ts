/** RS256 JSON Web Tokens and the JWKS that verifies them, on WebCrypto. */
import { base64url, opaqueId } from './random.ts';

const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const encoder = new TextEncoder();

export type JwtClaims = Record<string, unknown> & { exp?: number };

const encodeJson = (value: unknown): string => base64url(encoder.encode(JSON.stringify(value)));

function decodeJson(part: string): unknown {
  const binary = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
}

export class JwtSigner {
  readonly kid = opaqueId();
  #keys?: Promise<CryptoKeyPair>;

  #keyPair(): Promise<CryptoKeyPair> {
    // Generated on first use: a simulator that never signs pays nothing.
    this.#keys ??= crypto.subtle.generateKey(
      { ...ALGORITHM, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
      true,
      ['sign', 'verify'],
    ) as Promise<CryptoKeyPair>;
    return this.#keys;
  }

  async sign(claims: JwtClaims): Promise<string> {
    const input = `${encodeJson({ alg: 'RS256', typ: 'JWT', kid: this.kid })}.${encodeJson(claims)}`;
    const { privateKey } = await this.#keyPair();
    const signature = await crypto.subtle.sign(ALGORITHM, privateKey, encoder.encode(input));
    return `${input}.${base64url(new Uint8Array(signature))}`;
  }

  /** The claims of a token this signer issued, or undefined when the signature does not hold. */
  async verify(token: string): Promise<JwtClaims | undefined> {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    try {
      const header = decodeJson(parts[0]) as { alg?: string; kid?: string };
      if (header.alg !== 'RS256' || header.kid !== this.kid) return undefined;
      const signature = Uint8Array.from(atob(parts[2].replace(/-/g, '+').replace(/_/g, '/')), (c) =>
        c.charCodeAt(0),
      );
      const { publicKey } = await this.#keyPair();
      const valid = await crypto.subtle.verify(
        ALGORITHM,
        publicKey,
        signature,
        encoder.encode(`${parts[0]}.${parts[1]}`),
      );
      return valid ? (decodeJson(parts[1]) as JwtClaims) : undefined;
    } catch {
      return undefined;
    }
  }

  async jwks(): Promise<{ keys: JsonWebKey[] }> {
    const { publicKey } = await this.#keyPair();
    const { kty, n, e } = await crypto.subtle.exportKey('jwk', publicKey);
    return { keys: [{ kty, n, e, alg: 'RS256', use: 'sig', kid: this.kid } as JsonWebKey] };
  }
}
