import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define/mfa-enroll.ts';
import type { MfaEnroll } from '../../src/components/mfa-enroll/mfa-enroll.component.ts';
import { setVisibility, sleep, until } from '../support/fake-time.ts';
import { pageSimulator } from '../support/page-sim.ts';
import type { SimulatedUser } from '../../src/testing/index.ts';

const sim = pageSimulator('enroll-push');

const shadow = (el: MfaEnroll) => el.shadowRoot!;
const text = (el: MfaEnroll) => shadow(el).textContent!.replace(/\s+/g, ' ');
const buttonNamed = (el: MfaEnroll, name: RegExp) =>
  [...shadow(el).querySelectorAll<HTMLButtonElement>('button')].find((b) => name.test(b.textContent!.trim()));
const qrPath = (el: MfaEnroll) => shadow(el).querySelector('svg[role="img"] path')?.getAttribute('d');
const tokenCalls = async () => (await sim.requests()).filter((r) => r.path.endsWith('/oauth/token')).length;
const associateCalls = async () => (await sim.requests()).filter((r) => r.path.endsWith('/mfa/associate')).length;


async function enrollmentIds(user: SimulatedUser): Promise<string[]> {
  return (await sim.guardian(user).enrollments()).map((e) => e.enrollment_tx_id);
}

const confirmScan = (user: SimulatedUser) => sim.guardian(user).confirmNext({ device_name: 'Pixel 9' });
/** The phone refuses the enrollment (the simulator's control API). */
const rejectScan = (user: SimulatedUser) => sim.guardian(user).rejectNextEnrollment();

for (const mode of sim.modes()) {
  describe(`<mfa-enroll> push (${mode.name})`, () => {
    let clock: sinon.SinonFakeTimers;
    let user: SimulatedUser;

    /** Moves the page's timers and the simulator's clock together. */
    async function tick(seconds: number, simSeconds = seconds): Promise<void> {
      await sim.clock.advance(simSeconds);
      clock.tick(seconds * 1000);
    }

    /** The page handled the last poll's answer: the QR code's expiry, the countdown's tick and the next poll are set. */
    const nextPollScheduled = () => until(() => clock.countTimers() >= 3, 'the next poll is scheduled');

    async function render(token: () => Promise<string> = () => sim.accessToken(user)): Promise<MfaEnroll> {
      const el = await fixture<MfaEnroll>(html`<mfa-enroll
        api-base=${mode.apiBase}
        client-id=${mode.clientId}
        factor="push"
        .tokenProvider=${token}
      ></mfa-enroll>`);
      await until(() => qrPath(el), 'the QR code is shown');
      return el;
    }

    beforeEach(async () => {
      user = await sim.createUser();
      // An sms factor: a verified email alone does not make the user "already enrolled".
      await sim.enroll(user, 'sms');
      clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    });

    afterEach(() => {
      clock.restore();
      setVisibility('visible');
    });

    it('shows the QR code with its 5 minutes, polls every 5 s, and completes once the phone scanned it', async () => {
      const el = await render();
      expect(shadow(el).querySelector('h2')!.textContent).to.equal('Scan this QR code with Auth0 Guardian');
      expect(shadow(el).querySelector('svg[role="img"]')!.getAttribute('aria-label')).to.equal(
        'QR code for the Auth0 Guardian app',
      );
      expect(text(el)).to.include('The QR code expires in 5:00.');
      expect(text(el)).to.include('Waiting for your phone…');
      expect(await enrollmentIds(user)).to.have.length(1);
      const before = await tokenCalls();
      await tick(4.9);
      await sleep(100);
      expect(await tokenCalls(), 'no poll before 5 s').to.equal(before);
      await tick(0.1);
      await until(async () => (await tokenCalls()) === before + 1, 'the first poll');
      await nextPollScheduled();
      await el.updateComplete;
      expect(text(el)).to.include('The QR code expires in 4:55.');
      await confirmScan(user);
      const enrolled = oneEvent(el, 'mfa-enrolled');
      await tick(5);
      const { detail } = await enrolled;
      expect(detail).to.include({ factor: 'push', authenticatorType: 'oob', oobChannel: 'auth0' });
      expect(detail.tokens.access_token).to.be.a('string');
      await el.updateComplete;
      expect(text(el)).to.include('Auth0 Guardian is ready for your next sign-in.');
      const after = await tokenCalls();
      await tick(30);
      await sleep(200);
      expect(await tokenCalls(), 'polling stopped').to.equal(after);
    });

    it('says the QR code expired after 5 minutes and shows a new one in one click', async () => {
      const el = await render();
      const [first] = await enrollmentIds(user);
      const firstQr = qrPath(el);
      const failed = oneEvent(el, 'mfa-error');
      await tick(300, 301);
      expect((await failed).detail).to.include({ code: 'oob_code_expired', recoverable: true });
      await until(() => text(el).includes('The QR code has expired.'), 'the expiry is shown');
      expect(shadow(el).querySelector('svg[role="img"]'), 'the dead QR code is gone').to.be.null;
      expect(shadow(el).querySelector('[role="alert"]')!.textContent).to.include('The QR code has expired.');
      await sleep(300); // A poll that was in flight when the QR code expired may still land.
      const polls = await tokenCalls();
      await tick(30);
      await sleep(200);
      expect(await tokenCalls(), 'no polling once expired').to.equal(polls);

      buttonNamed(el, /^Get a new QR code$/)!.click();
      await until(() => qrPath(el), 'a new QR code is shown');
      expect(qrPath(el)).not.to.equal(firstQr);
      const ids = await enrollmentIds(user);
      expect(ids).to.have.length(1);
      expect(ids[0]).not.to.equal(first);
      expect(text(el)).to.include('The QR code expires in 5:00.');
      await el.updateComplete;
      expect(shadow(el).activeElement?.tagName, 'focus goes back to the heading').to.equal('H2');

      await confirmScan(user);
      const enrolled = oneEvent(el, 'mfa-enrolled');
      await tick(5);
      expect((await enrolled).detail.oobChannel).to.equal('auth0');
    });

    it('says the QR code expired when Auth0 says so first', async () => {
      const el = await render();
      await sim.clock.advance(301);
      const failed = oneEvent(el, 'mfa-error');
      clock.tick(5000);
      expect((await failed).detail).to.include({ code: 'oob_code_expired', status: 403 });
      await until(() => text(el).includes('The QR code has expired.'), 'the expiry is shown');
      expect(buttonNamed(el, /^Get a new QR code$/)).to.exist;
    });

    it('adds 5 s to the interval after slow_down', async () => {
      await render();
      const before = await tokenCalls();
      await tick(5);
      await until(async () => (await tokenCalls()) === before + 1, 'first poll');
      await nextPollScheduled();
      // The simulator sees the next poll 2 s after the first: too fast, so it answers slow_down.
      await tick(5, 2);
      await until(async () => (await tokenCalls()) === before + 2, 'second poll (slow_down)');
      await nextPollScheduled();
      await tick(5);
      await sleep(200);
      expect(await tokenCalls(), 'no poll 5 s after slow_down').to.equal(before + 2);
      await tick(5);
      await until(async () => (await tokenCalls()) === before + 3, 'a poll 10 s after slow_down');
    });

    it('pauses while the tab is hidden and resumes when it returns', async () => {
      const el = await render();
      setVisibility('hidden');
      const before = await tokenCalls();
      await tick(30);
      await sleep(300);
      expect(await tokenCalls(), 'no poll while hidden').to.equal(before);
      await confirmScan(user);
      const enrolled = oneEvent(el, 'mfa-enrolled');
      setVisibility('visible');
      clock.tick(1);
      await until(async () => (await tokenCalls()) === before + 1, 'a poll on return');
      await enrolled;
    });

    it('sends no request once the element leaves the page, and forgets the QR code', async () => {
      const el = await render();
      el.remove();
      const before = await tokenCalls();
      await tick(30);
      await sleep(300);
      expect(await tokenCalls()).to.equal(before);
      await el.updateComplete;
      expect(qrPath(el)).to.be.undefined;
    });

    it('shows "reconnecting" on network errors, backs off, and recovers', async () => {
      const el = await render();
      await sim.faults.inject({ path: '/oauth/token', drop: true, count: 2 });
      await tick(5);
      await until(() => text(el).includes('Reconnecting'), 'reconnecting is shown');
      await confirmScan(user);
      const enrolled = oneEvent(el, 'mfa-enrolled');
      for (let i = 0; i < 6; i++) {
        await tick(10);
        await sleep(100);
      }
      await enrolled;
    });

    it('refuses an mfa_token once the user has a factor, and shows no QR code', async () => {
      const el = await fixture<MfaEnroll>(html`<mfa-enroll
        api-base=${mode.apiBase}
        client-id=${mode.clientId}
        factor="push"
        .tokenProvider=${() => sim.mfaToken(user)}
      ></mfa-enroll>`);
      const { detail } = await oneEvent(el, 'mfa-error');
      expect(detail).to.include({ code: 'already_enrolled', recoverable: false });
      await until(() => text(el).includes('You already have a verification method'), 'the explanation');
      expect(shadow(el).querySelector('svg')).to.be.null;
      expect(await enrollmentIds(user)).to.be.empty;
    });

    it('waits as Auth0 asks when a new QR code is refused for too many requests', async () => {
      const el = await render();
      await tick(300, 301);
      await until(() => buttonNamed(el, /^Get a new QR code$/), 'the expiry is shown');
      await sim.faults.inject({ path: '/mfa/associate', status: 429 });
      const refused = oneEvent(el, 'mfa-error');
      buttonNamed(el, /^Get a new QR code$/)!.click();
      expect((await refused).detail).to.include({ code: 'rate_limited', status: 429 });
      await until(() => text(el).includes('Too many requests. Try again in 1 sec.'), 'the wait is shown');
      expect(buttonNamed(el, /^Get a new QR code$/)!.disabled).to.be.true;
      const calls = await associateCalls();
      clock.tick(1000);
      await el.updateComplete;
      expect(buttonNamed(el, /^Get a new QR code$/)!.disabled).to.be.false;
      expect(await associateCalls()).to.equal(calls);
      buttonNamed(el, /^Get a new QR code$/)!.click();
      await until(() => qrPath(el), 'a new QR code');
    });

    it('says the set-up was refused when the phone rejects the enrollment, and offers a new QR code', async () => {
      const el = await render();
      await rejectScan(user);
      const failed = oneEvent(el, 'mfa-error');
      await tick(5);
      expect((await failed).detail).to.include({ code: 'rejected', status: 400 });
      await el.updateComplete;
      expect(text(el)).to.include('The set-up was refused.');
      expect(shadow(el).querySelector('svg[role="img"]'), 'the QR code is gone').to.be.null;
      buttonNamed(el, /^Get a new QR code$/)!.click();
      await until(() => qrPath(el), 'a new QR code');
      await confirmScan(user);
      const enrolled = oneEvent(el, 'mfa-enrolled');
      await tick(5);
      expect((await enrolled).detail.factor).to.equal('push');
    });

    it('shows the recovery code of a first enrollment before emitting', async () => {
      const fresh = await sim.createUser();
      const el = await render(() => sim.mfaToken(fresh));
      let enrolledEarly = false;
      el.addEventListener('mfa-enrolled', () => (enrolledEarly = true), { once: true });
      await confirmScan(fresh);
      await tick(5);
      await until(() => shadow(el).querySelector('mfa-recovery-codes'), 'the recovery code is shown');
      expect(enrolledEarly).to.be.false;
      const codes = shadow(el).querySelector('mfa-recovery-codes')!;
      await codes.updateComplete;
      codes.shadowRoot!.querySelector<HTMLInputElement>('[part="checkbox"]')!.click();
      await codes.updateComplete;
      const enrolled = oneEvent(el, 'mfa-enrolled');
      codes.shadowRoot!.querySelector<HTMLButtonElement>('[part="button"]')!.click();
      expect((await enrolled).detail.factor).to.equal('push');
    });
  });

  describe(`<mfa-enroll> push accessibility (${mode.name})`, () => {
    // axe schedules with real timers, so these states are reached in real time.
    it('is accessible while waiting, reconnecting and once the QR code expired', async () => {
      const user = await sim.createUser();
      // An sms factor: a verified email alone does not make the user "already enrolled".
      await sim.enroll(user, 'sms');
      const el = await fixture<MfaEnroll>(html`<mfa-enroll
        api-base=${mode.apiBase}
        client-id=${mode.clientId}
        factor="push"
        .tokenProvider=${() => sim.accessToken(user)}
      ></mfa-enroll>`);
      await until(() => qrPath(el), 'the QR code is shown');
      await expect(el).to.be.accessible();
      await sim.faults.inject({ path: '/oauth/token', drop: true, count: 1 });
      await until(() => text(el).includes('Reconnecting'), 'reconnecting is shown', 8000);
      await expect(el).to.be.accessible();
      await sim.clock.advance(301);
      await until(() => text(el).includes('The QR code has expired.'), 'the expiry is shown', 15_000);
      await expect(el).to.be.accessible();
    }).timeout(30_000);
  });
}
