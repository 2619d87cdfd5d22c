import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define/mfa-challenge.ts';
import type { MfaChallenge } from '../../src/components/mfa-challenge/mfa-challenge.component.ts';
import { setVisibility, sleep, until } from '../support/fake-time.ts';
import { pageSimulator } from '../support/page-sim.ts';
import type { SimulatedUser } from '../../src/testing/index.ts';

const sim = pageSimulator('challenge-push');

const shadow = (el: MfaChallenge) => el.shadowRoot!;
const text = (el: MfaChallenge) => shadow(el).textContent!.replace(/\s+/g, ' ');
const buttonNamed = (el: MfaChallenge, name: RegExp) =>
  [...shadow(el).querySelectorAll<HTMLButtonElement>('button')].find((b) => name.test(b.textContent!.trim()));
const tokenCalls = async () => (await sim.requests()).filter((r) => r.path.endsWith('/oauth/token')).length;


for (const mode of sim.modes()) {
  describe(`<mfa-challenge> push (${mode.name})`, () => {
    let clock: sinon.SinonFakeTimers;
    let user: SimulatedUser;

    /** Moves the page's timers and the simulator's clock together. */
    async function tick(seconds: number, simSeconds = seconds): Promise<void> {
      await sim.clock.advance(simSeconds);
      clock.tick(seconds * 1000);
    }

    async function render(): Promise<MfaChallenge> {
      const el = await fixture<MfaChallenge>(html`<mfa-challenge
        api-base=${mode.apiBase}
        client-id=${mode.clientId}
        .tokenProvider=${() => sim.mfaToken(user)}
      ></mfa-challenge>`);
      await until(async () => (await sim.guardian(user).challenges()).length === 1, 'the push was sent');
      await until(() => text(el).includes('Waiting for your approval'), 'waiting is shown');
      return el;
    }

    beforeEach(async () => {
      user = await sim.createUser();
      await sim.enroll(user, 'push', { device_name: 'Pixel 9' });
      clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    });

    afterEach(() => {
      clock.restore();
      setVisibility('visible');
    });

    it('shows the device, polls every 5 s and completes when the phone approves', async () => {
      const el = await render();
      expect(text(el)).to.include('We sent a notification to Pixel 9');
      const before = await tokenCalls();
      await tick(4.9);
      await sleep(100);
      expect(await tokenCalls(), 'no poll before 5 s').to.equal(before);
      await tick(0.1);
      await until(async () => (await tokenCalls()) === before + 1, 'the first poll');
      await sim.guardian(user).approveNext();
      const verified = oneEvent(el, 'mfa-verified');
      await tick(5);
      const { detail } = await verified;
      expect(detail.authenticator.oob_channel).to.equal('auth0');
      expect(detail.tokens.access_token).to.be.a('string');
    });

    it('says a denied push was denied and offers to try again', async () => {
      const el = await render();
      await sim.guardian(user).rejectNext();
      const failed = oneEvent(el, 'mfa-error');
      await tick(5);
      expect((await failed).detail).to.include({ code: 'rejected', recoverable: true });
      await until(() => text(el).includes('The request was denied on your phone.'), 'the denial is shown');
      buttonNamed(el, /^Try again$/)!.click();
      await until(async () => (await sim.guardian(user).challenges()).length === 1, 'a new push was sent');
      await sim.guardian(user).approveNext();
      const verified = oneEvent(el, 'mfa-verified');
      await until(() => text(el).includes('Waiting for your approval'), 'waiting again');
      await tick(5);
      await verified;
    });

    it('adds 5 s to the interval after slow_down', async () => {
      await render();
      const before = await tokenCalls();
      await tick(5);
      await until(async () => (await tokenCalls()) === before + 1, 'first poll');
      // The simulator sees the next poll 2 s after the first: too fast, so it answers slow_down.
      await tick(5, 2);
      await until(async () => (await tokenCalls()) === before + 2, 'second poll (slow_down)');
      await sleep(100);
      await tick(5);
      await sleep(200);
      expect(await tokenCalls(), 'no poll 5 s after slow_down').to.equal(before + 2);
      await tick(5);
      await until(async () => (await tokenCalls()) === before + 3, 'a poll 10 s after slow_down');
    });

    it('shows "reconnecting" on network errors, backs off, and recovers', async () => {
      const el = await render();
      await sim.faults.inject({ path: '/oauth/token', drop: true, count: 2 });
      const before = await tokenCalls();
      await tick(5);
      await until(() => text(el).includes('Reconnecting'), 'reconnecting is shown');
      await tick(5);
      await until(async () => (await tokenCalls()) >= before + 2 || text(el).includes('Reconnecting'), 'second failure');
      await sim.guardian(user).approveNext();
      const verified = oneEvent(el, 'mfa-verified');
      for (let i = 0; i < 6; i++) {
        await tick(10);
        await sleep(100);
      }
      await verified;
    });

    it('sends no request once the element leaves the page', async () => {
      const el = await render();
      el.remove();
      const before = await tokenCalls();
      await tick(30);
      await sleep(300);
      expect(await tokenCalls()).to.equal(before);
    });

    it('pauses while the tab is hidden and resumes when it returns', async () => {
      const el = await render();
      setVisibility('hidden');
      const before = await tokenCalls();
      await tick(30);
      await sleep(300);
      expect(await tokenCalls(), 'no poll while hidden').to.equal(before);
      await sim.guardian(user).approveNext();
      const verified = oneEvent(el, 'mfa-verified');
      setVisibility('visible');
      clock.tick(1);
      await until(async () => (await tokenCalls()) === before + 1, 'a poll on return');
      await verified;
    });

    it('says the push is being sent, and offers no resend, until the challenge answers', async () => {
      // The simulator holds the challenge's answer (real time, on the server) while the page's timers are fake:
      // 3 s, so that a stalled page still sees the sending state.
      await sim.faults.inject({ path: '/mfa/challenge', latency_ms: 3000, count: 1 });
      const el = await fixture<MfaChallenge>(html`<mfa-challenge
        api-base=${mode.apiBase}
        client-id=${mode.clientId}
        .tokenProvider=${() => sim.mfaToken(user)}
      ></mfa-challenge>`);
      await until(() => text(el).includes('Sending a notification to Pixel 9'), 'sending is shown');
      expect(text(el)).not.to.include('Waiting for your approval');
      expect(text(el)).not.to.include('We sent a notification');
      expect(buttonNamed(el, /^Resend/)!.disabled, 'no second push while the first is on its way').to.be.true;
      await until(() => text(el).includes('Waiting for your approval'), 'waiting is shown');
      expect(text(el)).to.include('We sent a notification to Pixel 9');
      expect(buttonNamed(el, /^Resend/)!.textContent).to.match(/Resend in 30 s/);
    });

    it('offers resend after 30 s', async () => {
      const el = await render();
      const resend = buttonNamed(el, /^Resend/)!;
      expect(resend.disabled).to.be.true;
      expect(resend.textContent).to.match(/Resend in 30 s/);
      await tick(30);
      await el.updateComplete;
      expect(resend.disabled).to.be.false;
      resend.click();
      await until(async () => (await sim.guardian(user).challenges()).length === 2, 'a second push');
    });

    it('switches to the code of the totp that push enrollment created', async () => {
      const el = await render();
      buttonNamed(el, /^Enter a code instead$/)!.click();
      await el.updateComplete;
      expect(shadow(el).querySelector('h2')!.textContent).to.equal('Enter the code from your authenticator app');
      const input = shadow(el).querySelector<HTMLInputElement>('input#code')!;
      const verified = oneEvent(el, 'mfa-verified');
      input.value = await sim.authenticatorApp(user).freshCode();
      input.dispatchEvent(new InputEvent('input'));
      expect((await verified).detail.authenticator.id).to.match(/^totp\|/);
      await tick(30);
      await sleep(200);
    });
  });

  describe(`<mfa-challenge> push accessibility (${mode.name})`, () => {
    // axe schedules with real timers, so these states are reached in real time.
    it('is accessible while waiting, reconnecting and after a denial', async () => {
      const user = await sim.createUser();
      await sim.enroll(user, 'push', { device_name: 'Pixel 9' });
      const el = await fixture<MfaChallenge>(html`<mfa-challenge
        api-base=${mode.apiBase}
        client-id=${mode.clientId}
        .tokenProvider=${() => sim.mfaToken(user)}
      ></mfa-challenge>`);
      await until(() => text(el).includes('Waiting for your approval'), 'waiting is shown');
      await expect(el).to.be.accessible();
      await sim.faults.inject({ path: '/oauth/token', drop: true, count: 1 });
      await until(() => text(el).includes('Reconnecting'), 'reconnecting is shown');
      await expect(el).to.be.accessible();
      await sim.guardian(user).rejectNext();
      await until(() => text(el).includes('The request was denied'), 'the denial is shown');
      await expect(el).to.be.accessible();
    }).timeout(25_000);
  });
}
