import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../support/wait.ts';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define/mfa-enroll.ts';
import type { MfaEnroll } from '../../src/components/mfa-enroll/mfa-enroll.component.ts';
import { createQrCode } from '../../src/internal/qr-code.ts';
import { SIMULATOR_DEFAULTS } from '../../src/simulator/index.ts';
import { fakeCountdowns } from '../support/fake-time.ts';
import { pageSimulator } from '../support/page-sim.ts';
import type { SimulatedUser } from '../../src/testing/index.ts';

const sim = pageSimulator('enroll');

const shadow = (el: MfaEnroll) => el.shadowRoot!;
const heading = (el: MfaEnroll) => shadow(el).querySelector('h2')?.textContent?.trim();
const text = (el: MfaEnroll) => shadow(el).textContent!.replace(/\s+/g, ' ');
const secretShown = (el: MfaEnroll) => shadow(el).querySelector('[part="secret"]')!.textContent!.replace(/\s/g, '');
const codeInput = (el: MfaEnroll) => shadow(el).querySelector<HTMLInputElement>('input#code')!;
const addressInput = (el: MfaEnroll) => shadow(el).querySelector<HTMLInputElement>('input#address')!;
const buttonNamed = (el: MfaEnroll, name: RegExp) =>
  [...shadow(el).querySelectorAll<HTMLButtonElement>('button')].find((b) => name.test(b.textContent!.trim()));
const errorText = (el: MfaEnroll) => shadow(el).querySelector('[role="alert"]')?.textContent?.trim() ?? '';
const apiCalls = async () => (await sim.requests()).length;

async function typeCode(el: MfaEnroll, code: string): Promise<void> {
  const input = codeInput(el);
  input.value = code;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

/** Types into the address field and presses the send button. */
async function submitAddress(el: MfaEnroll, value: string): Promise<void> {
  addressInput(el).value = value;
  buttonNamed(el, /^(Send code|Call me)$/)!.click();
  await el.updateComplete;
}

/** The user's confirmation in the embedded <mfa-recovery-codes>. */
async function saveRecoveryCodes(el: MfaEnroll): Promise<string[]> {
  const codes = shadow(el).querySelector('mfa-recovery-codes')!;
  await codes.updateComplete;
  const root = codes.shadowRoot!;
  const shown = [...root.querySelectorAll('[part="code"]')].map((c) => c.textContent!.replace(/\s/g, ''));
  root.querySelector<HTMLInputElement>('[part="checkbox"]')!.click();
  await codes.updateComplete;
  root.querySelector<HTMLButtonElement>('[part="button"]')!.click();
  return shown;
}

/** Logs the user in with a recovery code, straight at the simulator: the status says whether Auth0 keeps it. */
async function recoveryGrantStatus(user: SimulatedUser, code: string): Promise<number> {
  const response = await fetch(`${sim.base}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'http://auth0.com/oauth/grant-type/mfa-recovery-code',
      client_id: SIMULATOR_DEFAULTS.publicClientId,
      mfa_token: await sim.mfaToken(user),
      recovery_code: code,
    }),
  });
  return response.status;
}

/** Every attribute in the element's shadow tree: none may hold a secret. */
const attributeValues = (el: MfaEnroll) =>
  [...shadow(el).querySelectorAll('*')].flatMap((node) => [...node.attributes].map((a) => a.value));

for (const mode of sim.modes()) {
  describe(`<mfa-enroll> (${mode.name})`, () => {
    async function render(
      token: () => Promise<string>,
      attributes: { factor?: string; factors?: string; email?: string; phone?: string; country?: string } = {},
    ) {
      const el = await fixture<MfaEnroll>(html`<mfa-enroll
        api-base=${mode.apiBase}
        client-id=${mode.clientId}
        factor=${attributes.factor ?? ''}
        factors=${attributes.factors ?? ''}
        email=${attributes.email ?? ''}
        phone-number=${attributes.phone ?? ''}
        default-country-code=${attributes.country ?? ''}
        .tokenProvider=${token}
      ></mfa-enroll>`);
      await waitUntil(() => shadow(el).querySelector('h2, [role="alert"]'), 'a step is shown');
      return el;
    }

    /** A user who already has a factor: a page enrolls more with an MFA-audience access token. */
    async function enrolledUser(): Promise<SimulatedUser> {
      const user = await sim.createUser();
      // An sms factor: a verified email alone does not make the user "already enrolled".
      await sim.enroll(user, 'sms');
      return user;
    }

    it('offers the methods the page lists, in its order, and goes to the one chosen', async () => {
      const user = await enrolledUser();
      const el = await render(() => sim.accessToken(user), { factors: 'sms email bogus otp' });
      expect(heading(el)).to.equal('Add a verification method');
      expect(shadow(el).activeElement?.tagName).to.equal('H2');
      const names = [...shadow(el).querySelectorAll('.method__name')].map((n) => n.textContent);
      expect(names).to.deep.equal(['Text message', 'Email', 'Authenticator app']);
      await expect(el).to.be.accessible();
      const before = await apiCalls();
      (shadow(el).querySelectorAll('.method')[1] as HTMLButtonElement).click();
      await el.updateComplete;
      expect(heading(el)).to.equal('Add your email address');
      expect(await apiCalls(), 'choosing sends nothing').to.equal(before);
      buttonNamed(el, /^Choose another method$/)!.click();
      await el.updateComplete;
      expect(heading(el)).to.equal('Add a verification method');
    });

    it('enrolls an authenticator app with a code computed from the key it shows', async () => {
      const user = await enrolledUser();
      const el = await render(() => sim.accessToken(user), { factor: 'otp' });
      expect(heading(el)).to.equal('Scan this QR code with your authenticator app');
      expect(buttonNamed(el, /^Choose another method$/), 'factor= offers no other').to.be.undefined;
      const secret = secretShown(el);
      expect(secret).to.match(/^[A-Z2-7]{32}$/);
      expect(shadow(el).querySelector('[part="secret"]')!.textContent).to.match(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);

      // The QR code is an accessible SVG of exactly the otpauth URI, which no attribute holds.
      const svg = shadow(el).querySelector('svg[role="img"]')!;
      expect(svg.getAttribute('aria-label')).to.equal('QR code for your authenticator app');
      const tenant = encodeURIComponent(SIMULATOR_DEFAULTS.tenantName);
      const uri =
        `otpauth://totp/${tenant}:${encodeURIComponent(user.email)}?secret=${secret}` +
        `&issuer=${tenant}&algorithm=SHA1&digits=6&period=30`;
      expect(svg.querySelector('path')!.getAttribute('d')).to.equal((await createQrCode(uri)).path);
      expect(attributeValues(el).filter((value) => value.includes(secret) || value.includes('otpauth:'))).to.be.empty;
      await expect(el).to.be.accessible();

      shadow(el).querySelector<HTMLElement>('summary')!.click();
      await el.updateComplete;
      expect(shadow(el).querySelector('details')!.open).to.be.true;
      expect(buttonNamed(el, /^Open in an authenticator app on this device$/)).to.exist;
      await expect(el).to.be.accessible();

      const enrolled = oneEvent(el, 'mfa-enrolled');
      await typeCode(el, await sim.authenticatorApp(user).freshCode());
      const { detail } = await enrolled;
      expect(detail).to.include({ factor: 'otp', authenticatorType: 'otp' });
      expect(detail.oobChannel).to.be.undefined;
      expect(detail.tokens.access_token).to.be.a('string');
      expect(detail.tokens.token_type).to.equal('Bearer');
      await el.updateComplete;
      expect(heading(el)).to.equal("You're all set");
      expect(shadow(el).activeElement?.tagName).to.equal('H2');
      await expect(el).to.be.accessible();
    });

    it('keeps the user on the step after a wrong code, then enrolls with the right one', async () => {
      const user = await enrolledUser();
      const el = await render(() => sim.accessToken(user), { factor: 'otp' });
      expect(secretShown(el), 'the key shown is the one the app holds').to.equal(await sim.authenticatorApp(user).secret());
      const failed = oneEvent(el, 'mfa-error');
      const right = await sim.authenticatorApp(user).freshCode();
      await typeCode(el, right === '000000' ? '111111' : '000000');
      expect((await failed).detail).to.include({ code: 'invalid_code', status: 403, recoverable: true });
      await el.updateComplete;
      expect(errorText(el)).to.match(/isn't right/);
      expect(codeInput(el).getAttribute('aria-invalid')).to.equal('true');
      expect(codeInput(el).getAttribute('aria-describedby')).to.equal('code-error');
      expect(shadow(el).activeElement).to.equal(codeInput(el));
      await expect(el).to.be.accessible();
      const enrolled = oneEvent(el, 'mfa-enrolled');
      await typeCode(el, await sim.authenticatorApp(user).freshCode());
      expect((await enrolled).detail.factor).to.equal('otp');
      const authenticators = await sim.authenticatorApp(user).entries();
      expect(authenticators.filter((a) => a.active)).to.have.length(1);
    });

    it('shows the recovery code of a first enrollment and emits only once it is saved; not on a second', async () => {
      const user = await sim.createUser();
      const first = await render(() => sim.mfaToken(user), { factor: 'otp' });
      let enrolledEarly = false;
      first.addEventListener('mfa-enrolled', () => (enrolledEarly = true), { once: true });
      await typeCode(first, await sim.authenticatorApp(user).freshCode());
      await waitUntil(() => shadow(first).querySelector('mfa-recovery-codes'), 'the recovery code is shown');
      const codes = shadow(first).querySelector('mfa-recovery-codes')!;
      await codes.updateComplete;
      expect(codes.shadowRoot!.querySelector('h2')!.textContent).to.equal('Save your recovery code');
      expect(shadow(first).activeElement, 'focus moves into the recovery codes').to.equal(codes);
      expect(enrolledEarly).to.be.false;
      await expect(first).to.be.accessible();
      const enrolled = oneEvent(first, 'mfa-enrolled');
      const shown = await saveRecoveryCodes(first);
      expect(shown).to.have.length(1);
      expect(shown[0]).to.match(/^[A-Z0-9]{24}$/);
      const { detail } = await enrolled;
      expect(detail.factor).to.equal('otp');
      expect(detail.tokens.access_token).to.be.a('string');
      await first.updateComplete;
      expect(heading(first)).to.equal("You're all set");

      // The code shown is the one Auth0 keeps: it logs the user in.
      expect(await recoveryGrantStatus(user, shown[0])).to.equal(200);

      const second = await render(() => sim.accessToken(user), { factor: 'email', email: user.email });
      await submitAddress(second, user.email);
      await waitUntil(() => codeInput(second), 'the code step');
      const again = oneEvent(second, 'mfa-enrolled');
      await typeCode(second, await sim.inbox(user).lastCode());
      expect((await again).detail).to.include({ factor: 'email', authenticatorType: 'oob', oobChannel: 'email' });
      await second.updateComplete;
      expect(shadow(second).querySelector('mfa-recovery-codes')).to.be.null;
      expect(heading(second)).to.equal("You're all set");
    });

    it('keeps the first association’s recovery code when the user switches method, and shows it at the end', async () => {
      const user = await sim.createUser();
      const el = await render(() => sim.mfaToken(user));
      buttonNamed(el, /^Authenticator app/)!.click();
      await waitUntil(() => shadow(el).querySelector('[part="secret"]'), 'the otp step');
      buttonNamed(el, /^Choose another method$/)!.click();
      await el.updateComplete;
      buttonNamed(el, /^Text message/)!.click();
      await el.updateComplete;
      await submitAddress(el, '+14155550177');
      await waitUntil(() => codeInput(el), 'the code step');
      await typeCode(el, await sim.inbox(user).lastCode());
      await waitUntil(() => shadow(el).querySelector('mfa-recovery-codes'), 'the first association’s code is shown');
      const enrolled = oneEvent(el, 'mfa-enrolled');
      const [code] = await saveRecoveryCodes(el);
      expect((await enrolled).detail.factor).to.equal('sms');
      // It is the code Auth0 keeps.
      expect(await recoveryGrantStatus(user, code)).to.equal(200);
    });

    it('says honestly that no recovery code came when the first association was abandoned before', async () => {
      const user = await sim.createUser();
      // An earlier visit associated an authenticator app and left: its answer carried the code.
      await sim.connection.call('POST', '/mfa/associate', { json: { authenticator_types: ['otp'] } }, await sim.mfaToken(user));
      const el = await render(() => sim.mfaToken(user), { factor: 'sms' });
      await submitAddress(el, '+14155550178');
      await waitUntil(() => codeInput(el), 'the code step');
      const enrolled = oneEvent(el, 'mfa-enrolled');
      await typeCode(el, await sim.inbox(user).lastCode());
      await enrolled;
      await waitUntil(() => text(el).includes('No recovery code was shown this time'), 'the note');
      expect(shadow(el).querySelector('mfa-recovery-codes')).to.be.null;
      expect(heading(el)).to.equal("You're all set");
      await expect(el).to.be.accessible();
    });

    it('enrolls an email address, prefilled, after refusing invalid ones before any request', async () => {
      const user = await enrolledUser();
      const address = `new-${mode.name}-${Date.now()}@example.com`;
      const el = await render(() => sim.accessToken(user), { factor: 'email', email: address });
      expect(heading(el)).to.equal('Add your email address');
      expect(addressInput(el).value).to.equal(address);
      expect(addressInput(el).type).to.equal('email');
      expect(addressInput(el).autocomplete).to.equal('email');
      expect(shadow(el).activeElement).to.equal(addressInput(el));
      await expect(el).to.be.accessible();

      const before = await apiCalls();
      for (const [typed, message] of [
        ['', /Enter your email address/],
        ['not-an-email', /name@example\.com/],
        ['name@example', /name@example\.com/],
        ['two words@example.com', /name@example\.com/],
      ] as const) {
        await submitAddress(el, typed);
        expect(errorText(el), typed).to.match(message);
        expect(addressInput(el).getAttribute('aria-invalid')).to.equal('true');
        expect(addressInput(el).getAttribute('aria-describedby')).to.equal('address-error');
      }
      expect(shadow(el).activeElement).to.equal(addressInput(el));
      await expect(el).to.be.accessible();
      expect(await apiCalls(), 'nothing was sent').to.equal(before);

      await submitAddress(el, `  ${address} `);
      await waitUntil(() => codeInput(el), 'the code step');
      expect(heading(el)).to.equal('Check your email');
      expect(text(el)).to.include(`We sent a code to ${address}.`);
      expect(shadow(el).activeElement).to.equal(codeInput(el));
      const [message] = (await sim.inbox(user).messages()).slice(-1);
      expect(message).to.include({ channel: 'email', to: address });
      await expect(el).to.be.accessible();

      const enrolled = oneEvent(el, 'mfa-enrolled');
      await typeCode(el, message.code);
      const { detail } = await enrolled;
      expect(detail).to.include({ factor: 'email', authenticatorType: 'oob', oobChannel: 'email' });
      await el.updateComplete;
      expect(text(el)).to.include(`Codes will be sent to ${address} when you sign in.`);
    });

    it('sends a new code after the cooldown by associating again, and changes the address', async () => {
      const clock = fakeCountdowns();
      try {
        const user = await enrolledUser();
        const el = await render(() => sim.accessToken(user), { factor: 'email' });
        await submitAddress(el, 'first@example.com');
        await waitUntil(() => codeInput(el), 'the code step');
        const sent = (await sim.inbox(user).messages()).length;
        const oldCode = await sim.inbox(user).lastCode();

        // A wrong code first, then the old code after it expired.
        const wrong = oneEvent(el, 'mfa-error');
        await typeCode(el, oldCode === '000000' ? '111111' : '000000');
        expect((await wrong).detail.code).to.equal('invalid_code');
        await sim.clock.advance(301);
        const expired = oneEvent(el, 'mfa-error');
        await typeCode(el, oldCode);
        expect((await expired).detail.code).to.equal('oob_code_expired');
        await el.updateComplete;
        expect(errorText(el)).to.match(/expired/);
        await expect(el).to.be.accessible();

        const resend = buttonNamed(el, /^Resend/)!;
        expect(resend.disabled, 'resend waits 30 s').to.be.true;
        expect(resend.textContent).to.match(/Resend in \d+ s/);
        clock.tick(30_000);
        await el.updateComplete;
        expect(resend.disabled, 'resend is possible once the cooldown passed').to.be.false;
        const calls = await sim.requests();
        resend.click();
        await waitUntil(async () => (await sim.inbox(user).messages()).length === sent + 1, 'a new code was sent');
        const associated = (await sim.requests()).slice(calls.length).filter((r) => r.path.endsWith('/mfa/associate'));
        expect(associated, 'resending associates again').to.have.length(1);
        await waitUntil(() => buttonNamed(el, /^Resend in/), 'the cooldown starts again');

        // Changing the address keeps what was typed, and sends there.
        buttonNamed(el, /^Use a different email$/)!.click();
        await el.updateComplete;
        expect(heading(el)).to.equal('Add your email address');
        expect(addressInput(el).value).to.equal('first@example.com');
        expect(shadow(el).activeElement).to.equal(addressInput(el));
        await submitAddress(el, 'second@example.com');
        await waitUntil(() => codeInput(el), 'the code step');
        expect(text(el)).to.include('We sent a code to second@example.com.');
        const [message] = (await sim.inbox(user).messages()).slice(-1);
        expect(message.to).to.equal('second@example.com');
        const enrolled = oneEvent(el, 'mfa-enrolled');
        await typeCode(el, message.code);
        expect((await enrolled).detail.oobChannel).to.equal('email');
      } finally {
        clock.restore();
      }
    });

    it('enrolls sms and voice with numbers as people type them, sent as E.164', async () => {
      for (const [channel, typed, e164] of [
        ['sms', '+1 (415) 555-0142', '+14155550142'],
        ['voice', '0044 20 7946.0958', '+442079460958'],
      ] as const) {
        const user = await enrolledUser();
        const el = await render(() => sim.accessToken(user), { factor: channel });
        expect(heading(el)).to.equal(channel === 'sms' ? 'Add a phone number for text messages' : 'Add a phone number for calls');
        expect(addressInput(el).type).to.equal('tel');
        expect(addressInput(el).autocomplete).to.equal('tel');
        expect(addressInput(el).getAttribute('aria-describedby')).to.equal('address-hint');
        await submitAddress(el, typed);
        await waitUntil(() => codeInput(el), 'the code step');
        expect(heading(el)).to.equal(channel === 'sms' ? 'Check your messages' : 'Answer the call');
        // The number as the user typed it reads better than E.164.
        expect(text(el)).to.include(
          channel === 'sms' ? `We sent a code to ${typed}.` : `We are calling ${typed} to read you a code.`,
        );
        if (channel === 'voice') expect(buttonNamed(el, /^Call again in/)).to.exist;
        const [message] = (await sim.inbox(user).messages()).slice(-1);
        expect(message).to.include({ channel, to: e164 });
        const enrolled = oneEvent(el, 'mfa-enrolled');
        await typeCode(el, message.code);
        expect((await enrolled).detail).to.include({ factor: channel, authenticatorType: 'oob', oobChannel: channel });
      }
    });

    it('refuses what cannot be a phone number before any request', async () => {
      const user = await enrolledUser();
      const el = await render(() => sim.accessToken(user), { factor: 'sms', phone: 'call me' });
      expect(addressInput(el).value).to.equal('call me');
      const before = await apiCalls();
      for (const [typed, message] of [
        ['call me', /only digits, spaces/],
        ['', /Enter your phone number/],
        ['415 555 0142', /Start with \+ and the country code/],
        ['+1 555', /8 to 15 digits/],
        ['+1 415 555 0142 0000 0', /8 to 15 digits/],
        ['+0 415 555 0142', /Start with \+ and the country code/],
        ['+1 415 5550 ext 12', /only digits, spaces/],
      ] as const) {
        await submitAddress(el, typed);
        expect(errorText(el), typed).to.match(message);
        expect(addressInput(el).getAttribute('aria-invalid')).to.equal('true');
        expect(addressInput(el).getAttribute('aria-describedby')).to.equal('address-error address-hint');
      }
      await expect(el).to.be.accessible();
      expect(await apiCalls(), 'nothing was sent').to.equal(before);
      addressInput(el).dispatchEvent(new InputEvent('input'));
      await el.updateComplete;
      expect(errorText(el), 'typing clears the error').to.equal('');
    });

    it('reads national numbers with default-country-code', async () => {
      const user = await enrolledUser();
      const el = await render(() => sim.accessToken(user), { factor: 'sms', country: '44', phone: '07700 900123' });
      await submitAddress(el, addressInput(el).value);
      await waitUntil(() => codeInput(el), 'the code step');
      expect((await sim.inbox(user).messages()).slice(-1)[0].to).to.equal('+447700900123');
    });

    it('explains that a user who has a factor must verify first, and emits already_enrolled', async () => {
      const user = await enrolledUser();
      const el = await fixture<MfaEnroll>(html`<mfa-enroll
        api-base=${mode.apiBase}
        client-id=${mode.clientId}
        factor="otp"
        .tokenProvider=${() => sim.mfaToken(user)}
      ></mfa-enroll>`);
      const { detail } = await oneEvent(el, 'mfa-error');
      expect(detail).to.include({ code: 'already_enrolled', status: 403, recoverable: false });
      expect(detail.description).to.match(/^User is already enrolled\..*access token/);
      await el.updateComplete;
      expect(heading(el)).to.equal('You already have a verification method');
      expect(errorText(el)).to.match(/Verify with the method you already set up first/);
      expect(shadow(el).querySelector('svg')).to.be.null;
      expect(shadow(el).activeElement?.tagName).to.equal('H2');
      await expect(el).to.be.accessible();
    });

    it('shows a way to try again when the server fails', async () => {
      const user = await enrolledUser();
      await sim.faults.inject({ path: '/mfa/associate', status: 500 });
      const el = await render(() => sim.accessToken(user), { factor: 'otp' });
      await waitUntil(() => errorText(el), 'the error is shown');
      expect(heading(el)).to.equal("We couldn't set this up");
      expect(shadow(el).activeElement?.tagName).to.equal('H2');
      expect(errorText(el)).to.match(/Something went wrong on our side/);
      await expect(el).to.be.accessible();
      buttonNamed(el, /^Try again$/)!.click();
      await waitUntil(() => shadow(el).querySelector('[part="secret"]'), 'the QR code step');
    });

    it('asks the token provider again when the token expired, and retries', async () => {
      const user = await enrolledUser();
      let calls = 0;
      const el = await render(() => (calls++, sim.accessToken(user)), { factor: 'email' });
      await submitAddress(el, 'first@example.com');
      await waitUntil(() => codeInput(el), 'the code step');
      await sim.clock.advance(601);
      buttonNamed(el, /^Use a different email$/)!.click();
      await el.updateComplete;
      await submitAddress(el, 'later@example.com');
      await waitUntil(() => codeInput(el), 'the code step');
      expect(calls).to.equal(2);
      expect((await sim.inbox(user).messages()).slice(-1)[0].to).to.equal('later@example.com');
    });

    it('waits for a tokenProvider set after it is on the page', async () => {
      const user = await enrolledUser();
      const el = await fixture<MfaEnroll>(html`<mfa-enroll
        api-base=${mode.apiBase}
        client-id=${mode.clientId}
        factor="otp"
      ></mfa-enroll>`);
      let failed = false;
      el.addEventListener('mfa-error', () => (failed = true));
      await el.updateComplete;
      expect(text(el)).to.include('Setting up…');
      await expect(el).to.be.accessible();
      el.tokenProvider = () => sim.accessToken(user);
      await waitUntil(() => shadow(el).querySelector('[part="secret"]'), 'the QR code step');
      expect(failed).to.be.false;
    });

    it('starts on the factor a framework sets just after adding it to the page, as @lit/react does', async () => {
      const user = await sim.createUser();
      const el = document.createElement('mfa-enroll');
      document.body.append(el);
      Object.assign(el, { apiBase: mode.apiBase, clientId: mode.clientId, factor: 'otp', tokenProvider: () => sim.mfaToken(user) });
      try {
        await waitUntil(() => shadow(el).querySelector('[part="secret"]'), 'the QR code step, not the choice of methods');
      } finally {
        el.remove();
      }
    });

    it('forgets the key when it leaves the page', async () => {
      const user = await enrolledUser();
      const el = await render(() => sim.accessToken(user), { factor: 'otp' });
      const secret = secretShown(el);
      el.remove();
      await el.updateComplete;
      expect(shadow(el).textContent).not.to.include(secret.slice(0, 4) + ' ' + secret.slice(4, 8));
      expect(shadow(el).querySelector('svg')).to.be.null;
    });

    it('enrolls an authenticator app with the keyboard alone', async () => {
      const user = await enrolledUser();
      const el = await render(() => sim.accessToken(user));
      expect(shadow(el).activeElement?.tagName, 'focus starts on the heading').to.equal('H2');
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Enter' }); // Authenticator app
      await waitUntil(() => heading(el) === 'Scan this QR code with your authenticator app', 'the QR code step');
      await el.updateComplete;
      expect(shadow(el).activeElement?.tagName).to.equal('H2');
      await sendKeys({ press: 'Tab' });
      expect(shadow(el).activeElement?.tagName).to.equal('SUMMARY');
      await sendKeys({ press: 'Enter' }); // Can't scan it?
      expect(shadow(el).querySelector('details')!.open).to.be.true;
      expect(secretShown(el)).to.equal(await sim.authenticatorApp(user).secret());
      await sendKeys({ press: 'Tab' }); // Copy key
      await sendKeys({ press: 'Tab' }); // Open in an authenticator app
      await sendKeys({ press: 'Tab' }); // the code field
      expect(shadow(el).activeElement).to.equal(codeInput(el));
      const enrolled = oneEvent(el, 'mfa-enrolled');
      await sendKeys({ type: await sim.authenticatorApp(user).freshCode() });
      expect((await enrolled).detail.factor).to.equal('otp');
    });
  });
}

describe('<mfa-enroll> with a hostile upstream', () => {
  const pwned = () => (window as { __pwned?: number }).__pwned;
  const script = 'void(window.__pwned=1)';
  const hostile = [`javascript:${script}`, `JavaScript:${script}`, ` javascript:${script}`, 'data:text/html,<script>1</script>', 'https://evil.example/otpauth://', 'otpauth'];

  // One case each, so a slow machine never runs twelve enrollments under one test's timeout.
  for (const factor of ['otp', 'push']) {
    for (const uri of hostile) {
      it(`refuses a ${factor} barcode_uri ${JSON.stringify(uri)} as a bad response, shows nothing to open, runs nothing`, async () => {
        const user = await sim.createUser();
        const errors: string[] = [];
        const el = await fixture<MfaEnroll>(html`<mfa-enroll
          api-base=${`/hostile/${sim.name}/${encodeURIComponent(uri)}`}
          client-id=${SIMULATOR_DEFAULTS.publicClientId}
          factor=${factor}
          .tokenProvider=${() => sim.mfaToken(user)}
          @mfa-error=${(event: CustomEvent<{ code: string }>) => errors.push(event.detail.code)}
        ></mfa-enroll>`);
        await waitUntil(() => errorText(el) || shadow(el).querySelector('svg'), 'an answer is shown');
        // Before the fix the opener navigated to whatever the answer held: now there is no opener to click.
        expect(buttonNamed(el, /authenticator app/i), 'no "open in an authenticator app"').to.be.undefined;
        expect(pwned(), `${factor} ${uri} ran in the page`).to.be.undefined;
        expect(errors, `${factor} ${uri}`).to.deep.equal(['bad_response']);
        expect(heading(el), uri).to.equal("We couldn't set this up");
        expect(shadow(el).querySelector('svg'), 'no QR code').to.be.null;
      });
    }
  }
});
