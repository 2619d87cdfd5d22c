// The backend's routes, called as the browser and the elements call them, in front of the Auth0 MFA simulator.
// `sim` is the simulator's control API: users, inboxes, phones, authenticator apps.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { serveSimulator } from 'mfa-elements/simulator/node';
import { connectSimulator } from 'mfa-elements/testing';
import { createApp } from './app.mjs';

const simulator = await serveSimulator({ port: 0 }); // the Auth0 MFA API on a free port, in this process
after(() => simulator.close());
const sim = connectSimulator(simulator.url);
const app = createApp({ upstream: simulator.url, clientId: 'sim-confidential-client', clientSecret: 'sim-confidential-secret' });

/** A browser signing in: it keeps the session cookie, and sends JSON as the elements do. */
async function signIn(user) {
  let cookie = '';
  const call = async (method, path, body, headers = {}) => {
    const init = { method, headers: { cookie, ...headers }, body: body && JSON.stringify(body) };
    if (body) init.headers['Content-Type'] = 'application/json';
    const response = await app(new Request(`http://127.0.0.1${path}`, init));
    cookie = response.headers.get('set-cookie')?.split(';')[0] ?? cookie;
    return response;
  };
  assert.equal((await call('POST', '/login', { email: user.email, password: user.password })).status, 200);
  const mfa_token = await (await call('GET', '/login/mfa-token')).text();
  const authenticators = await (await call('GET', '/mfa-api/mfa/authenticators', undefined, { Authorization: `Bearer ${mfa_token}` })).json();
  return { call, mfa_token, authenticators };
}

test('email: the code from the inbox signs the session in, and the browser gets no token', async () => {
  const user = await sim.createUser({ email: 'ana@example.com' }); // a verified email is a factor
  const { call, mfa_token, authenticators } = await signIn(user);
  const email = authenticators.find((a) => a.oob_channel === 'email');
  const challenge = await call('POST', '/mfa-api/mfa/challenge', { mfa_token, challenge_type: 'oob', authenticator_id: email.id });
  const { oob_code } = await challenge.json();

  const grant = await call('POST', '/mfa-api/oauth/token', {
    grant_type: 'http://auth0.com/oauth/grant-type/mfa-oob',
    mfa_token,
    oob_code,
    binding_code: await sim.inbox(user).lastCode('email'),
  });
  assert.deepEqual(await grant.json(), { signed_in: true });
  assert.deepEqual(await (await call('GET', '/me')).json(), { sub: user.user_id, email: 'ana@example.com' });
});

test('authenticator app: a wrong code is refused and signs nobody in; the right one does', async () => {
  const user = await sim.createUser({ email: 'ben@example.com', email_verified: false });
  await sim.enroll(user, 'otp'); // a user who set up an authenticator app earlier
  const { call, mfa_token } = await signIn(user);
  const otp = (code) => call('POST', '/mfa-api/oauth/token', { grant_type: 'http://auth0.com/oauth/grant-type/mfa-otp', mfa_token, otp: code });

  const wrong = await otp('000000');
  assert.equal(wrong.status, 403);
  assert.equal((await wrong.json()).error, 'invalid_grant');
  assert.equal((await call('GET', '/me')).status, 401);

  assert.deepEqual(await (await otp(await sim.authenticatorApp(user).freshCode())).json(), { signed_in: true });
  assert.equal((await (await call('GET', '/me')).json()).email, 'ben@example.com');
});

test('push: pending until the phone approves, then signed in', async () => {
  const user = await sim.createUser({ email: 'cy@example.com', email_verified: false });
  await sim.enroll(user, 'push');
  const { call, mfa_token, authenticators } = await signIn(user);
  const push = authenticators.find((a) => a.oob_channel === 'auth0');
  const challenge = await call('POST', '/mfa-api/mfa/challenge', { mfa_token, challenge_type: 'oob', authenticator_id: push.id });
  const { oob_code } = await challenge.json();
  const poll = () => call('POST', '/mfa-api/oauth/token', { grant_type: 'http://auth0.com/oauth/grant-type/mfa-oob', mfa_token, oob_code });

  assert.equal((await (await poll()).json()).error, 'authorization_pending');
  await sim.guardian(user).approveNext();
  await sim.clock.advance('5s'); // Auth0 answers slow_down to a poll sooner than 5 s after the last
  assert.deepEqual(await (await poll()).json(), { signed_in: true });
});
