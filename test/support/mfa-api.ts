/**
 * Raw MFA API calls for Node-side protocol tests: every answer as it came (status, body, headers), bad requests
 * included, at `base` (the simulator's root, or the proxy's prefix). The same flows run against the simulator
 * directly and through the proxy by changing `base` and the client credentials. The simulator's control API is
 * mfa-elements/testing's client, `sim`.
 */
import { totp } from '../../src/simulator/totp.ts';
import { connectSimulator, type NewUser } from '../../src/testing/index.ts';

export const GRANTS = {
  otp: 'http://auth0.com/oauth/grant-type/mfa-otp',
  oob: 'http://auth0.com/oauth/grant-type/mfa-oob',
  recoveryCode: 'http://auth0.com/oauth/grant-type/mfa-recovery-code',
} as const;

export interface Target {
  /** Where the MFA API is: the simulator's root, or the proxy's prefix. */
  base: string;
  /** Where the simulator's /__sim/ control API is. */
  control: string;
  /** What the caller adds to /mfa/challenge and /oauth/token (nothing, behind the proxy). */
  client: Record<string, string>;
}

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

async function call<T = any>(url: string, init: RequestInit = {}): Promise<Answer<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: the test sees the text.
  }
  return { status: response.status, body, headers: response.headers };
}

const jsonInit = (method: string, body: unknown, token?: string): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) },
  body: body === undefined ? undefined : JSON.stringify(body),
});

export function mfaApi(target: Target) {
  const { base, control, client } = target;
  const sim = connectSimulator(control);
  return {
    /** Any request to the MFA API, for what the named calls cannot express (raw bodies, odd paths). */
    request: (path: string, init?: RequestInit) => call(`${base}${path}`, init),
    associate: (token: string, body: Record<string, unknown>) => call(`${base}/mfa/associate`, jsonInit('POST', body, token)),
    authenticators: (token: string) => call<any[]>(`${base}/mfa/authenticators`, { headers: { Authorization: `Bearer ${token}` } }),
    remove: (token: string, id: string) =>
      call(`${base}/mfa/authenticators/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } }),
    challenge: (body: Record<string, unknown>) => call(`${base}/mfa/challenge`, jsonInit('POST', { ...client, ...body })),
    token: (fields: Record<string, string>) =>
      call(`${base}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...client, ...fields }),
      }),

    /** The simulator's control API, through mfa-elements/testing. */
    sim,

    /** A new user and an mfa_token, as a login that needs the second factor gives. */
    async newUser(fields: NewUser = {}) {
      const { user_id, email } = await sim.createUser(fields);
      return { user_id, email, mfa_token: await sim.mfaToken(user_id) };
    },

    /** The current TOTP code of a secret, at the simulator's time. */
    async code(secret: string): Promise<string> {
      return totp(secret, (await sim.clock.now()).getTime());
    },
  };
}

export type MfaApi = ReturnType<typeof mfaApi>;
