/**
 * mfa-elements/testing from a page, with no test framework in its calls: a path on the page's origin reaches
 * the simulator, enroll() sets up a user, the authenticator app gives a code, waitForEvent gets the element's event.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define/mfa-challenge.ts';
import type { MfaChallenge } from '../../src/components/mfa-challenge/mfa-challenge.component.ts';
import { SIMULATOR_DEFAULTS } from '../../src/simulator/index.ts';
import { connectSimulator, SimulatorError, waitForEvent } from '../../src/testing/index.ts';
import { waitUntil } from '../support/wait.ts';

const base = '/sim/testing-client';
const sim = connectSimulator(base);

describe('mfa-elements/testing in a page', () => {
  it('sets up a user who enrolled otp, and <mfa-challenge> verifies the fresh code the app shows', async () => {
    const user = await sim.createUser();
    await sim.enroll(user, 'otp');
    const el = await fixture<MfaChallenge>(html`<mfa-challenge
      api-base=${base}
      client-id=${SIMULATOR_DEFAULTS.publicClientId}
      .tokenProvider=${() => sim.mfaToken(user)}
    ></mfa-challenge>`);
    await waitUntil(() => el.shadowRoot!.querySelector('input#code'), 'the code step');
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input#code');
    const verified = waitForEvent(el, 'mfa-verified');
    input!.value = await sim.authenticatorApp(user).freshCode();
    input!.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    expect((await verified).detail.authenticator.id).to.match(/^totp\|/);
  });

  it('says what it waited for, and what the simulator refused', async () => {
    const el = document.createElement('div');
    const timedOut = await waitForEvent(el, 'mfa-verified', { timeout: 50 }).catch((error: Error) => error);
    expect(String(timedOut)).to.equal('Error: Waited 50 ms for mfa-verified from <div>; none came.');
    const failure = await sim.mfaToken('auth0|nobody').catch((error: Error) => error);
    expect(failure).to.be.instanceOf(SimulatorError);
    expect((failure as Error).message).to.equal('POST /__sim/users/auth0%7Cnobody/mfa-token: 404 not_found: User not found.');
    expect((failure as SimulatorError).status).to.equal(404);
  });
});
