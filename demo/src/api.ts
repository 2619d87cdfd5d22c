/** The development backend's own endpoints (mfa-elements/vite), as the page calls them; the simulator's are in world.ts. */
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
