// A confidential application's backend on Node, as a fetch handler (Request in, Response out, as in Hono or Next.js):
// POST /login runs the password grant and keeps Auth0's mfa_token in a session; /mfa-api is the MFA proxy that
// <mfa-challenge> and <mfa-enroll> talk to, whose onTokens hook signs the session in; GET /me says who that is.
import { createMfaProxy } from 'mfa-elements/proxy';

const json = (body, status = 200, headers = {}) => Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });

export function createApp({ upstream, clientId, clientSecret }) {
  const sessions = new Map(); // id -> { mfaToken } while signing in, then { user }
  const sessionOf = (request) => sessions.get(request.headers.get('cookie')?.match(/(?:^|;\s*)sid=([^;]+)/)?.[1]);
  const newSession = (data) => {
    const id = crypto.randomUUID();
    sessions.set(id, data);
    return `sid=${id}; Path=/; HttpOnly; SameSite=Lax`;
  };

  const proxy = createMfaProxy({
    upstream,
    clientId,
    clientSecret,
    prefix: '/mfa-api',
    onTokens(tokens, { request }) {
      const session = sessionOf(request);
      if (!session?.mfaToken) return json({ error: 'access_denied', error_description: 'No sign-in in progress.' }, 403);
      // Who signed in comes from Auth0's id_token, received over TLS from Auth0 itself: never from the browser.
      const { sub, email } = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url').toString());
      session.mfaToken = undefined;
      session.user = { sub, email };
      // The tokens stay on the server; a new recovery code goes to the element, which shows it once.
      return { signed_in: true, ...(tokens.recovery_code && { recovery_code: tokens.recovery_code }) };
    },
  });

  async function login(request) {
    const { email, password } = await request.json();
    const response = await fetch(`${upstream}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: email, password, client_id: clientId, client_secret: clientSecret, scope: 'openid email' }),
    });
    const body = await response.json();
    if (response.status === 403 && body.error === 'mfa_required') {
      return json({ mfa_required: true }, 200, { 'Set-Cookie': newSession({ mfaToken: body.mfa_token }) });
    }
    return json({ error: 'invalid_grant', error_description: 'Wrong email or password.' }, 401);
  }

  return async function app(request) {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith('/mfa-api/')) return proxy(request);
    if (pathname === '/login' && request.method === 'POST') return login(request);
    const session = sessionOf(request);
    // The elements' tokenProvider: this browser's own sign-in only.
    if (pathname === '/login/mfa-token') return session?.mfaToken ? new Response(session.mfaToken, { headers: { 'Cache-Control': 'no-store' } }) : json({ error: 'no_login' }, 401);
    if (pathname === '/me') return session?.user ? json(session.user) : json({ error: 'not_signed_in' }, 401);
    return json({ error: 'not_found' }, 404);
  };
}
