import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../support/wait.ts';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define/mfa-challenge.ts';
import type { MfaChallenge } from '../../src/components/mfa-challenge/mfa-challenge.component.ts';
import { fakeCountdowns } from '../support/fake-time.ts';
import { pageSimulator } from '../support/page-sim.ts';
import type { SimulatedUser } from '../../src/testing/index.ts';

const sim = pageSimulator('challenge');

const shadow = (el: MfaChallenge) => el.shadowRoot!;
const heading = (el: MfaChallenge) => shadow(el).querySelector('h2')?.textContent?.trim();
const codeInput = (el: MfaChallenge) => shadow(el).querySelector<HTMLInputElement>('input#code')!;
const buttonNamed = (el: MfaChallenge, name: RegExp) =>
  [...shadow(el).querySelectorAll<HTMLButtonElement>('button')].find((b) => name.test(b.textContent!.trim()));
const errorText = (el: MfaChallenge) => shadow(el).querySelector('[role="alert"]')?.textContent?.trim() ?? '';
/** The new recovery code step's nested <mfa-recovery-codes>, and its shadow root. */
const codesElement = (el: MfaChallenge) => shadow(el).querySelector('mfa-recovery-codes')!;
const codes = (el: MfaChallenge) => codesElement(el).shadowRoot!;
const codesButtonNamed = (el: MfaChallenge, name: RegExp) =>
  [...codes(el).querySelectorAll<HTMLButtonElement>('button')].find((b) =>
    name.test(b.getAttribute('aria-label') ?? b.textContent!.trim()),
  );

/**
 * The challenge sent message `count` and its answer reached the element. The outbox alone is not enough: the
 * simulator writes it before the challenge's answer travels back to the page, and a code typed in between would be
 * submitted without its oob_code. The Resend cooldown starts only when the answer arrives.
 */
async function codeSent(el: MfaChallenge, user: SimulatedUser, count: number): Promise<void> {
  await waitUntil(async () => (await sim.inbox(user).messages()).length === count, `message ${count} was sent`);
  await waitUntil(() => buttonNamed(el, /^Resend in/), 'the challenge answered');
}

async function typeCode(el: MfaChallenge, code: string): Promise<void> {
  const input = codeInput(el);
  input.value = code;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

for (const mode of sim.modes()) {
  describe(`<mfa-challenge> (${mode.name})`, () => {
    async function render(user: SimulatedUser, attributes: { factors?: string; preferred?: string } = {}) {
      const el = await fixture<MfaChallenge>(html`<mfa-challenge
        api-base=${mode.apiBase}
        client-id=${mode.clientId}
        factors=${attributes.factors ?? ''}
        preferred=${attributes.preferred ?? ''}
        .tokenProvider=${() => sim.mfaToken(user)}
      ></mfa-challenge>`);
      await waitUntil(() => el.shadowRoot!.querySelector('h2'), 'a step is shown');
      return el;
    }

    it('verifies a TOTP code and emits the token response', async () => {
      const user = await sim.createUser();
      await sim.enroll(user, 'otp');
      const el = await render(user);
      expect(codeInput(el).autocomplete).to.equal('one-time-code');
      expect(codeInput(el).inputMode).to.equal('numeric');
      await expect(el).to.be.accessible();
      const verified = oneEvent(el, 'mfa-verified');
      await typeCode(el, await sim.authenticatorApp(user).freshCode());
      const { detail } = await verified;
      expect(detail.tokens.access_token).to.be.a('string');
      expect(detail.tokens.token_type).to.equal('Bearer');
      expect(detail.authenticator.id).to.match(/^totp\|dev_/);
    });

    it('keeps the user on the step after a wrong code, with the error tied to the field', async () => {
      const user = await sim.createUser();
      await sim.enroll(user, 'otp');
      const el = await render(user);
      const failed = oneEvent(el, 'mfa-error');
      await typeCode(el, '000 000');
      const { detail } = await failed;
      expect(detail).to.include({ code: 'invalid_code', status: 403, recoverable: true });
      await el.updateComplete;
      expect(errorText(el)).to.match(/isn't right/);
      expect(codeInput(el).getAttribute('aria-invalid')).to.equal('true');
      expect(codeInput(el).getAttribute('aria-describedby')).to.equal('code-error');
      await expect(el).to.be.accessible();
      const verified = oneEvent(el, 'mfa-verified');
      await typeCode(el, await sim.authenticatorApp(user).freshCode());
      await verified;
    });

    it('refuses the code that confirmed the enrollment, as Auth0 does, and says codes work once', async () => {
      const user = await sim.createUser();
      // 1 s into a 30 s step, so that the enrollment's step is surely the previous one below.
      await sim.clock.advance(30 - (((await sim.clock.now()).getTime() / 1000) % 30) + 1);
      await sim.enroll(user, 'otp');
      const el = await render(user);
      // The app still shows the code that confirmed the enrollment: Auth0 took it.
      const confirming = await sim.authenticatorApp(user).code();
      const failed = oneEvent(el, 'mfa-error');
      await typeCode(el, confirming);
      expect((await failed).detail).to.include({ code: 'invalid_code', description: 'Invalid otp_code.' });
      await el.updateComplete;
      expect(errorText(el)).to.equal(
        "That code isn't right, or it was already used: each code works once. Enter the next code from your app.",
      );
      const verified = oneEvent(el, 'mfa-verified');
      await typeCode(el, await sim.authenticatorApp(user).freshCode());
      await verified;
    });

    it('normalises pasted codes with spaces and dashes', async () => {
      const user = await sim.createUser();
      await sim.enroll(user, 'otp');
      const el = await render(user);
      const code = await sim.authenticatorApp(user).freshCode();
      const verified = oneEvent(el, 'mfa-verified');
      await typeCode(el, `${code.slice(0, 3)}-${code.slice(3)}`);
      await verified;
    });

    it('locks out after too many wrong codes and says when to try again', async () => {
      const user = await sim.createUser();
      await sim.enroll(user, 'otp');
      const el = await render(user);
      for (let i = 0; i < 10; i++) {
        const failed = oneEvent(el, 'mfa-error');
        await typeCode(el, String(100000 + i));
        await failed;
        await el.updateComplete;
      }
      const locked = oneEvent(el, 'mfa-error');
      await typeCode(el, '123123');
      expect((await locked).detail.code).to.equal('too_many_attempts');
      await el.updateComplete;
      expect(errorText(el)).to.match(/Try again in 6:00|5:5\d/);
      expect(buttonNamed(el, /^Verify$/)!.disabled).to.be.true;
      await expect(el).to.be.accessible();
    });

    it('verifies an email code and says where it went', async () => {
      const user = await sim.createUser({ email: `e-${mode.name}-${Date.now()}@example.com`, email_verified: false });
      await sim.enroll(user, 'email');
      const el = await render(user);
      expect(heading(el)).to.equal('Check your email');
      expect(shadow(el).textContent).to.match(/We sent a code to \*+@exam\*+/);
      await codeSent(el, user, 2);
      await expect(el).to.be.accessible();
      const verified = oneEvent(el, 'mfa-verified');
      await typeCode(el, await sim.inbox(user).lastCode());
      expect((await verified).detail.authenticator.oob_channel).to.equal('email');
    });

    it('verifies sms and voice codes', async () => {
      for (const channel of ['sms', 'voice'] as const) {
        // Without a verified email, which the element would offer first.
        const user = await sim.createUser({ email_verified: false });
        await sim.enroll(user, channel, { phone_number: '+14155550188' });
        const el = await render(user);
        expect(heading(el)).to.equal(channel === 'sms' ? 'Check your messages' : 'Answer the call');
        expect(shadow(el).textContent).to.include('XXXXXXXX0188');
        await codeSent(el, user, 2);
        const verified = oneEvent(el, 'mfa-verified');
        await typeCode(el, await sim.inbox(user).lastCode());
        expect((await verified).detail.authenticator.oob_channel).to.equal(channel);
      }
    });

    it('says an expired code expired and sends a new one', async () => {
      const clock = fakeCountdowns();
      try {
        const user = await sim.createUser({ email_verified: false });
        await sim.enroll(user, 'sms', { phone_number: '+14155550199' });
        const el = await render(user);
        await codeSent(el, user, 2);
        const old = await sim.inbox(user).lastCode();
        await sim.clock.advance(301);
        const failed = oneEvent(el, 'mfa-error');
        await typeCode(el, old);
        expect((await failed).detail.code).to.equal('oob_code_expired');
        await el.updateComplete;
        expect(errorText(el)).to.match(/expired/);
        const resend = buttonNamed(el, /^Resend/)!;
        expect(resend.disabled, 'resend waits 30 s').to.be.true;
        clock.tick(30_000);
        await el.updateComplete;
        expect(resend.disabled, 'resend is possible once the cooldown passed').to.be.false;
        resend.click();
        await codeSent(el, user, 3);
        const verified = oneEvent(el, 'mfa-verified');
        await typeCode(el, await sim.inbox(user).lastCode());
        await verified;
      } finally {
        clock.restore();
      }
    });

    it('logs in with a recovery code in any case, shows the new code, and emits only after it is saved', async () => {
      const user = await sim.createUser();
      const { recovery_code } = await sim.enroll(user, 'otp');
      const el = await render(user, { preferred: 'recovery-code' });
      expect(heading(el)).to.equal('Enter your recovery code');
      await expect(el).to.be.accessible();
      const input = shadow(el).querySelector<HTMLInputElement>('input[name="recovery_code"]')!;
      input.value = recovery_code!.toLowerCase().replace(/(.{4})/g, '$1-');
      let verifiedEarly = false;
      el.addEventListener('mfa-verified', () => (verifiedEarly = true), { once: true });
      buttonNamed(el, /^Verify$/)!.click();
      await waitUntil(() => heading(el) === 'Save your new recovery code', 'the new code is shown');
      expect(verifiedEarly).to.be.false;
      await codesElement(el).updateComplete;
      expect(codes(el).querySelector('h2'), 'the challenge heading is the only one').to.be.null;
      expect(codesElement(el).getAttribute('exportparts')).to.include('code:recovery-code');
      const shown = codes(el).querySelector('[part="code"]')!.textContent!.replace(/\s/g, '');
      expect(shown).to.match(/^[A-Z0-9]{24}$/);
      expect(shown).not.to.equal(recovery_code!);
      expect(codesButtonNamed(el, /^Copy recovery code$/)).to.exist;
      await expect(el).to.be.accessible();
      const proceed = codesButtonNamed(el, /^Continue$/)!;
      expect(proceed.disabled).to.be.true;
      codes(el).querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
      await codesElement(el).updateComplete;
      expect(proceed.disabled).to.be.false;
      await expect(el).to.be.accessible();
      let heardSaved = false;
      document.addEventListener('mfa-recovery-codes-saved', () => (heardSaved = true), { once: true });
      const verified = oneEvent(el, 'mfa-verified');
      proceed.click();
      const { detail } = await verified;
      // The user has seen the new code: every listener on the document need not.
      expect(detail.tokens).not.to.have.property('recovery_code');
      expect(detail.tokens.access_token).to.be.a('string');
      expect(heardSaved, 'the page hears mfa-verified, not the nested event').to.be.false;
      await el.updateComplete;
      expect(shadow(el).querySelector('mfa-recovery-codes'), 'the code leaves the page').to.be.null;
    });

    it('hands the new recovery code to a page that opts in with include-recovery-code', async () => {
      const user = await sim.createUser();
      const { recovery_code } = await sim.enroll(user, 'otp');
      const el = await render(user, { preferred: 'recovery-code' });
      el.toggleAttribute('include-recovery-code', true);
      expect(el.includeRecoveryCode).to.be.true;
      shadow(el).querySelector<HTMLInputElement>('input[name="recovery_code"]')!.value = recovery_code!;
      buttonNamed(el, /^Verify$/)!.click();
      await waitUntil(() => heading(el) === 'Save your new recovery code', 'the new code is shown');
      await codesElement(el).updateComplete;
      const shown = codes(el).querySelector('[part="code"]')!.textContent!.replace(/\s/g, '');
      codes(el).querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
      await codesElement(el).updateComplete;
      const verified = oneEvent(el, 'mfa-verified');
      codesButtonNamed(el, /^Continue$/)!.click();
      expect((await verified).detail.tokens.recovery_code).to.equal(shown);
    });

    it('refuses a recovery code of the wrong length before sending it', async () => {
      const user = await sim.createUser();
      await sim.enroll(user, 'otp');
      const el = await render(user, { preferred: 'recovery-code' });
      const before = (await sim.requests()).length;
      shadow(el).querySelector<HTMLInputElement>('input[name="recovery_code"]')!.value = 'ABC';
      buttonNamed(el, /^Verify$/)!.click();
      await el.updateComplete;
      expect(errorText(el)).to.match(/24 letters and digits/);
      expect((await sim.requests()).length).to.equal(before);
    });

    it('challenges a verified email, an authenticator from the start, with no enrollment at all', async () => {
      const user = await sim.createUser({ email: `v-${mode.name}-${Date.now()}@example.com` });
      const el = await render(user);
      expect(heading(el)).to.equal('Check your email');
      expect(buttonNamed(el, /^Try another method$/)).to.be.undefined;
      await waitUntil(async () => (await sim.inbox(user).messages()).length === 1, 'the challenge sent a code');
      const verified = oneEvent(el, 'mfa-verified');
      await typeCode(el, await sim.inbox(user).lastCode());
      expect((await verified).detail.authenticator.id).to.match(/^email\|dev_/);
    });

    it('offers the other methods, recovery code last, and switches to one', async () => {
      // The verified email is the user's email method.
      const user = await sim.createUser();
      await sim.enroll(user, 'otp');
      const el = await render(user);
      expect(heading(el)).to.equal('Enter the code from your authenticator app');
      buttonNamed(el, /^Try another method$/)!.click();
      await el.updateComplete;
      expect(heading(el)).to.equal('Choose how to verify');
      expect(shadow(el).activeElement?.tagName).to.equal('H2');
      const names = [...shadow(el).querySelectorAll('.method__name')].map((n) => n.textContent);
      expect(names).to.deep.equal(['Email', 'Recovery code']);
      await expect(el).to.be.accessible();
      (shadow(el).querySelector('.method') as HTMLButtonElement).click();
      await el.updateComplete;
      expect(heading(el)).to.equal('Check your email');
    });

    it('drops the late answer of a method the user left: it never lands on the method they chose', async () => {
      const user = await sim.createUser();
      await sim.enroll(user, 'otp');
      await sim.enroll(user, 'email');
      const el = await render(user);
      expect(heading(el)).to.equal('Enter the code from your authenticator app');
      const errors: string[] = [];
      el.addEventListener('mfa-error', (event) => errors.push(event.detail.code));
      await sim.faults.inject({ path: '/oauth/token', latency_ms: 600 });
      await typeCode(el, '000000');
      await waitUntil(() => buttonNamed(el, /^Verifying/), 'the wrong code is out');
      buttonNamed(el, /^Try another method$/)!.click();
      await el.updateComplete;
      (shadow(el).querySelector('.method') as HTMLButtonElement).click();
      await waitUntil(() => heading(el) === 'Check your email', 'the email step');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await el.updateComplete;
      expect(errors, 'no error from the otp step').to.deep.equal([]);
      expect(errorText(el)).to.equal('');
      expect(codeInput(el).getAttribute('aria-invalid')).to.equal('false');
      expect(buttonNamed(el, /^Verify$/)!.disabled, 'the email step is not busy with the otp request').to.be.false;
    });

    it('limits the methods to mfa_requirements when the page passes them (Customizable MFA)', async () => {
      const user = await sim.createUser();
      await sim.enroll(user, 'otp');
      const el = await fixture<MfaChallenge>(html`<mfa-challenge
        api-base=${mode.apiBase}
        client-id=${mode.clientId}
        .mfaRequirements=${{ challenge: [{ type: 'otp' }, { type: 'recovery-code' }] }}
        .tokenProvider=${() => sim.mfaToken(user)}
      ></mfa-challenge>`);
      await waitUntil(() => heading(el) === 'Enter the code from your authenticator app', 'the otp step');
      buttonNamed(el, /^Try another method$/)!.click();
      await el.updateComplete;
      expect([...shadow(el).querySelectorAll('.method__name')].map((n) => n.textContent)).to.deep.equal(['Recovery code']);
    });

    it('refuses an MFA-API access token as Auth0 does, and says it needs the mfa_token of mfa_required', async () => {
      const user = await sim.createUser();
      await sim.enroll(user, 'sms');
      const failed = new Promise<CustomEvent>((resolve) =>
        document.addEventListener('mfa-error', (event) => resolve(event as CustomEvent), { once: true }),
      );
      const el = await fixture<MfaChallenge>(html`<mfa-challenge
        api-base=${mode.apiBase}
        client-id=${mode.clientId}
        .tokenProvider=${() => sim.accessToken(user)}
      ></mfa-challenge>`);
      const { detail } = await failed;
      expect(detail).to.include({ code: 'mfa_token_required', status: 403, recoverable: false });
      expect(detail.description).to.match(/^Malformed mfa_token\. .*mfa_token of its mfa_required answer/);
      await el.updateComplete;
      expect(errorText(el)).to.equal('Verification could not start for this sign-in. Sign in again to continue.');
      await expect(el).to.be.accessible();
    });

    it('waits on the loading step for a tokenProvider set after it is on the page', async () => {
      const user = await sim.createUser();
      await sim.enroll(user, 'otp');
      const el = await fixture<MfaChallenge>(html`<mfa-challenge api-base=${mode.apiBase} client-id=${mode.clientId}></mfa-challenge>`);
      await el.updateComplete;
      expect(shadow(el).textContent).to.include('Loading your sign-in methods');
      el.tokenProvider = () => sim.mfaToken(user);
      await waitUntil(() => shadow(el).querySelector('input#code'), 'the otp step');
      const verified = oneEvent(el, 'mfa-verified');
      await typeCode(el, await sim.authenticatorApp(user).freshCode());
      await verified;
    });

    it('asks the token provider again when the mfa_token expired, and retries', async () => {
      const user = await sim.createUser();
      await sim.enroll(user, 'otp');
      let calls = 0;
      const el = await fixture<MfaChallenge>(html`<mfa-challenge
        api-base=${mode.apiBase}
        client-id=${mode.clientId}
        .tokenProvider=${() => (calls++, sim.mfaToken(user))}
      ></mfa-challenge>`);
      await waitUntil(() => codeInput(el), 'the otp step');
      await sim.clock.advance(601);
      const verified = oneEvent(el, 'mfa-verified');
      await typeCode(el, await sim.authenticatorApp(user).freshCode());
      await verified;
      expect(calls).to.equal(2);
    });

    it('shows a way to start over when the provider cannot give a valid token', async () => {
      const user = await sim.createUser();
      await sim.enroll(user, 'otp');
      const token = await sim.mfaToken(user);
      const el = await fixture<MfaChallenge>(html`<mfa-challenge
        api-base=${mode.apiBase}
        client-id=${mode.clientId}
        .tokenProvider=${() => token}
      ></mfa-challenge>`);
      await waitUntil(() => codeInput(el), 'the otp step');
      await sim.clock.advance(601);
      const failed = oneEvent(el, 'mfa-error');
      await typeCode(el, await sim.authenticatorApp(user).freshCode());
      expect((await failed).detail).to.include({ code: 'mfa_token_expired', recoverable: false });
      await el.updateComplete;
      expect(errorText(el)).to.match(/session has expired/);
      expect(buttonNamed(el, /^Start over$/)).to.exist;
      await expect(el).to.be.accessible();
    });

    it('completes an OTP challenge with the keyboard alone', async () => {
      const user = await sim.createUser();
      await sim.enroll(user, 'otp');
      const el = await render(user);
      expect(shadow(el).activeElement === codeInput(el), 'focus starts in the code field').to.be.true;
      const verified = oneEvent(el, 'mfa-verified');
      await sendKeys({ type: await sim.authenticatorApp(user).freshCode() });
      await verified;
    });

    it('switches to the recovery code and verifies with the keyboard alone', async () => {
      const user = await sim.createUser({ email_verified: false });
      const { recovery_code } = await sim.enroll(user, 'otp');
      const el = await render(user);
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Enter' }); // Try another method
      await el.updateComplete;
      expect(heading(el)).to.equal('Choose how to verify');
      expect(shadow(el).activeElement?.tagName).to.equal('H2');
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Enter' }); // Recovery code
      await el.updateComplete;
      expect(shadow(el).activeElement?.getAttribute('name')).to.equal('recovery_code');
      await sendKeys({ type: recovery_code!.toLowerCase() });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => heading(el) === 'Save your new recovery code', 'the new code is shown');
      expect(shadow(el).activeElement?.tagName).to.equal('H2');
      const focusedInCodes = () => codes(el).activeElement as HTMLElement | null;
      await sendKeys({ press: 'Tab' });
      expect(focusedInCodes()?.getAttribute('aria-label')).to.equal('Copy recovery code');
      await sendKeys({ press: 'Tab' }); // Download
      await sendKeys({ press: 'Tab' }); // Print
      await sendKeys({ press: 'Tab' });
      const checkbox = codes(el).querySelector<HTMLInputElement>('input[type="checkbox"]')!;
      expect(focusedInCodes()).to.equal(checkbox);
      await sendKeys({ press: 'Space' }); // I have saved it
      await codesElement(el).updateComplete;
      expect(checkbox.checked).to.be.true;
      await sendKeys({ press: 'Tab' });
      expect(focusedInCodes()?.textContent?.trim()).to.equal('Continue');
      const verified = oneEvent(el, 'mfa-verified');
      await sendKeys({ press: 'Enter' }); // Continue
      await verified;
    });
  });
}
