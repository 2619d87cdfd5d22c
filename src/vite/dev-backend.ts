/**
 * What an application's own backend does for the elements, for development: the MFA proxy in front of the
 * simulator (or a real Auth0 tenant), a login that hands the browser an mfa_token, and with the simulator its
 * control API (phones, inboxes, clock). A fetch handler with no Node API: the Vite plugin runs it on the dev
 * server, a static page can run it in the browser.
 */
import { createMfaProxy } from '../proxy/index.ts';
import { createSimulator, SIMULATOR_DEFAULTS } from '../simulator/index.ts';

export interface Auth0Settings {
  /** The tenant, as `tenant.eu.auth0.com`. */
  domain: string;
  clientId: string;
  clientSecret: string;
}

export interface DevBackendOptions {
  /** Where the proxy answers: the elements' `api-base`. Default `/mfa-api`. */
  apiBase?: string;
  /**
   * Where the development endpoints answer: `login`, `config`, and with the simulator the simulator itself (its
   * `__sim/` control API, and its MFA API for the public application). Default `/mfa-dev`.
   */
  devBase?: string;
  /** A real tenant instead of the simulator. */
  auth0?: Auth0Settings;
}

/** What `GET <devBase>/config` answers: the page can tell a simulator from a tenant. */
export interface DevBackendConfig {
  mode: 'simulator' | 'auth0';
  apiBase: string;
  /** The audience of access tokens for the MFA API: managing factors needs one. */
  mfaAudience: string;
}

/** What `POST <devBase>/login` answers. `email` and `password` come back only for a user it just created. */
export interface DevLogin {
  mfa_token: string;
  mfa_requirements: unknown;
  user_id?: string;
  email?: string;
  password?: string;
}

export type DevBackend = ((request: Request) => Promise<Response>) & {
  /** Whether a path is the backend's: a dev server sends only these to it. */
  handles(path: string): boolean;
  config: DevBackendConfig;
};

/** The embedded simulator's public URL: the issuer its tokens name, and the proxy's upstream. */
const SIM_ISSUER = 'https://simulator.mfa-elements.test/';
const MFA_SCOPES = 'openid profile email enroll read:authenticators remove:authenticators';
/** Every new simulated user has this password (shown by the login answer) and a phone for SMS and voice. */
const DEV_PASSWORD = 'dev password';
const DEV_PHONE = '+14155550100';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });
const invalid = (description: string) => json({ error: 'invalid_request', error_description: description }, 400);
const trimSlash = (path: string) => path.replace(/\/+$/, '');

export function createDevBackend(options: DevBackendOptions = {}): DevBackend {
  const apiBase = trimSlash(options.apiBase ?? '/mfa-api');
  const devBase = trimSlash(options.devBase ?? '/mfa-dev');
  const { auth0 } = options;
  const simulator = auth0 ? undefined : createSimulator({ issuer: SIM_ISSUER, tenantName: 'mfa-elements dev' });
  const upstream = auth0 ? `https://${auth0.domain}` : trimSlash(SIM_ISSUER);
  const credentials = auth0
    ? { client_id: auth0.clientId, client_secret: auth0.clientSecret }
    : { client_id: SIMULATOR_DEFAULTS.clientId, client_secret: SIMULATOR_DEFAULTS.clientSecret };
  // With the embedded simulator, "upstream" is a function call away: same path, no socket.
  const upstreamFetch: typeof fetch = simulator
    ? async (input, init) => {
        const response = await simulator.fetch(new Request(input, init));
        // A dropped connection (an injected fault) fails as fetch fails.
        if (response.type === 'error') throw new TypeError('fetch failed');
        return response;
      }
    : (input, init) => fetch(input, init);
  const proxy = createMfaProxy({ upstream, prefix: apiBase, clientId: credentials.client_id, clientSecret: credentials.client_secret, fetch: upstreamFetch });
  const config: DevBackendConfig = { mode: auth0 ? 'auth0' : 'simulator', apiBase, mfaAudience: `${upstream}/mfa/` };
  const control = (path: string, init?: RequestInit) => simulator!.fetch(new Request(`${SIM_ISSUER}__sim/${path}`, init));

  /** The password grant, on the server as an application runs it: the browser gets the mfa_token, never the secret. */
  async function passwordGrant(email: string, password: string): Promise<Response> {
    const response = await upstreamFetch(`${upstream}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      // The MFA API audience: after the second factor, the access token can enroll more factors.
      body: new URLSearchParams({ grant_type: 'password', username: email, password, ...credentials, audience: config.mfaAudience, scope: MFA_SCOPES }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (response.status === 403 && body.error === 'mfa_required') {
      const user_id = simulator?.state.findUserByEmail(email)?.user_id;
      return json({ mfa_token: body.mfa_token, mfa_requirements: body.mfa_requirements ?? null, user_id });
    }
    // A grant that needs no second factor is not something this endpoint can hand to the elements.
    return json({ error: body.error, error_description: body.error_description }, response.ok ? 409 : response.status);
  }

  /** A new simulated user, signed in at once: an mfa_token with no factor yet, for enrollment. */
  async function newUser(): Promise<Response> {
    const email = `dev-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const created = await control('users', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: DEV_PASSWORD, phone_number: DEV_PHONE }),
    });
    if (!created.ok) return created;
    const signedIn = await passwordGrant(email, DEV_PASSWORD);
    if (!signedIn.ok) return signedIn;
    return json({ ...((await signedIn.json()) as DevLogin), email, password: DEV_PASSWORD });
  }

  /** An existing simulated user by id: a fresh mfa_token, as a new login would give. */
  async function existingUser(userId: string): Promise<Response> {
    const response = await control(`users/${encodeURIComponent(userId)}/mfa-token`, { method: 'POST' });
    if (!response.ok) return response;
    const { mfa_token } = (await response.json()) as { mfa_token: string };
    return json({ mfa_token, mfa_requirements: null, user_id: userId } satisfies DevLogin);
  }

  async function login(request: Request): Promise<Response> {
    const text = await request.text();
    let fields: Record<string, unknown> = {};
    try {
      fields = text ? JSON.parse(text) : {};
    } catch {
      return invalid('The body must be JSON.');
    }
    if (typeof fields !== 'object' || fields === null) return invalid('The body must be a JSON object.');
    const { email, password, user_id } = fields;
    if (typeof email === 'string' && typeof password === 'string') return passwordGrant(email, password);
    if (email !== undefined || password !== undefined) return invalid('Send both email and password.');
    if (!simulator) return invalid('With an Auth0 tenant, send the email and password of one of its users.');
    if (typeof user_id === 'string') return existingUser(user_id);
    if (user_id !== undefined) return invalid('user_id must be a string.');
    return newUser();
  }

  const isUnder = (path: string, base: string) => path === base || path.startsWith(`${base}/`);
  const backend = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname;
    if (isUnder(path, apiBase)) return proxy(request);
    if (path === `${devBase}/config` && request.method === 'GET') return json(config);
    if (path === `${devBase}/login` && request.method === 'POST') return login(request);
    // The embedded simulator itself, control API and MFA API: what mfa-elements/testing connects to
    // (`connectSimulator('/mfa-dev')`), and what its enroll() speaks to as the public application.
    if (simulator && path.startsWith(`${devBase}/`)) {
      return simulator.fetch(new Request(`${SIM_ISSUER}${path.slice(devBase.length + 1)}${url.search}`, request));
    }
    return json({ error: 'not_found', error_description: 'Not found.' }, 404);
  };
  return Object.assign(backend, { handles: (path: string) => isUnder(path, apiBase) || isUnder(path, devBase), config });
}

/** Reads AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET: all three for a tenant, or none for the simulator. */
export function auth0FromEnv(env: Record<string, string | undefined>): Auth0Settings | undefined {
  const { AUTH0_DOMAIN: domain, AUTH0_CLIENT_ID: clientId, AUTH0_CLIENT_SECRET: clientSecret } = env;
  if (!domain && !clientId && !clientSecret) return undefined;
  if (!domain || !clientId || !clientSecret) {
    throw new Error('Set all three of AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET, or none to use the simulator.');
  }
  return { domain: domain.replace(/^https?:\/\//, '').replace(/\/$/, ''), clientId, clientSecret };
}
