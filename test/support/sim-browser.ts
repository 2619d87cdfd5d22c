/**
 * Browser-side helpers for element tests: each test file gets its own simulator (`/sim/{name}`) in the
 * test server, and sets users up through the simulator's own API, never a mock of it.
 */
import { GRANT_TYPES } from '../../src/api/types.ts';
import { SIMULATOR_DEFAULTS } from '../../src/simulator/index.ts';
import { totp } from '../../src/simulator/totp.ts';

export interface Mode {
  name: 'proxy' | 'public';
  apiBase: string;
  clientId: string;
}

/** The two ways a page is set up: behind the proxy (confidential app), or straight to Auth0 (public app). */
export const modes = (sim: string): Mode[] => [
  { name: 'proxy', apiBase: `/proxy/${sim}`, clientId: '' },
  { name: 'public', apiBase: `/sim/${sim}`, clientId: SIMULATOR_DEFAULTS.publicClientId },
];

export type Channel = 'auth0' | 'email' | 'sms' | 'voice';

async function call(url: string, init: RequestInit = {}): Promise<any> {
  const response = await fetch(url, init);
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text}`);
  return body;
}

const post = (url: string, body: unknown = {}, token?: string) =>
  call(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });

export class SimUser {
  recoveryCode = '';
  secrets: string[] = [];

  constructor(
    readonly sim: TestSimulator,
    readonly user_id: string,
    readonly email: string,
  ) {}

  mfaToken(): Promise<string> {
    return post(`${this.sim.base}/__sim/users/${encodeURIComponent(this.user_id)}/mfa-token`).then((b) => b.mfa_token);
  }

  accessToken(scope?: string): Promise<string> {
    return post(`${this.sim.base}/__sim/users/${encodeURIComponent(this.user_id)}/access-token`, scope ? { scope } : {}).then(
      (b) => b.access_token,
    );
  }

  outbox(): Promise<{ channel: string; to: string; code: string; sent_at: string }[]> {
    return call(`${this.sim.base}/__sim/outbox?user_id=${encodeURIComponent(this.user_id)}`);
  }

  async lastCode(): Promise<string> {
    const messages = await this.outbox();
    return messages[messages.length - 1].code;
  }

  guardian(): Promise<{ enrollments: { enrollment_tx_id: string }[]; challenges: { id: string }[] }> {
    return call(`${this.sim.base}/__sim/guardian?user_id=${encodeURIComponent(this.user_id)}`);
  }

  async answerPush(answer: 'approve' | 'reject'): Promise<void> {
    const { challenges } = await this.guardian();
    if (challenges.length !== 1) throw new Error(`expected one pending push, found ${challenges.length}`);
    await post(`${this.sim.base}/__sim/guardian/challenges/${challenges[0].id}/${answer}`);
  }

  async totpCode(secret = this.secrets[0]): Promise<string> {
    return totp(secret, await this.sim.now());
  }

  /** Enrolls and confirms a factor through the API, as if the user had done it earlier. */
  async enroll(factor: 'otp' | Channel, address?: string): Promise<void> {
    const token = this.secrets.length || this.recoveryCode ? await this.accessToken() : await this.mfaToken();
    const body =
      factor === 'otp'
        ? { authenticator_types: ['otp'] }
        : {
            authenticator_types: ['oob'],
            oob_channels: [factor],
            ...(factor === 'email' && { email: address ?? this.email }),
            ...((factor === 'sms' || factor === 'voice') && { phone_number: address ?? '+14155550123' }),
          };
    const associated = await post(`${this.sim.base}/mfa/associate`, body, token);
    if (associated.recovery_codes) this.recoveryCode = associated.recovery_codes[0];
    const grant = (fields: Record<string, string>) =>
      call(`${this.sim.base}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: SIMULATOR_DEFAULTS.publicClientId, mfa_token: token, ...fields }),
      });
    if (factor === 'otp') {
      this.secrets.push(associated.secret);
      await grant({ grant_type: GRANT_TYPES.otp, otp: await this.totpCode(associated.secret) });
      // Auth0 refuses a code used once: the test's own codes come from the next 30 s step.
      await this.sim.advance(30);
    } else if (factor === 'auth0') {
      const { enrollments } = await this.guardian();
      await post(`${this.sim.base}/__sim/guardian/enrollments/${enrollments[0].enrollment_tx_id}/confirm`, {
        device_name: 'Pixel 9',
      });
    } else {
      await grant({ grant_type: GRANT_TYPES.oob, oob_code: associated.oob_code, binding_code: await this.lastCode() });
    }
  }
}

export class TestSimulator {
  readonly base: string;

  constructor(readonly name: string) {
    this.base = `/sim/${name}`;
  }

  /** `email_verified: false` for a user without the active email authenticator a verified email brings. */
  async createUser(fields: { email?: string; phone_number?: string; email_verified?: boolean } = {}): Promise<SimUser> {
    const { user_id, email } = await post(`${this.base}/__sim/users`, fields);
    return new SimUser(this, user_id, email);
  }

  async now(): Promise<number> {
    return Date.parse((await call(`${this.base}/__sim/clock`)).now);
  }

  advance(seconds: number): Promise<unknown> {
    return post(`${this.base}/__sim/clock`, { advance_s: seconds });
  }

  fault(fault: { path?: string; status?: number; latency_ms?: number; drop?: boolean; count?: number }): Promise<unknown> {
    return post(`${this.base}/__sim/faults`, fault);
  }

  reset(): Promise<unknown> {
    return post(`${this.base}/__sim/reset`);
  }

  /** Paths the simulator answered since `since`, to prove what an element did (or did not) send. */
  async requests(): Promise<{ method: string; path: string }[]> {
    return call(`/__test/requests/${this.name}`);
  }
}
