/**
 * The demo's backend, as a real application would have one: the MFA proxy at /mfa-api, a login that
 * runs the password grant on the server and hands the browser only the mfa_token, and (with the
 * embedded simulator) the simulator's control API at /sim for the phone and inbox panels.
 * A fetch handler: the Vite dev server runs it on Node, the static build runs it inside the page.
 */
import { createMfaProxy } from '../../src/proxy/index.ts';
import { createSimulator, SIMULATOR_DEFAULTS } from '../../src/simulator/index.ts';

export const API_BASE = '/mfa-api';
export const SIM_BASE = '/sim';
/** Every path the backend answers: a dev server or the in-page fetch sends these to it. */
export const BACKEND_PATHS = [API_BASE, '/demo/', `${SIM_BASE}/`];
/** The embedded simulator's public URL: the issuer its tokens name, and the proxy's upstream. */
const SIM_ISSUER = 'https://simulator.mfa-elements.test/';
const MFA_SCOPES = 'openid profile email enroll read:authenticators remove:authenticators';

export interface Auth0Settings {
  domain: string;
  clientId: string;
  clientSecret: string;
}

export interface DemoConfig {
  mode: 'simulator' | 'auth0';
  /** The audience of access tokens for the MFA API: managing factors needs one. */
  mfaAudience: string;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });

export function createDemoBackend(auth0?: Auth0Settings): (request: Request) => Promise<Response> {
  const simulator = auth0 ? undefined : createSimulator({ issuer: SIM_ISSUER, tenantName: 'mfa-elements demo' });
  const upstream = auth0 ? `https://${auth0.domain}` : SIM_ISSUER.replace(/\/$/, '');
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
  const proxy = createMfaProxy({
    upstream,
    prefix: API_BASE,
    clientId: credentials.client_id,
    clientSecret: credentials.client_secret,
    fetch: upstreamFetch,
  });
  const config: DemoConfig = { mode: auth0 ? 'auth0' : 'simulator', mfaAudience: `${upstream}/mfa/` };

  /** The password grant, on the server: the browser gets the mfa_token, never the secret. */
  async function login(request: Request): Promise<Response> {
    const { email, password, manage } = (await request.json().catch(() => ({}))) as Record<string, unknown>;
    if (typeof email !== 'string' || typeof password !== 'string') return json({ error: 'invalid_request', error_description: 'Email and password are required.' }, 400);
    const response = await upstreamFetch(`${upstream}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        username: email,
        password,
        ...credentials,
        // Managing factors later needs an access token for the MFA API itself.
        ...(manage ? { audience: config.mfaAudience, scope: MFA_SCOPES } : { scope: 'openid profile email' }),
      }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (response.status === 403 && body.error === 'mfa_required') {
      // The simulator's panels need to know whose phone and inbox to show.
      const user_id = simulator?.state.findUserByEmail(email)?.user_id;
      return json({ mfa_token: body.mfa_token, mfa_requirements: body.mfa_requirements ?? null, user_id });
    }
    return json({ error: body.error, error_description: body.error_description }, response.ok ? 409 : response.status);
  }

  /** A new user in the simulator, with the demo's password. */
  async function signup(): Promise<Response> {
    const suffix = Math.random().toString(36).slice(2, 8);
    const email = `demo-${suffix}@example.com`;
    const password = 'demo password';
    const response = await simulator!.fetch(
      new Request(`${SIM_ISSUER}__sim/users`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password, phone_number: '+14155550100' }),
      }),
    );
    const { user_id } = (await response.json()) as { user_id: string };
    return json({ user_id, email, password });
  }

  return async (request) => {
    const url = new URL(request.url);
    const path = url.pathname;
    if (path === API_BASE || path.startsWith(`${API_BASE}/`)) return proxy(request);
    if (path === '/demo/config' && request.method === 'GET') return json(config);
    if (path === '/demo/login' && request.method === 'POST') return login(request);
    if (simulator && path === '/demo/signup' && request.method === 'POST') return signup();
    if (simulator && path.startsWith(`${SIM_BASE}/__sim/`)) {
      return simulator.fetch(new Request(`${SIM_ISSUER}${path.slice(SIM_BASE.length + 1)}${url.search}`, request));
    }
    return json({ error: 'not_found', error_description: 'Not found.' }, 404);
  };
}

/** Reads AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET: all three, or none for the simulator. */
export function auth0FromEnv(env: Record<string, string | undefined>): Auth0Settings | undefined {
  const { AUTH0_DOMAIN: domain, AUTH0_CLIENT_ID: clientId, AUTH0_CLIENT_SECRET: clientSecret } = env;
  if (!domain && !clientId && !clientSecret) return undefined;
  if (!domain || !clientId || !clientSecret) {
    throw new Error('Set all three of AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET, or none to use the simulator.');
  }
  return { domain: domain.replace(/^https?:\/\//, '').replace(/\/$/, ''), clientId, clientSecret };
}
