/**
 * A plain HTTP client for Node-side tests: the MFA API as Auth0 serves it at `base`, and the
 * simulator's control API at `control`. The same flows run against the simulator directly and
 * through the proxy by changing `base` and the client credentials.
 */
import { totp } from '../../src/simulator/totp.ts';

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

    sim: {
      createUser: (body: Record<string, unknown> = {}) =>
        call<{ user_id: string; email: string; mfa_token: string }>(`${control}/__sim/users`, jsonInit('POST', body)),
      mfaToken: (userId: string) => call(`${control}/__sim/users/${encodeURIComponent(userId)}/mfa-token`, jsonInit('POST', {})),
      accessToken: (userId: string, scope?: string) =>
        call(`${control}/__sim/users/${encodeURIComponent(userId)}/access-token`, jsonInit('POST', scope ? { scope } : {})),
      outbox: (userId: string) => call<any[]>(`${control}/__sim/outbox?user_id=${encodeURIComponent(userId)}`),
      guardian: (userId: string) => call(`${control}/__sim/guardian?user_id=${encodeURIComponent(userId)}`),
      confirmEnrollment: (txId: string, deviceName?: string) =>
        call(`${control}/__sim/guardian/enrollments/${txId}/confirm`, jsonInit('POST', deviceName ? { device_name: deviceName } : {})),
      answerChallenge: (id: string, answer: 'approve' | 'reject') =>
        call(`${control}/__sim/guardian/challenges/${id}/${answer}`, jsonInit('POST', {})),
      totp: (userId: string) => call<any[]>(`${control}/__sim/totp?user_id=${encodeURIComponent(userId)}`),
      advance: (seconds: number) => call(`${control}/__sim/clock`, jsonInit('POST', { advance_s: seconds })),
      now: async () => Date.parse((await call(`${control}/__sim/clock`)).body.now),
      fault: (fault: Record<string, unknown>) => call(`${control}/__sim/faults`, jsonInit('POST', fault)),
      clearFaults: () => call(`${control}/__sim/faults`, { method: 'DELETE' }),
      reset: () => call(`${control}/__sim/reset`, jsonInit('POST', {})),
    },

    /** The current TOTP code of a secret, at the simulator's time. */
    async code(secret: string): Promise<string> {
      return totp(secret, Date.parse((await call(`${control}/__sim/clock`)).body.now));
    },
  };
}

export type MfaApi = ReturnType<typeof mfaApi>;
