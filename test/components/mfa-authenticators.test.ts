import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define/mfa-authenticators.ts';
import type { MfaAuthenticators } from '../../src/components/mfa-authenticators/mfa-authenticators.component.ts';
import type { MfaEnroll } from '../../src/components/mfa-enroll/mfa-enroll.component.ts';
import type { MfaAuthenticatorRemovedEvent } from '../../src/events/mfa-authenticator-removed.ts';
import { pageSimulator } from '../support/page-sim.ts';
import type { SimulatedUser } from '../../src/testing/index.ts';
import { waitUntil } from '../support/wait.ts';

const sim = pageSimulator('authenticators');

const shadow = (el: MfaAuthenticators) => el.shadowRoot!;
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const heading = (el: MfaAuthenticators) => squash(shadow(el).querySelector('h2')?.textContent ?? '');
const alertText = (el: MfaAuthenticators) => squash(shadow(el).querySelector('[role="alert"]')?.textContent ?? '');
/** Each listed method as the user reads it: "name detail", per list. */
const listed = (el: MfaAuthenticators, within = '') =>
  [...shadow(el).querySelectorAll(`${within} [part="authenticator"]`)].map((item) =>
    squash([...item.querySelectorAll('[part="name"], [part="detail"]')].map((n) => n.textContent).join(' ')),
  );
const activeListed = (el: MfaAuthenticators) =>
  [...shadow(el).querySelectorAll('[part="authenticator"]:not(.item--pending)')].map((item) =>
    squash(item.querySelector('[part="name"]')!.textContent!),
  );
const buttonNamed = (el: MfaAuthenticators, name: RegExp) =>
  [...shadow(el).querySelectorAll<HTMLButtonElement>('button')].find((b) => name.test(squash(b.getAttribute('aria-label') ?? b.textContent!)));
const focused = (el: MfaAuthenticators) => shadow(el).activeElement as HTMLElement | null;
const onStep = (el: MfaAuthenticators, text: string) => waitUntil(() => heading(el) === text, `the heading "${text}"; at "${heading(el)}"`);

/** The user's authenticators, straight from the simulator. */
async function listOf(user: SimulatedUser): Promise<{ id: string; authenticator_type: string; active: boolean; oob_channel?: string }[]> {
  const response = await fetch(`${sim.base}/mfa/authenticators`, { headers: { Authorization: `Bearer ${await sim.accessToken(user)}` } });
  return response.json();
}

/** Starts enrolling a factor and leaves it unconfirmed: a pending authenticator. */
async function associateOnly(user: SimulatedUser, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${sim.base}/mfa/associate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await sim.accessToken(user)}` },
    body: JSON.stringify(body),
  });
  expect(response.status).to.equal(200);
}

for (const mode of sim.modes()) {
  describe(`<mfa-authenticators> (${mode.name})`, () => {
    async function render(token: () => Promise<string>, factors = '') {
      const el = await fixture<MfaAuthenticators>(html`<mfa-authenticators
        api-base=${mode.apiBase}
        client-id=${mode.clientId}
        factors=${factors}
        .tokenProvider=${token}
      ></mfa-authenticators>`);
      await waitUntil(() => shadow(el).querySelector('h2'), 'a step is shown');
      return el;
    }

    /** A verified email (active from the start), a text-message phone, and Guardian push on "Pixel 9". */
    async function userWithMethods(): Promise<SimulatedUser> {
      const user = await sim.createUser();
      await sim.enroll(user, 'sms', { phone_number: '+14155550167' });
      await sim.enroll(user, 'push', { device_name: 'Pixel 9' });
      return user;
    }

    it('lists active methods by kind with what Auth0 shows of them, the push device once', async () => {
      const user = await userWithMethods();
      const el = await render(() => sim.accessToken(user));
      expect(heading(el)).to.equal('Your verification methods');
      expect(focused(el)?.tagName).to.equal('H2');
      // Push brings a totp of its own: one device, listed once. The recovery code of the first enrollment comes last.
      expect(listed(el)).to.deep.equal(['Push notification Pixel 9', 'Email *************@exam*******', 'Text message XXXXXXXX0167', 'Recovery code']);
      expect(shadow(el).querySelectorAll('[part="icon"] svg')).to.have.length(4);
      // Auth0 does not let the MFA API delete the recovery code: no button offers it.
      expect(shadow(el).querySelectorAll('[part="remove-button"]')).to.have.length(3);
      expect(buttonNamed(el, /^Remove Recovery code$/)).to.be.undefined;
      expect(shadow(el).querySelector('[part="pending"]')).to.be.null;
      await expect(el).to.be.accessible();
    });

    it("shows what Auth0 lists as text, never as markup: a device named with HTML", async () => {
      const user = await sim.createUser();
      const name = '<img src=x onerror="window.mfaPwned=1">';
      await sim.enroll(user, 'push', { device_name: name });
      const el = await render(() => sim.accessToken(user));
      expect(listed(el)).to.include(`Push notification ${name}`);
      expect(buttonNamed(el, /^Remove Push notification <img/)).to.exist;
      expect(shadow(el).querySelector('img')).to.be.null;
      expect((window as { mfaPwned?: number }).mfaPwned).to.be.undefined;
    });

    it('removes a method after a confirmation that names it; cancel keeps it and gives focus back', async () => {
      const user = await userWithMethods();
      const el = await render(() => sim.accessToken(user));
      const before = (await listOf(user)).length;
      const remove = buttonNamed(el, /^Remove Text message XXXXXXXX0167$/)!;
      remove.click();
      await onStep(el, 'Remove Text message?');
      expect(listed(el)).to.deep.equal(['Text message XXXXXXXX0167']);
      expect(shadow(el).querySelector('[part="warning"]'), 'not the last factor').to.be.null;
      expect(focused(el)?.tagName).to.equal('H2');
      await expect(el).to.be.accessible();

      buttonNamed(el, /^Cancel$/)!.click();
      await onStep(el, 'Your verification methods');
      expect(focused(el)?.getAttribute('aria-label')).to.equal('Remove Text message XXXXXXXX0167');
      expect((await listOf(user)).length).to.equal(before);

      buttonNamed(el, /^Remove Text message/)!.click();
      await onStep(el, 'Remove Text message?');
      const removed = oneEvent(el, 'mfa-authenticator-removed') as Promise<MfaAuthenticatorRemovedEvent>;
      buttonNamed(el, /^Remove$/)!.click();
      const { detail } = await removed;
      expect(detail.authenticator).to.include({ authenticator_type: 'oob', oob_channel: 'sms', active: true, name: 'XXXXXXXX0167' });
      expect(detail.authenticator.id).to.match(/^sms\|dev_/);
      await onStep(el, 'Your verification methods');
      expect(listed(el)).to.deep.equal(['Push notification Pixel 9', 'Email *************@exam*******', 'Recovery code']);
      expect((await listOf(user)).some((a) => a.oob_channel === 'sms')).to.be.false;
      expect(focused(el)?.tagName, 'focus is not lost to the page').to.equal('H2');
      await waitUntil(() => squash(shadow(el).querySelector('[role="status"]')!.textContent!) === 'Text message removed.');
    });

    it('warns before removing the last active method', async () => {
      const user = await sim.createUser({ email_verified: false });
      await sim.enroll(user, 'otp');
      const el = await render(() => sim.accessToken(user));
      expect(activeListed(el)).to.deep.equal(['Authenticator app', 'Recovery code']);
      buttonNamed(el, /^Remove Authenticator app$/)!.click();
      await onStep(el, 'Remove Authenticator app?');
      expect(squash(shadow(el).querySelector('[part="warning"]')!.textContent!)).to.match(/^This is your last verification method\./);
      await expect(el).to.be.accessible();
      buttonNamed(el, /^Remove$/)!.click();
      await onStep(el, 'Your verification methods');
      expect(activeListed(el)).to.deep.equal(['Recovery code']);
    });

    it('says so, and keeps the list, when the token may not remove', async () => {
      const user = await userWithMethods();
      const el = await render(() => sim.accessToken(user, { scope: 'read:authenticators enroll' }));
      buttonNamed(el, /^Remove Text message/)!.click();
      await onStep(el, 'Remove Text message?');
      const failed = oneEvent(el, 'mfa-error');
      buttonNamed(el, /^Remove$/)!.click();
      expect((await failed).detail).to.include({ code: 'insufficient_scope', status: 403, recoverable: false });
      await onStep(el, 'Your verification methods');
      expect(alertText(el)).to.equal("This page isn't allowed to remove verification methods. Contact the site's support.");
      expect(listed(el)).to.include('Text message XXXXXXXX0167');
      expect((await listOf(user)).some((a) => a.oob_channel === 'sms')).to.be.true;
      expect(focused(el), 'focus stays in the element').to.exist;
      await expect(el).to.be.accessible();
    });

    it('keeps focus in the element after a refusal when there is nothing to add', async () => {
      const user = await userWithMethods();
      // The page offers push only, which the user has: no "Add a method" button to take the focus.
      const el = await render(() => sim.accessToken(user, { scope: 'read:authenticators enroll' }), 'push');
      expect(buttonNamed(el, /^Add a method$/)).to.be.undefined;
      buttonNamed(el, /^Remove Text message/)!.click();
      await onStep(el, 'Remove Text message?');
      const failed = oneEvent(el, 'mfa-error');
      buttonNamed(el, /^Remove$/)!.click();
      await failed;
      await onStep(el, 'Your verification methods');
      await el.updateComplete;
      expect(focused(el)?.tagName, 'focus on the heading, not lost to the page').to.equal('H2');
    });

    it('lists unfinished set-ups apart and removes them all at once', async () => {
      const user = await userWithMethods();
      await associateOnly(user, { authenticator_types: ['otp'] });
      await associateOnly(user, { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: '+14155550199' });
      const el = await render(() => sim.accessToken(user));
      expect(listed(el, '[part="pending"]')).to.deep.equal(['Authenticator app', 'Text message XXXXXXXX0199']);
      expect(squash(shadow(el).querySelector('#pending-heading')!.textContent!)).to.equal('Not finished setting up');
      await expect(el).to.be.accessible();

      buttonNamed(el, /^Remove all 2$/)!.click();
      await onStep(el, 'Remove 2 unfinished methods?');
      await expect(el).to.be.accessible();
      const ids: string[] = [];
      el.addEventListener('mfa-authenticator-removed', (event) => ids.push(event.detail.authenticator.id));
      buttonNamed(el, /^Remove$/)!.click();
      await onStep(el, 'Your verification methods');
      expect(ids).to.have.length(2);
      expect(shadow(el).querySelector('[part="pending"]')).to.be.null;
      expect((await listOf(user)).filter((a) => !a.active)).to.be.empty;
    });

    it('keeps the confirmation after a network error and removes on the next try', async () => {
      const user = await userWithMethods();
      const el = await render(() => sim.accessToken(user));
      buttonNamed(el, /^Remove Text message/)!.click();
      await onStep(el, 'Remove Text message?');
      await sim.faults.inject({ path: '/mfa/authenticators/', drop: true });
      const failed = oneEvent(el, 'mfa-error');
      buttonNamed(el, /^Remove$/)!.click();
      expect((await failed).detail.recoverable).to.be.true;
      await waitUntil(() => alertText(el), 'the error is shown');
      expect(heading(el)).to.equal('Remove Text message?');
      expect(focused(el)?.textContent?.trim(), 'focus goes to Remove, to try again').to.equal('Remove');
      await expect(el).to.be.accessible();
      buttonNamed(el, /^Remove$/)!.click();
      await onStep(el, 'Your verification methods');
      expect(listed(el)).not.to.include('Text message XXXXXXXX0167');
    });

    it('waits out a rate limit on removal, with Remove disabled until it ends', async () => {
      const user = await userWithMethods();
      const el = await render(() => sim.accessToken(user));
      buttonNamed(el, /^Remove Text message/)!.click();
      await onStep(el, 'Remove Text message?');
      await sim.faults.inject({ path: '/mfa/authenticators/', status: 429 });
      buttonNamed(el, /^Remove$/)!.click();
      await waitUntil(() => /^Too many requests\. Try again in/.test(alertText(el)), 'the rate limit is shown');
      expect(buttonNamed(el, /^Remove$/)!.disabled).to.be.true;
      await expect(el).to.be.accessible();
      await waitUntil(() => !buttonNamed(el, /^Remove$/)!.disabled, 'the lockout ends (Retry-After: 1)');
      buttonNamed(el, /^Remove$/)!.click();
      await onStep(el, 'Your verification methods');
    });

    it('says it is loading, accessibly, until the token and the list come', async () => {
      const user = await userWithMethods();
      let give!: (token: string) => void;
      const el = await fixture<MfaAuthenticators>(html`<mfa-authenticators
        api-base=${mode.apiBase}
        client-id=${mode.clientId}
        .tokenProvider=${() => new Promise<string>((resolve) => (give = resolve))}
      ></mfa-authenticators>`);
      await waitUntil(() => give, 'the token is asked for');
      expect(squash(shadow(el).querySelector('[part="status"]')!.textContent!)).to.equal('Loading your sign-in methods…');
      await expect(el).to.be.accessible();
      give(await sim.accessToken(user));
      await onStep(el, 'Your verification methods');
    });

    it('offers a retry when the list cannot be read', async () => {
      const user = await userWithMethods();
      await sim.faults.inject({ path: '/mfa/authenticators', status: 503 });
      const el = await render(() => sim.accessToken(user));
      await onStep(el, "We couldn't load your methods");
      await expect(el).to.be.accessible();
      buttonNamed(el, /^Try again$/)!.click();
      await onStep(el, 'Your verification methods');
      expect(listed(el)).to.have.length(4);
    });

    it('adds a method with <mfa-enroll>, offering only what the user lacks, and lists it', async () => {
      const user = await userWithMethods();
      const el = await render(() => sim.accessToken(user));
      const steps: string[] = [];
      el.addEventListener('mfa-step-change', (event) => steps.push(event.detail.step));
      buttonNamed(el, /^Add a method$/)!.click();
      await waitUntil(() => shadow(el).querySelector('mfa-enroll'), 'the enroll step');
      const enroll = shadow(el).querySelector<MfaEnroll>('mfa-enroll')!;
      await waitUntil(() => enroll.shadowRoot?.querySelector('h2'), 'enroll shows a step');
      // Push and email are there already; phones may be added again; the app is not push's own totp.
      expect(enroll.factors).to.equal('otp sms voice');
      await expect(el).to.be.accessible();

      buttonNamed(el, /^Back to your methods$/)!.click();
      await onStep(el, 'Your verification methods');
      expect(focused(el)?.tagName).to.equal('H2');

      buttonNamed(el, /^Add a method$/)!.click();
      await waitUntil(() => shadow(el).querySelector('mfa-enroll')?.shadowRoot?.querySelector('.method'), 'the choice');
      const inner = shadow(el).querySelector<MfaEnroll>('mfa-enroll')!;
      // The page themes the inner element through this one's parts (exportparts), its card excepted.
      const style = document.createElement('style');
      style.textContent = 'mfa-authenticators::part(method) { outline-color: rgb(1, 2, 3) } mfa-authenticators::part(base) { outline-color: rgb(4, 5, 6) }';
      document.head.append(style);
      expect(getComputedStyle(inner.shadowRoot!.querySelector('.method')!).outlineColor).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(inner.shadowRoot!.querySelector('[part="base"]')!).outlineColor).not.to.equal('rgb(4, 5, 6)');
      style.remove();
      inner.shadowRoot!.querySelector<HTMLButtonElement>('.method')!.click();
      await waitUntil(() => inner.shadowRoot!.querySelector('[part="secret"]'), 'the otp step');
      // The key on screen is the simulator's: the code comes from its authenticator app, never from the page.
      const app = sim.authenticatorApp(user);
      expect(inner.shadowRoot!.querySelector('[part="secret"]')!.textContent!.replace(/\s/g, '')).to.equal(await app.secret());
      const enrolled = oneEvent(el, 'mfa-enrolled');
      const input = inner.shadowRoot!.querySelector<HTMLInputElement>('input#code')!;
      input.value = await app.freshCode();
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      expect((await enrolled).detail.factor).to.equal('otp');
      await onStep(el, 'Your verification methods');
      expect(activeListed(el)).to.include('Authenticator app');
      expect(focused(el)?.tagName).to.equal('H2');
      expect(steps.every((step) => ['loading', 'list', 'confirm', 'add', 'error'].includes(step)), steps.join()).to.be.true;
      expect(steps).to.include('add');
    });

    it("lets the inner <mfa-enroll>'s errors out as they are", async () => {
      const user = await userWithMethods();
      const el = await render(() => sim.accessToken(user), 'otp');
      await sim.faults.inject({ path: '/mfa/associate', status: 400 });
      const failed = oneEvent(el, 'mfa-error');
      buttonNamed(el, /^Add a method$/)!.click();
      // One factor offered: <mfa-enroll> starts it at once, and the associate call fails.
      const { detail } = await failed;
      expect(detail).to.include({ code: 'invalid_request', status: 400 });
      expect(shadow(el).querySelector('mfa-enroll')!.getAttribute('factors')).to.equal('otp');
      buttonNamed(el, /^Back to your methods$/)!.click();
      await onStep(el, 'Your verification methods');
    });

    it('works with the keyboard alone', async () => {
      const user = await userWithMethods();
      const el = await render(() => sim.accessToken(user));
      const tabTo = async (label: string) => {
        for (let i = 0; i < 10 && focused(el)?.getAttribute('aria-label') !== label && squash(focused(el)?.textContent ?? '') !== label; i++) {
          await sendKeys({ press: 'Tab' });
        }
        expect(squash(focused(el)?.getAttribute('aria-label') ?? focused(el)?.textContent ?? '')).to.equal(label);
      };
      await tabTo('Remove Text message XXXXXXXX0167');
      await sendKeys({ press: 'Enter' });
      await onStep(el, 'Remove Text message?');
      await tabTo('Cancel');
      await sendKeys({ press: 'Enter' });
      await onStep(el, 'Your verification methods');
      expect(focused(el)?.getAttribute('aria-label')).to.equal('Remove Text message XXXXXXXX0167');
      await sendKeys({ press: 'Enter' });
      await onStep(el, 'Remove Text message?');
      await tabTo('Remove');
      await sendKeys({ press: 'Enter' });
      await onStep(el, 'Your verification methods');
      expect(focused(el)?.tagName, 'focus is in the element, not on <body>').to.equal('H2');
      expect(listed(el)).not.to.include('Text message XXXXXXXX0167');

      await tabTo('Add a method');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => shadow(el).querySelector('mfa-enroll')?.shadowRoot?.querySelector('h2'), 'the enroll step');
      await tabTo('Back to your methods');
      await sendKeys({ press: 'Enter' });
      await onStep(el, 'Your verification methods');
      expect(focused(el)?.tagName).to.equal('H2');
    });
  });
}
