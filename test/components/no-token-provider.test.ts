/**
 * A page that never sets `tokenProvider` (or passes a function as an attribute, as React 18 does) gets a console
 * warning in development, an `mfa-error` with `no_token_provider`, and a message instead of "Loading…" forever.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define/index.ts';
import type { MfaChallenge } from '../../src/components/mfa-challenge/mfa-challenge.component.ts';
import type { MfaEnroll } from '../../src/components/mfa-enroll/mfa-enroll.component.ts';
import { TOKEN_PROVIDER_WAIT_MS } from '../../src/internal/mfa-element.ts';
import { pageSimulator } from '../support/page-sim.ts';
import { waitUntil } from '../support/wait.ts';

const sim = pageSimulator('no-token-provider');
const { apiBase } = sim.modes()[0];
const alertText = (el: HTMLElement) => el.shadowRoot!.querySelector('[role="alert"]')?.textContent?.trim();

describe('an element without a tokenProvider', () => {
  let warn: sinon.SinonStub;
  beforeEach(() => {
    warn = sinon.stub(console, 'warn');
  });
  afterEach(() => warn.restore());

  it('runs these tests on Lit in development mode, where the warning is printed', () => {
    expect('litIssuedWarnings' in globalThis).to.equal(true);
  });

  it('<mfa-challenge>: warns once, emits mfa-error no_token_provider and says so; a later provider starts it', async () => {
    // Before the fixture: the element's wait starts when it joins the page, and rendering may take a while.
    const started = Date.now();
    const el = await fixture<MfaChallenge>(html`<mfa-challenge api-base=${apiBase}></mfa-challenge>`);
    const { detail } = await oneEvent(el, 'mfa-error');
    expect(Date.now() - started).to.be.at.least(TOKEN_PROVIDER_WAIT_MS - 50);
    expect(detail).to.include({ code: 'no_token_provider', status: 0, recoverable: false });
    expect(detail.description).to.match(/<mfa-challenge> has no tokenProvider/);
    await el.updateComplete;
    expect(alertText(el)).to.equal("Verification isn't available on this page right now. Contact the site's support.");
    expect(el.shadowRoot!.textContent).not.to.contain('Loading your sign-in methods');
    await expect(el).to.be.accessible();
    // The first element without a provider on the page warns; the page's later ones do not repeat it.
    expect(warn.callCount).to.equal(1);
    expect(warn.firstCall.args[0]).to.match(/<mfa-challenge> has no tokenProvider: set the property/);

    const user = await sim.createUser();
    await sim.enroll(user, 'otp');
    el.tokenProvider = () => sim.mfaToken(user);
    await waitUntil(() => el.shadowRoot!.querySelector('input#code'), 'the challenge started');
    expect(alertText(el)).to.equal(undefined);
  });

  it('<mfa-enroll>: a function passed as an attribute (React 18) is no provider', async () => {
    const el = await fixture<MfaEnroll>(html`<mfa-enroll api-base=${apiBase} factor="otp"></mfa-enroll>`);
    el.setAttribute('tokenprovider', String(() => 'token'));
    const { detail } = await oneEvent(el, 'mfa-error');
    expect(detail.code).to.equal('no_token_provider');
    await el.updateComplete;
    expect(alertText(el)).to.match(/isn't available on this page/);
    expect(warn.called, 'warned once per page, in the test before').to.equal(false);
  });

  it('reports nothing when the provider comes within the wait, or for <mfa-recovery-codes>', async () => {
    const user = await sim.createUser();
    const errors: string[] = [];
    const el = await fixture<MfaEnroll>(html`<mfa-enroll api-base=${apiBase} factor="otp"></mfa-enroll>`);
    const codes = await fixture(html`<mfa-recovery-codes></mfa-recovery-codes>`);
    for (const target of [el, codes]) target.addEventListener('mfa-error', (e) => errors.push((e as CustomEvent).detail.code));
    await new Promise((resolve) => setTimeout(resolve, TOKEN_PROVIDER_WAIT_MS / 4));
    el.tokenProvider = () => sim.mfaToken(user);
    await waitUntil(() => el.shadowRoot!.querySelector('input.code'), 'the enrollment started');
    await new Promise((resolve) => setTimeout(resolve, TOKEN_PROVIDER_WAIT_MS));
    expect(errors).to.deep.equal([]);
    expect(warn.called).to.equal(false);
  });
});
