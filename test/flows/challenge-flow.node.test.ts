/** `<mfa-challenge>`'s flow in Node, against the simulator, on a fake clock: every path the element takes. */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ChallengeFlow, type ChallengeOptions, type ChallengeState } from '../../src/flows/challenge-flow.ts';
import { totp } from '../../src/simulator/totp.ts';
import { accessToken, enrollOob, enrollOtp, enrollPush, lastCode, mfaToken, newUser, wrongCode, type TestUser } from '../simulator/setup.ts';
import { record, settle, until, useWorld } from './support.ts';

const world = useWorld();
/** Every flow a test starts, stopped after it, so that no test's timers run in the next. */
const flows: ChallengeFlow[] = [];
afterEach(() => flows.splice(0).forEach((flow) => flow.abort()));

function newFlow(...args: ConstructorParameters<typeof ChallengeFlow>): ChallengeFlow {
  const flow = new ChallengeFlow(...args);
  flows.push(flow);
  return flow;
}

function start(user: TestUser, options: ChallengeOptions = {}) {
  const { sim, clock, session } = world();
  let calls = 0;
  const flow = newFlow({ session: session(() => (calls++, mfaToken(sim.api, user))), clock });
  const log = record(flow);
  flow.begin(options);
  return { flow, log, calls: () => calls };
}

const stepOf = (flow: ChallengeFlow) => flow.state.step;
const settled = (flow: ChallengeFlow, step: ChallengeState['step']) => until(() => flow.state.step === step && !flow.busy, () => `the ${step} step; at ${JSON.stringify(flow.state).slice(0, 200)}, error ${JSON.stringify(flow.error)}`);
/** A code of the next 30 s step: Auth0 takes each code once, and enrolling the app used the current one. */
const otpCode = async (secret: string) => {
  world().sim.running.simulator.clock.advance(30);
  return totp(secret, world().clock.now());
};

describe('ChallengeFlow', () => {
  it('verifies a TOTP code and hands back the tokens', async () => {
    const { api } = world().sim;
    const user = await newUser(api);
    const { secret } = await enrollOtp(api, user);
    const { flow, log } = start(user);
    await settled(flow, 'otp');
    flow.submitCode(await otpCode(secret!));
    assert.equal(flow.busy, true);
    await settled(flow, 'done');
    const [verified] = log.of('verified');
    assert.equal(verified.tokens.token_type, 'Bearer');
    assert.match(verified.authenticator.id, /^totp\|dev_/);
    assert.deepEqual(log.of('announce').map((e) => e.message.key), ['verifying', 'verified']);
  });

  it('keeps the user on the step after a wrong code, then verifies', async () => {
    const { api } = world().sim;
    const user = await newUser(api);
    const { secret } = await enrollOtp(api, user);
    const { flow, log } = start(user);
    await settled(flow, 'otp');
    flow.submitCode(await wrongCode(api, secret!));
    await until(() => flow.error, 'the error');
    assert.equal(stepOf(flow), 'otp');
    assert.deepEqual(log.errors(), ['invalid_code']);
    flow.edit();
    assert.equal(flow.error, undefined);
    flow.submitCode(await otpCode(secret!));
    await settled(flow, 'done');
  });

  it('refuses a code of the wrong length without a request', async () => {
    const { api } = world().sim;
    const user = await newUser(api);
    await enrollOtp(api, user);
    const { flow } = start(user);
    await settled(flow, 'otp');
    const before = world().requests.length;
    flow.submitCode('123');
    assert.deepEqual(flow.error, { key: 'incompleteCode' });
    assert.equal(world().requests.length, before);
  });

  it('locks out after too many wrong codes, refuses codes until the lockout ends, and clears itself', async () => {
    const { api } = world().sim;
    const user = await newUser(api);
    const { secret } = await enrollOtp(api, user);
    const { flow, log } = start(user);
    await settled(flow, 'otp');
    const wrong = await wrongCode(api, secret!);
    for (let i = 0; i < 11 && !flow.locked; i++) {
      flow.submitCode(wrong);
      await until(() => !flow.busy && flow.error, 'an answer');
    }
    assert.equal(log.errors().at(-1), 'too_many_attempts');
    assert.ok(flow.lockedUntil! - world().clock.now() > 350_000);
    const before = world().requests.length;
    flow.submitCode(await otpCode(secret!));
    assert.equal(world().requests.length, before, 'no request while locked');
    flow.edit();
    assert.ok(flow.error, 'the lockout message stays while the user edits');
    await world().clock.advance(360);
    assert.equal(flow.locked, false);
    assert.equal(flow.error, undefined, 'the lockout message goes when the lockout ends');
  });

  for (const channel of ['email', 'sms', 'voice'] as const) {
    it(`sends a ${channel} code on showing the method, says where it went, and verifies it`, async () => {
      const { api } = world().sim;
      const user = await newUser(api);
      await enrollOob(api, user, channel, channel === 'email' ? `c-${Date.now()}@example.com` : '+14155550188');
      const { flow, log } = start(user, { preferred: channel });
      await settled(flow, channel);
      const state = flow.state as { resendAt?: number };
      assert.ok(state.resendAt! - world().clock.now() > 29_000, 'resend waits 30 s');
      const sent = log.of('announce').at(-1).message;
      assert.equal(sent.key, channel === 'voice' ? 'codeCalled' : 'codeSent');
      assert.match(sent.params.name, channel === 'email' ? /^\*+@/ : /^X+0188$/);
      flow.submitCode(await lastCode(api, user, channel));
      await settled(flow, 'done');
      assert.equal(log.of('verified')[0].authenticator.oob_channel, channel);
    });
  }

  it('says an expired code expired, resends after the cooldown, and verifies the new code', async () => {
    const { api } = world().sim;
    const user = await newUser(api);
    await enrollOob(api, user, 'sms', '+14155550199');
    const { flow, log } = start(user, { preferred: 'sms' });
    await settled(flow, 'sms');
    const old = await lastCode(api, user, 'sms');
    await world().clock.advance(301);
    flow.submitCode(old);
    await until(() => flow.error, 'the error');
    assert.deepEqual(log.errors(), ['oob_code_expired']);
    assert.equal(stepOf(flow), 'sms');
    flow.resend();
    await until(() => !flow.busy, 'the resend');
    const messages = (await api.sim.inbox(user.user_id).messages());
    flow.submitCode(messages.at(-1)!.code);
    await settled(flow, 'done');
    assert.equal(log.of('announce').some((e) => e.message.key === 'codeResent'), true);
  });

  it('takes a recovery code in any case, holds the tokens until the new code is saved', async () => {
    const { api } = world().sim;
    const user = await newUser(api);
    const { recoveryCode } = await enrollOtp(api, user);
    const { flow, log } = start(user, { preferred: 'recovery-code' });
    await settled(flow, 'recovery-code');
    flow.submitRecoveryCode(recoveryCode!.toLowerCase().replace(/(.{4})/g, '$1-'));
    await settled(flow, 'new-recovery-code');
    const state = flow.state as Extract<ChallengeState, { step: 'new-recovery-code' }>;
    assert.match(state.recoveryCode, /^[A-Z0-9]{24}$/);
    assert.notEqual(state.recoveryCode, recoveryCode);
    assert.equal(log.of('verified').length, 0, 'not before the new code is saved');
    flow.confirmSaved();
    assert.equal(stepOf(flow), 'done');
    assert.equal(log.of('verified')[0].tokens.recovery_code, state.recoveryCode);
  });

  it('shows the new recovery code only once the view is ready for it', async () => {
    const { sim, clock, session } = world();
    const user = await newUser(sim.api);
    const { recoveryCode } = await enrollOtp(sim.api, user);
    let ready!: () => void;
    const loaded = new Promise<void>((resolve) => (ready = resolve));
    const flow = newFlow({ session: session(() => mfaToken(sim.api, user)), clock, recoveryCodesReady: () => loaded });
    flow.begin({ preferred: 'recovery-code' });
    await settled(flow, 'recovery-code');
    flow.submitRecoveryCode(recoveryCode!);
    await settle(200);
    assert.equal(stepOf(flow), 'recovery-code', 'waits for the view');
    assert.equal(flow.busy, true);
    ready();
    await settled(flow, 'new-recovery-code');
  });

  it('refuses a recovery code of the wrong length before sending it', async () => {
    const { api } = world().sim;
    const user = await newUser(api);
    await enrollOtp(api, user);
    const { flow } = start(user, { preferred: 'recovery-code' });
    await settled(flow, 'recovery-code');
    const before = world().requests.length;
    flow.submitRecoveryCode('ABC');
    assert.deepEqual(flow.error, { key: 'recoveryFormat' });
    assert.equal(world().requests.length, before);
  });

  it('offers the other methods, recovery code last, and switches to one', async () => {
    const { api } = world().sim;
    const user = await newUser(api, { email_verified: false });
    await enrollOtp(api, user);
    await enrollOob(api, user, 'email', `o-${Date.now()}@example.com`, await accessToken(api, user));
    const { flow } = start(user);
    await settled(flow, 'otp');
    assert.deepEqual(flow.methods.map((a) => a.authenticator_type), ['otp', 'oob', 'recovery-code']);
    flow.chooseAnother();
    assert.equal(stepOf(flow), 'select');
    flow.choose(flow.methods[1]);
    await settled(flow, 'email');
  });

  it('drops the late answer of a method the user left', async () => {
    const { api } = world().sim;
    const user = await newUser(api);
    const { secret } = await enrollOtp(api, user);
    await enrollOob(api, user, 'email', `r-${Date.now()}@example.com`, await accessToken(api, user));
    const { flow, log } = start(user);
    await settled(flow, 'otp');
    await api.sim.faults.inject({ path: '/oauth/token', latency_ms: 200 });
    flow.submitCode(await wrongCode(api, secret!));
    assert.equal(flow.busy, true);
    flow.chooseAnother();
    flow.choose(flow.methods[1]);
    await settled(flow, 'email');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(log.errors(), []);
    assert.equal(flow.error, undefined);
    assert.equal(flow.busy, false);
  });

  it('waits on the loading step for a token provider set later', async () => {
    const { sim, clock, session } = world();
    const user = await newUser(sim.api);
    const { secret } = await enrollOtp(sim.api, user);
    const waiting = session();
    const flow = newFlow({ session: waiting, clock });
    flow.begin();
    await settle();
    assert.equal(stepOf(flow), 'loading');
    waiting.tokenProvider = () => mfaToken(sim.api, user);
    await settled(flow, 'otp');
    flow.submitCode(await otpCode(secret!));
    await settled(flow, 'done');
  });

  it('asks the provider again when the mfa_token expired, and retries', async () => {
    const { api } = world().sim;
    const user = await newUser(api);
    const { secret } = await enrollOtp(api, user);
    const { flow, calls } = start(user);
    await settled(flow, 'otp');
    await world().clock.advance(601);
    flow.submitCode(await otpCode(secret!));
    await settled(flow, 'done');
    assert.equal(calls(), 2);
  });

  it('ends on a step to start over when the provider cannot give a valid token', async () => {
    const { sim, clock, session } = world();
    const user = await newUser(sim.api);
    const { secret } = await enrollOtp(sim.api, user);
    const token = await mfaToken(sim.api, user);
    const flow = newFlow({ session: session(() => token), clock });
    const log = record(flow);
    flow.begin();
    await settled(flow, 'otp');
    await clock.advance(601);
    flow.submitCode(await otpCode(secret!));
    await settled(flow, 'error');
    assert.deepEqual(log.errors(), ['mfa_token_expired']);
    assert.equal((flow.state as { error: { recoverable: boolean } }).error.recoverable, false);
    flow.retry();
    assert.equal(stepOf(flow), 'loading');
  });

  it('says no method can be challenged when none is enrolled', async () => {
    const { api } = world().sim;
    const user = await newUser(api, { email_verified: false });
    const { flow, log } = start(user);
    await settled(flow, 'error');
    assert.deepEqual(log.errors(), ['no_authenticators']);
  });

  describe('push', () => {
    async function pushUser() {
      const { api } = world().sim;
      const user = await newUser(api);
      const enrolled = await enrollPush(api, user);
      const started = start(user);
      await until(() => (started.flow.state as { push?: string }).push === 'waiting' && !started.flow.busy, 'waiting');
      return { user, enrolled, ...started };
    }
    const tokenCalls = () => world().requests.filter((r) => r.endsWith('/oauth/token')).length;
    const answer = async (user: TestUser, how: 'approve' | 'reject') => {
      const { api } = world().sim;
      const { challenges } = (await api.sim.guardian(user.user_id).view());
      await api.sim.guardian().answer(challenges.at(-1)!.id, how);
    };

    it('names the device, polls every 5 s, and hands back the tokens when the phone approves', async () => {
      const { flow, log, user } = await pushUser();
      assert.deepEqual(log.of('announce').at(-1).message, { key: 'pushSent', params: { device: 'Test phone' } });
      const before = tokenCalls();
      await world().clock.advance(4.9);
      assert.equal(tokenCalls(), before, 'no poll before 5 s');
      await world().clock.advance(0.1);
      assert.equal(tokenCalls(), before + 1);
      await answer(user, 'approve');
      await world().clock.advance(5);
      await settled(flow, 'done');
      assert.equal(log.of('verified')[0].authenticator.oob_channel, 'auth0');
    });

    it('says a denied push was denied, and tries again', async () => {
      const { flow, log, user } = await pushUser();
      await answer(user, 'reject');
      await world().clock.advance(5);
      assert.equal((flow.state as { push: string }).push, 'rejected');
      assert.deepEqual(log.errors(), ['rejected']);
      flow.retry();
      await until(() => (flow.state as { push: string }).push === 'waiting' && !flow.busy, 'waiting again');
      await answer(user, 'approve');
      await world().clock.advance(5);
      await settled(flow, 'done');
    });

    it('adds 5 s to the interval after slow_down', async () => {
      await pushUser();
      const before = tokenCalls();
      await world().clock.advance(5);
      // The simulator sees the next poll 2 s after the first: too fast, so it answers slow_down.
      await world().clock.advance(5, 2);
      assert.equal(tokenCalls(), before + 2);
      await world().clock.advance(5);
      assert.equal(tokenCalls(), before + 2, 'no poll 5 s after slow_down');
      await world().clock.advance(5);
      assert.equal(tokenCalls(), before + 3);
    });

    it('says it is reconnecting on network errors, backs off, and recovers', async () => {
      const { flow, user } = await pushUser();
      await world().sim.api.sim.faults.inject({ path: '/oauth/token', drop: true, count: 2 });
      await world().clock.advance(5);
      assert.equal(flow.poll.reconnecting, true);
      await answer(user, 'approve');
      await world().clock.advance(60);
      await settled(flow, 'done');
      assert.equal(flow.poll.reconnecting, false);
    });

    it('sends no request once aborted, and forgets its state', async () => {
      const { flow } = await pushUser();
      flow.abort();
      assert.equal(stepOf(flow), 'loading');
      const before = world().requests.length;
      await world().clock.advance(60);
      assert.deepEqual(world().requests.slice(before), []);
      assert.equal(world().clock.pending, 0, 'no timer left');
    });

    it('offers resend after 30 s', async () => {
      const { flow, user } = await pushUser();
      const state = flow.state as { resendAt: number };
      assert.ok(state.resendAt - world().clock.now() > 29_000);
      await world().clock.advance(30);
      flow.resend();
      await until(() => (flow.state as { push: string }).push === 'waiting' && !flow.busy, 'the second push');
      assert.equal((await world().sim.api.sim.guardian(user).challenges()).length, 2);
    });

    it('switches to the code of the totp that push enrollment created', async () => {
      const { flow, log, enrolled, user } = await pushUser();
      const totpMethod = flow.methods.find((a) => a.authenticator_type === 'otp')!;
      assert.equal(totpMethod.id, enrolled.totpId);
      flow.choose(totpMethod);
      const before = world().requests.length;
      await world().clock.advance(30);
      assert.deepEqual(world().requests.slice(before), [], 'the push stopped polling');
      const codes = await world().sim.api.sim.authenticatorApp(user).entries();
      flow.submitCode(codes.find((c) => c.active)!.code);
      await settled(flow, 'done');
      assert.equal(log.of('verified')[0].authenticator.id, enrolled.totpId);
    });
  });
});
