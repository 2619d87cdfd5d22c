/** `<mfa-enroll>`'s flow in Node, against the simulator, on a fake clock: every path the element takes. */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { TokenProvider } from '../../src/api/session.ts';
import { EnrollFlow, type EnrollOptions, type EnrollState } from '../../src/flows/enroll-flow.ts';
import { createQrCode, loadQrGenerator, type QrCode } from '../../src/internal/qr-code.ts';
import { totp } from '../../src/simulator/totp.ts';
import { accessToken, enrollOtp, lastCode, mfaToken, newUser, type TestUser } from '../simulator/setup.ts';
import { record, settle, until, useWorld } from './support.ts';

const world = useWorld();
const flows: EnrollFlow<QrCode>[] = [];
afterEach(() => flows.splice(0).forEach((flow) => flow.abort()));

const qr = { load: loadQrGenerator, create: createQrCode };

function start(provider: TokenProvider | undefined, options: EnrollOptions = {}) {
  const { clock, session } = world();
  const flow = new EnrollFlow<QrCode>({ session: session(provider), clock, qr });
  flows.push(flow);
  const log = record(flow);
  flow.begin(options);
  return { flow, log };
}

type Step = EnrollState['step'];
const settled = (flow: EnrollFlow<QrCode>, step: Step) => until(() => flow.state.step === step && !flow.busy, () => `the ${step} step; at ${JSON.stringify(flow.state).slice(0, 200)}, error ${JSON.stringify(flow.error)}`);
const as = <S extends Step>(flow: EnrollFlow<QrCode>, step: S) => {
  assert.equal(flow.state.step, step);
  return flow.state as Extract<EnrollState<QrCode>, { step: S }>;
};
const associateCalls = () => world().requests.filter((r) => r.endsWith('/mfa/associate')).length;
const tokenCalls = () => world().requests.filter((r) => r.endsWith('/oauth/token')).length;

/** A user who already has a factor: enrolling more takes an access token. */
async function enrolledUser(): Promise<TestUser> {
  const user = await newUser(world().sim.api);
  await enrollOtp(world().sim.api, user);
  return user;
}
const fresh = () => newUser(world().sim.api, { email: `e-${Date.now()}-${Math.random()}@example.com` });
const mfa = (user: TestUser) => () => mfaToken(world().sim.api, user);
const access = (user: TestUser) => () => accessToken(world().sim.api, user);

describe('EnrollFlow', () => {
  it('offers the methods the page lists, in its order, and goes to the one chosen', async () => {
    const { flow, log } = start(mfa(await fresh()), { factors: ['sms', 'otp'] });
    assert.equal(flow.state.step, 'choose');
    assert.deepEqual(flow.offered, ['sms', 'otp']);
    assert.equal(flow.canChooseAnother, true);
    flow.choose('sms');
    assert.deepEqual(flow.state, { step: 'address', factor: 'sms' });
    assert.equal(log.steps(), 2);
  });

  it('enrolls an authenticator app with a code from its key; a first factor shows its recovery code first', async () => {
    const user = await fresh();
    const { flow, log } = start(mfa(user), { factor: 'otp' });
    assert.equal(flow.canChooseAnother, false);
    await settled(flow, 'otp');
    const { secret, barcodeUri, qr: code } = as(flow, 'otp');
    assert.match(barcodeUri, /^otpauth:\/\/totp\//);
    assert.ok(code!.path.length > 100, 'a QR code is drawn');
    flow.submitCode(await totp(secret, world().clock.now()));
    await until(() => !flow.busy, 'the answer');
    assert.equal(flow.error, undefined);
    await settled(flow, 'recovery-codes');
    assert.match(as(flow, 'recovery-codes').recoveryCodes[0], /^[A-Z0-9]{24}$/);
    assert.equal(log.of('enrolled').length, 0, 'not before the recovery code is saved');
    flow.confirmSaved();
    as(flow, 'done');
    const [{ detail }] = log.of('enrolled');
    assert.deepEqual({ ...detail, tokens: undefined }, { factor: 'otp', authenticatorType: 'otp', tokens: undefined });
    assert.equal(detail.tokens.token_type, 'Bearer');
  });

  it('keeps the user on the step after a wrong code, then enrolls with the right one; no recovery code on a second factor', async () => {
    const user = await enrolledUser();
    const { flow, log } = start(access(user), { factor: 'otp' });
    await settled(flow, 'otp');
    const { secret } = as(flow, 'otp');
    const right = await totp(secret, world().clock.now());
    flow.submitCode(right === '000000' ? '111111' : '000000');
    await until(() => flow.error, 'the error');
    assert.deepEqual(log.errors(), ['invalid_code']);
    flow.submitCode('12');
    assert.deepEqual(flow.error, { key: 'incompleteCode' });
    flow.submitCode(right);
    await settled(flow, 'done');
    assert.equal(log.of('enrolled').length, 1);
  });

  it('enrolls an email address after refusing invalid ones before any request, and keeps what was typed', async () => {
    const user = await enrolledUser();
    const { flow, log } = start(access(user), { factor: 'email' });
    const before = world().requests.length;
    flow.submitAddress('  ');
    assert.deepEqual(flow.error, { key: 'enrollEmailEmpty' });
    flow.submitAddress('not an address');
    assert.deepEqual(flow.error, { key: 'enrollEmailInvalid' });
    assert.equal(world().requests.length, before);
    flow.submitAddress(' first@example.com ');
    assert.equal(flow.typed.email, ' first@example.com ');
    await settled(flow, 'code');
    assert.equal(as(flow, 'code').destination, 'first@example.com');
    assert.deepEqual(log.of('announce').at(-1).message, { key: 'codeSent', params: { name: 'first@example.com' } });
    flow.submitCode(await lastCode(world().sim.api, user, 'email'));
    await settled(flow, 'done');
    // No recovery code came with this second factor; the user has one from the first: the done step says so.
    await until(() => !flow.busy, 'the look for a recovery code');
    assert.deepEqual(as(flow, 'done'), { step: 'done', destination: 'first@example.com', recoveryCodeElsewhere: true });
    assert.equal(log.of('announce').at(-1).message.key, 'enrollNoRecoveryCode');
    assert.equal(log.of('enrolled')[0].detail.oobChannel, 'email');
  });

  it('resends after the cooldown by associating again, and changes the address', async () => {
    const user = await enrolledUser();
    const { api } = world().sim;
    const { flow, log } = start(access(user), { factor: 'email' });
    flow.submitAddress('first@example.com');
    await settled(flow, 'code');
    const old = await lastCode(api, user, 'email');
    await world().clock.advance(301);
    flow.submitCode(old);
    await until(() => flow.error, 'the error');
    assert.deepEqual(log.errors(), ['oob_code_expired']);
    assert.ok(as(flow, 'code').resendAt <= world().clock.now());
    const calls = associateCalls();
    flow.resend();
    await until(() => !flow.busy, 'the new code');
    assert.equal(associateCalls(), calls + 1);
    assert.ok(as(flow, 'code').resendAt - world().clock.now() > 29_000, 'the cooldown starts again');
    assert.equal(log.of('focus').length, 1);
    flow.changeAddress();
    as(flow, 'address');
    assert.equal(flow.typed.email, 'first@example.com');
    flow.submitAddress('second@example.com');
    await settled(flow, 'code');
    const [message] = (await api.sim.inbox(user.user_id).messages()).slice(-1);
    assert.equal(message.to, 'second@example.com');
    flow.submitCode(message.code);
    await settled(flow, 'done');
  });

  for (const factor of ['sms', 'voice'] as const) {
    it(`enrolls ${factor} with a number as people type it, sent as E.164`, async () => {
      const user = await enrolledUser();
      const { flow, log } = start(access(user), { factor });
      flow.submitAddress('+1 (415) 555-0142');
      await settled(flow, 'code');
      assert.equal(as(flow, 'code').address, '+14155550142');
      assert.equal(log.of('announce').at(-1).message.key, factor === 'voice' ? 'codeCalled' : 'codeSent');
      flow.submitCode(await lastCode(world().sim.api, user, factor));
      await settled(flow, 'done');
      assert.equal(log.of('enrolled')[0].detail.oobChannel, factor);
    });
  }

  it('refuses what cannot be a phone number before any request, and reads national numbers with a default country code', async () => {
    const user = await enrolledUser();
    const { flow } = start(access(user), { factor: 'sms' });
    const before = world().requests.length;
    for (const [typed, key] of [
      ['', 'enrollPhoneEmpty'],
      ['415 abc', 'enrollPhoneCharacters'],
      ['415 555 0142', 'enrollPhoneCountryCode'],
      ['+1 415', 'enrollPhoneLength'],
    ]) {
      flow.submitAddress(typed);
      assert.deepEqual(flow.error, { key }, typed);
    }
    assert.equal(world().requests.length, before);
    flow.begin({ factor: 'sms', defaultCountryCode: '1' });
    flow.submitAddress('(415) 555-0142');
    await settled(flow, 'code');
    assert.equal(as(flow, 'code').address, '+14155550142');
  });

  it('drops the late answer of a factor the user left: no code step, no error on the choice', async () => {
    const user = await enrolledUser();
    const { flow, log } = start(access(user), { factors: ['email', 'sms'] });
    flow.choose('email');
    await world().sim.api.sim.faults.inject({ path: '/mfa/associate', latency_ms: 200 });
    flow.submitAddress('late@example.com');
    assert.equal(flow.busy, true);
    flow.chooseAnother();
    await until(() => !flow.busy, 'leaving aborts the request in flight', 100);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(flow.state, { step: 'choose' });
    assert.deepEqual(log.errors(), []);
    assert.equal(log.of('announce').length, 0);
  });

  it('explains that a user who has a factor must verify first: already_enrolled', async () => {
    const user = await enrolledUser();
    const { flow, log } = start(mfa(user), { factor: 'otp' });
    await settled(flow, 'error');
    const { error } = as(flow, 'error');
    assert.equal(error.code, 'already_enrolled');
    assert.equal(error.recoverable, false);
    assert.match(error.description, /access token for the https:\/\/\{domain\}\/mfa\/ audience/);
    assert.deepEqual(log.errors(), ['already_enrolled']);
  });

  it('ends on a step to try again when the server fails, and tries the same factor again', async () => {
    const user = await fresh();
    await world().sim.api.sim.faults.inject({ path: '/mfa/associate', status: 503 });
    const { flow } = start(mfa(user), { factors: ['otp', 'sms'] });
    flow.choose('otp');
    await settled(flow, 'error');
    assert.equal(as(flow, 'error').error.code, 'server_error');
    flow.retry();
    await settled(flow, 'otp');
  });

  it('asks the token provider again when the token expired, and retries', async () => {
    const user = await enrolledUser();
    let calls = 0;
    const { flow } = start(() => (calls++, accessToken(world().sim.api, user)), { factor: 'otp' });
    await settled(flow, 'otp');
    await world().clock.advance(601);
    flow.submitCode(await totp(as(flow, 'otp').secret, world().clock.now()));
    await settled(flow, 'done');
    assert.equal(calls, 2);
  });

  it('waits for a token provider set later', async () => {
    const user = await fresh();
    const { clock, session } = world();
    const waiting = session();
    const flow = new EnrollFlow<QrCode>({ session: waiting, clock, qr });
    flows.push(flow);
    flow.begin({ factor: 'otp' });
    await settle();
    assert.equal(flow.state.step, 'loading');
    waiting.tokenProvider = mfa(user);
    await settled(flow, 'otp');
  });

  it('forgets the key and everything else when aborted', async () => {
    const { flow } = start(mfa(await fresh()), { factor: 'otp' });
    await settled(flow, 'otp');
    flow.abort();
    assert.deepEqual(flow.state, { step: 'loading' });
    assert.equal(flow.error, undefined);
  });

  describe('push', () => {
    async function render(provider?: TokenProvider) {
      const user = await fresh();
      const started = start(provider ?? mfa(user), { factor: 'push' });
      await settled(started.flow, 'push');
      return { user, ...started };
    }
    async function confirmScan(user: TestUser) {
      const { api } = world().sim;
      const { enrollments } = (await api.sim.guardian(user.user_id).view());
      await api.sim.guardian().confirmEnrollment(enrollments.at(-1)!.enrollment_tx_id, { device_name: 'Pixel 9' });
    }

    it('shows the QR code with its 5 minutes, polls every 5 s, and completes once the phone scanned it', async () => {
      const { flow, log, user } = await render();
      const state = as(flow, 'push');
      assert.equal(state.push, 'waiting');
      assert.equal(state.push === 'waiting' && Math.round((state.expiresAt - world().clock.now()) / 1000), 300);
      const before = tokenCalls();
      await world().clock.advance(4.9);
      assert.equal(tokenCalls(), before);
      await world().clock.advance(0.1);
      assert.equal(tokenCalls(), before + 1);
      await confirmScan(user);
      await world().clock.advance(5);
      await settled(flow, 'recovery-codes');
      flow.confirmSaved();
      assert.equal(log.of('enrolled')[0].detail.oobChannel, 'auth0');
      const after = tokenCalls();
      await world().clock.advance(30);
      assert.equal(tokenCalls(), after, 'polling stopped');
    });

    it('says the QR code expired after 5 minutes, stops polling, and shows a new one on request', async () => {
      const { flow, log, user } = await render();
      await world().clock.advance(300, 301);
      assert.deepEqual(flow.state, { step: 'push', push: 'expired' });
      assert.equal(log.errors().at(-1), 'oob_code_expired');
      const polls = tokenCalls();
      await world().clock.advance(30);
      assert.equal(tokenCalls(), polls, 'no polling once expired');
      flow.renewQr();
      await until(() => (flow.state as { push?: string }).push === 'waiting' && !flow.busy, 'a new QR code');
      assert.equal(log.of('focus').length, 1);
      assert.equal(log.of('announce').at(-1).message.key, 'enrollNewQrReady');
      await confirmScan(user);
      await world().clock.advance(5);
      await settled(flow, 'recovery-codes');
    });

    it('says the QR code expired when Auth0 says so first', async () => {
      const { flow } = await render();
      world().sim.running.simulator.clock.advance(301);
      await world().clock.advance(5, 0);
      assert.deepEqual(flow.state, { step: 'push', push: 'expired' });
    });

    it('adds 5 s to the interval after slow_down', async () => {
      await render();
      const before = tokenCalls();
      await world().clock.advance(5);
      await world().clock.advance(5, 2);
      assert.equal(tokenCalls(), before + 2);
      await world().clock.advance(5);
      assert.equal(tokenCalls(), before + 2);
      await world().clock.advance(5);
      assert.equal(tokenCalls(), before + 3);
    });

    it('backs off on network errors, says it is reconnecting, and recovers', async () => {
      const { flow, user } = await render();
      await world().sim.api.sim.faults.inject({ path: '/oauth/token', drop: true, count: 2 });
      await world().clock.advance(5);
      assert.equal(flow.poll.reconnecting, true);
      await confirmScan(user);
      await world().clock.advance(60);
      await settled(flow, 'recovery-codes');
    });

    it('sends no request once aborted', async () => {
      const { flow } = await render();
      flow.abort();
      const before = world().requests.length;
      await world().clock.advance(60);
      assert.equal(world().requests.length, before);
    });

    it('waits as Auth0 asks when a new QR code is refused for too many requests', async () => {
      const { flow, log } = await render();
      await world().clock.advance(300, 301);
      await world().sim.api.sim.faults.inject({ path: '/mfa/associate', status: 429 });
      flow.renewQr();
      await until(() => flow.error, 'the refusal');
      assert.equal(log.errors().at(-1), 'rate_limited');
      assert.equal(flow.locked, true);
      const calls = associateCalls();
      flow.renewQr();
      assert.equal(associateCalls(), calls, 'no request while locked');
      await world().clock.advance(1);
      assert.equal(flow.locked, false);
      assert.equal(flow.error, undefined);
      flow.renewQr();
      await until(() => (flow.state as { push?: string }).push === 'waiting' && !flow.busy, 'a new QR code');
    });
  });
});
