// A confidential Auth0 application on Express, from login to a signed-in session through MFA.
// docs/integration.md quotes this file (test/docs checks it): change both together.
//
//   npm start                                   the simulator in this process, and a user to sign in with
//   MFA_UPSTREAM=http://127.0.0.1:4010 npm start   a simulator already running (npx mfa-simulator --port 4010)
//   AUTH0_DOMAIN=… AUTH0_CLIENT_ID=… AUTH0_CLIENT_SECRET=… npm start   a real tenant
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { mfaProxyMiddleware } from 'mfa-elements/proxy/node';
import { serveSimulator } from 'mfa-elements/simulator/node';

// 1. Configuration: the same variables as the mfa-proxy command.
const env = process.env;
let upstream = env.AUTH0_DOMAIN ? `https://${env.AUTH0_DOMAIN}` : env.MFA_UPSTREAM;
const clientId = env.AUTH0_CLIENT_ID ?? 'sim-confidential-client';
const clientSecret = env.AUTH0_CLIENT_SECRET ?? 'sim-confidential-secret';
if (!upstream) {
  const simulator = await serveSimulator({ port: 0 });
  upstream = simulator.url;
  await fetch(`${upstream}/__sim/users`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    // No verified email: she has no factor yet, and the page enrolls one (a verified email would be one).
    body: JSON.stringify({ email: 'ana@example.com', email_verified: false }),
  });
  console.log(`Simulator on ${upstream}: sign in as ana@example.com, password "correct horse battery staple".`);
}
upstream = upstream.replace(/\/+$/, '');
/** The MFA API's own audience: its access tokens can add and remove factors later (the account page). */
const MFA_AUDIENCE = `${upstream}/mfa/`;
const SCOPE = 'openid profile email enroll read:authenticators remove:authenticators';

// 2. Sessions: a random id in an HttpOnly cookie, the data on the server. Use your session store in production;
//    what matters is what goes in: the pending mfa_token, then the user once MFA has passed.
const sessions = new Map(); // id -> { pending?: { mfaToken, enroll }, user?: { sub, email }, tokens? }
const COOKIE = 'sid';

function sessionId(cookieHeader = '') {
  return cookieHeader.split(/;\s*/).find((c) => c.startsWith(`${COOKIE}=`))?.slice(COOKIE.length + 1);
}
function sessionOf(req) {
  return sessions.get(sessionId(req.headers.cookie)) ?? {};
}
/** A new id for every change of privilege: a fixated id from before the login is worth nothing after it. */
function newSession(data) {
  const id = randomBytes(32).toString('base64url');
  sessions.set(id, data);
  return `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax${env.AUTH0_DOMAIN ? '; Secure' : ''}`;
}
function endSession(cookieHeader) {
  sessions.delete(sessionId(cookieHeader));
}

/** Claims of an id_token that this server received from Auth0 itself over TLS (OIDC Core 3.1.3.7: no signature check needed). */
function claimsOf(idToken) {
  return JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString());
}

const app = express();

// 3. The proxy, mounted before any body parser: it adds the client secret on the way to Auth0. Its onTokens hook
//    runs on the server when an MFA grant succeeds: the session starts there, and the browser never holds the tokens.
app.use(
  mfaProxyMiddleware({
    upstream,
    clientId,
    clientSecret,
    prefix: '/mfa-api',
    onTokens(tokens, { request }) {
      const cookie = request.headers.get('cookie') ?? undefined;
      const session = sessionOf({ headers: { cookie } });
      // Keep the new recovery code: the element shows it to the user once.
      const answer = { signed_in: true, ...(tokens.recovery_code && { recovery_code: tokens.recovery_code }) };
      if (session.user) return answer; // a signed-in user adding a factor on the account page
      if (!session.pending) {
        return Response.json({ error: 'access_denied', error_description: 'No sign-in in progress.' }, { status: 403 });
      }
      // Who signed in comes from the tokens, never from the email typed at login: an mfa_token of another
      // account, completed with that account's factor, signs in that account and nobody else.
      const { sub, email } = claimsOf(tokens.id_token);
      endSession(cookie);
      const setCookie = newSession({ user: { sub, email }, tokens });
      return new Response(JSON.stringify(answer), {
        headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Set-Cookie': setCookie },
      });
    },
  }),
);

// 4. Login: the password grant on the server, asking for the MFA audience (see the account page).
app.post('/login', express.urlencoded({ extended: false }), async (req, res) => {
  const { email = '', password = '' } = req.body ?? {};
  const response = await fetch(`${upstream}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      username: email,
      password,
      client_id: clientId,
      client_secret: clientSecret,
      audience: MFA_AUDIENCE,
      scope: SCOPE,
    }),
  });
  const body = await response.json();
  endSession(req.headers.cookie);
  if (response.status === 403 && body.error === 'mfa_required') {
    // The one moment an mfa_token exists: keep it on the server, for this browser only.
    const enroll = Boolean(body.mfa_requirements?.enroll);
    res.setHeader('Set-Cookie', newSession({ pending: { mfaToken: body.mfa_token, enroll } }));
    return res.redirect(303, '/mfa');
  }
  if (response.ok) {
    // MFA was not required for this login (a remembered browser, or no MFA policy): signed in at once.
    const { sub, email: verifiedEmail } = claimsOf(body.id_token);
    res.setHeader('Set-Cookie', newSession({ user: { sub, email: verifiedEmail }, tokens: body }));
    return res.redirect(303, '/');
  }
  // invalid_grant: wrong email or password. Anything else is the application's set-up (see the guide).
  res.redirect(303, body.error === 'invalid_grant' ? '/?error=credentials' : `/?error=${encodeURIComponent(body.error ?? 'server')}`);
});

// 5. The page asks for the mfa_token through the element's tokenProvider: same origin, this session only.
app.get('/login/mfa-token', (req, res) => {
  const { pending } = sessionOf(req);
  res.set('Cache-Control', 'no-store');
  if (!pending) return res.status(401).type('text').send('No sign-in in progress.');
  res.type('text').send(pending.mfaToken);
});

// 6. A signed-in user adding a factor: an access token for the MFA API audience with the enroll scope.
app.get('/account/mfa-access-token', (req, res) => {
  const { user, tokens } = sessionOf(req);
  res.set('Cache-Control', 'no-store');
  if (!user) return res.status(401).type('text').send('Not signed in.');
  res.type('text').send(tokens.access_token);
});

app.post('/logout', (req, res) => {
  endSession(req.headers.cookie);
  res.setHeader('Set-Cookie', `${COOKIE}=; Path=/; Max-Age=0`);
  res.redirect(303, '/');
});

// 7. Pages. The elements come from the package's cdn/ folder: one ES module, lit included, no bundler needed.
const here = dirname(fileURLToPath(import.meta.url));
const packageDir = dirname(fileURLToPath(import.meta.resolve('mfa-elements/package.json')));
app.use('/mfa-elements', express.static(join(packageDir, 'cdn')));
app.use(express.static(join(here, 'public')));

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="stylesheet" href="/style.css"></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;

app.get('/', (req, res) => {
  const { user } = sessionOf(req);
  if (user) {
    return res.send(
      page(
        'Your account',
        `<p>Signed in as <strong>${escape(user.email)}</strong>.</p>
        <form method="post" action="/logout"><button>Sign out</button></form>
        <h2>Add a verification method</h2>
        <mfa-enroll id="add-factor" api-base="/mfa-api"></mfa-enroll>
        <script type="module" src="/account.js"></script>`,
      ),
    );
  }
  const wrong = req.query.error === 'credentials';
  const other = req.query.error && !wrong;
  res.send(
    page(
      'Sign in',
      `${wrong ? '<p role="alert">Wrong email or password.</p>' : ''}
      ${other ? `<p role="alert">Sign-in failed (${escape(req.query.error)}). See the integration guide's checklist.</p>` : ''}
      <form method="post" action="/login">
        <label>Email <input name="email" type="email" autocomplete="username" required></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
        <button>Sign in</button>
      </form>`,
    ),
  );
});

app.get('/mfa', (req, res) => {
  const { pending } = sessionOf(req);
  if (!pending) return res.redirect(303, '/');
  const element = pending.enroll ? '<mfa-enroll api-base="/mfa-api"></mfa-enroll>' : '<mfa-challenge api-base="/mfa-api"></mfa-challenge>';
  res.send(page('Verify it’s you', `${element}<script type="module" src="/mfa.js"></script>`));
});

const port = Number(env.PORT ?? 3000);
const server = app.listen(port, '127.0.0.1', () => {
  console.log(`Example app on http://127.0.0.1:${server.address().port}`);
});
