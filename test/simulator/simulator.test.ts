import { expect } from '@open-wc/testing';
import { createSimulator } from '../../src/simulator/index.ts';
import { totp } from '../../src/simulator/totp.ts';

const form = (fields: Record<string, string>) =>
  new Request('http://sim.test/oauth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });

describe('simulator in the browser', () => {
  it('enrolls and verifies a TOTP authenticator entirely inside the page', async () => {
    const sim = createSimulator();
    const user = await (
      await sim.fetch(new Request('http://sim.test/__sim/users', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } }))
    ).json();
    const associated = await (
      await sim.fetch(
        new Request('http://sim.test/mfa/associate', {
          method: 'POST',
          headers: { Authorization: `Bearer ${user.mfa_token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ authenticator_types: ['otp'] }),
        }),
      )
    ).json();
    expect(associated.secret).to.match(/^[A-Z2-7]{32}$/);

    const response = await sim.fetch(
      form({
        grant_type: 'http://auth0.com/oauth/grant-type/mfa-otp',
        client_id: sim.options.publicClientId,
        mfa_token: user.mfa_token,
        otp: await totp(associated.secret, sim.clock.now()),
      }),
    );
    expect(response.status).to.equal(200);
    const tokens = await response.json();
    expect(tokens.token_type).to.equal('Bearer');
    expect(tokens.id_token.split('.')).to.have.length(3);
  });

  it('is served to the page by the test server, one simulator per name', async () => {
    const response = await fetch('/sim/browser-smoke/__sim/users', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'smoke@example.com' }),
    });
    expect(response.status).to.equal(201);
    expect((await response.json()).email).to.equal('smoke@example.com');
    const other = await fetch('/sim/browser-smoke-2/__sim/outbox');
    expect(await other.json()).to.deep.equal([]);
  });
});
