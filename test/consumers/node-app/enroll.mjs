// Plain Node, no TypeScript loader: the proxy in front of the simulator, and an authenticator app enrolled
// through the proxy as the elements would do it. Prints one JSON line for the test to read.
import { createMfaProxy } from 'mfa-elements/proxy';
import { createSimulator, totp } from 'mfa-elements/simulator';

const simulator = createSimulator();
const proxy = createMfaProxy({
  upstream: 'https://simulator.test',
  clientId: 'sim-confidential-client',
  clientSecret: 'sim-confidential-secret',
  fetch: (input, init) => simulator.fetch(new Request(input, init)),
});

const user = await (await simulator.fetch(new Request('https://simulator.test/__sim/users', { method: 'POST' }))).json();
const call = async (path, init) => {
  const response = await proxy(new Request(`https://app.test${path}`, init));
  return { status: response.status, body: await response.json() };
};

const associated = await call('/mfa/associate', {
  method: 'POST',
  headers: { Authorization: `Bearer ${user.mfa_token}`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ authenticator_types: ['otp'] }),
});
const granted = await call('/oauth/token', {
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    grant_type: 'http://auth0.com/oauth/grant-type/mfa-otp',
    mfa_token: user.mfa_token,
    otp: await totp(associated.body.secret, Date.now()),
  }),
});
console.log(
  JSON.stringify({
    associate: associated.status,
    authenticatorType: associated.body.authenticator_type,
    token: granted.status,
    accessToken: typeof granted.body.access_token === 'string',
  }),
);
