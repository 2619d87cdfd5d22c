/** The development backend's endpoints (mfa-elements/vite) and the simulator's control API, as the page calls them. */
import type { DevBackendConfig, DevLogin } from '../../src/vite/dev-backend.ts';

export interface DemoUser {
  email: string;
  password: string;
  user_id?: string;
}

/** A refusal from the backend, with Auth0's `error` code (`invalid_grant`: wrong email or password). */
export class DemoError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  const body = await response.json();
  if (!response.ok) throw new DemoError(body.error ?? '', body.error_description ?? body.error ?? `HTTP ${response.status}`);
  return body as T;
}

const post = <T>(path: string, body: unknown = {}) =>
  call<T>(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

export const demo = {
  config: () => call<DevBackendConfig>('/mfa-dev/config'),
  /** A new simulated user: the login endpoint with no credentials creates one. */
  signup: () => post<Required<DevLogin>>('/mfa-dev/login'),
  /** The password grant on the server; Auth0 answers mfa_required with an mfa_token. */
  login: (user: DemoUser) => post<DevLogin>('/mfa-dev/login', { email: user.email, password: user.password }),
};

export interface GuardianState {
  enrollments: { enrollment_tx_id: string; user_id: string; expires_at: string }[];
  challenges: { id: string; user_id: string; expires_at: string }[];
}
export interface Message {
  channel: 'email' | 'sms' | 'voice';
  to: string;
  code: string;
  sent_at: string;
}
export interface TotpCode {
  authenticator_id: string;
  active: boolean;
  code: string;
  /** Auth0 already took this code: the next one works. */
  used: boolean;
  remaining_s: number;
}

const sim = '/mfa-dev/__sim';
const query = (userId?: string) => (userId ? `?user_id=${encodeURIComponent(userId)}` : '');

export const world = {
  guardian: (userId: string) => call<GuardianState>(`${sim}/guardian${query(userId)}`),
  confirmEnrollment: (txId: string) => post(`${sim}/guardian/enrollments/${txId}/confirm`, { device_name: 'Demo phone' }),
  rejectEnrollment: (txId: string) => post(`${sim}/guardian/enrollments/${txId}/reject`),
  answer: (id: string, answer: 'approve' | 'reject') => post(`${sim}/guardian/challenges/${id}/${answer}`),
  outbox: (userId: string) => call<Message[]>(`${sim}/outbox${query(userId)}`),
  totp: (userId: string) => call<TotpCode[]>(`${sim}/totp${query(userId)}`),
  skip: (seconds: number) => post(`${sim}/clock`, { advance_s: seconds }),
  fault: (fault: Record<string, unknown>) => post(`${sim}/faults`, fault),
  clearFaults: () => call(`${sim}/faults`, { method: 'DELETE' }),
};
