/** PROTOCOL.md, Time and limits: brute force, send rates, pending authenticators, recovery codes. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GRANTS, type Answer, type MfaApi } from '../support/mfa-api.ts';
import {
  FORMATS,
  accessToken,
  assertError,
  assertFormat,
  enrollOob,
  enrollOtp,
  enrollPush,
  listOf,
  mfaToken,
  newUser,
  show,
  useSimulator,
  wrongCode,
} from './setup.ts';

let api: MfaApi;
useSimulator((started) => (api = started.api));

const TOO_MANY = 'Too many failed codes. Wait for some minutes before retrying.';

describe('too_many_attempts', () => {
  test('after 10 failed codes, refilled one per 6 minutes', async () => {
    const user = await newUser(api);
    const { secret } = await enrollOtp(api, user);
    let token = await mfaToken(api, user);
    const otp = async (code?: string) => api.token({ grant_type: GRANTS.otp, mfa_token: token, otp: code ?? (await api.code(secret!)) });
    const wrong = () => wrongCode(api, secret!);

    for (let i = 0; i < 10; i++) assertError(await otp(await wrong()), 403, 'invalid_grant', 'Invalid otp_code.');
    assertError(await otp(), 429, 'too_many_attempts', TOO_MANY); // even the right code
    await api.sim.clock.advance(350);
    assertError(await otp(), 429, 'too_many_attempts', TOO_MANY);

    await api.sim.clock.advance(10); // 6 minutes: one attempt back
    token = await mfaToken(api, user);
    assertError(await otp(await wrong()), 403, 'invalid_grant', 'Invalid otp_code.');
    assertError(await otp(), 429, 'too_many_attempts', TOO_MANY);
    await api.sim.clock.advance(360);
    assert.equal((await otp()).status, 200);
  });

  test('wrong recovery and binding codes count too', async () => {
    const user = await newUser(api);
    const { recoveryCode } = await enrollOob(api, user, 'email', 'brute@example.com');
    const token = await mfaToken(api, user);
    const { body } = await api.challenge({ mfa_token: token, challenge_type: 'oob' });
    for (let i = 0; i < 5; i++) {
      assertError(await api.token({ grant_type: GRANTS.recoveryCode, mfa_token: token, recovery_code: 'A'.repeat(24) }), 403, 'invalid_grant');
      assertError(await api.token({ grant_type: GRANTS.oob, mfa_token: token, oob_code: body.oob_code, binding_code: 'abcdef' }), 403, 'invalid_grant');
    }
    assertError(await api.token({ grant_type: GRANTS.recoveryCode, mfa_token: token, recovery_code: recoveryCode! }), 429, 'too_many_attempts', TOO_MANY);
  });
});

describe('send limits', () => {
  /** A 429 of the rate limiter with its headers, retrying in at most `windowS` seconds. */
  function assertRateLimited(answer: Answer, limit: number, windowS: number, now: number): void {
    assertError(answer, 429, 'too_many_requests', 'Rate limit exceeded.');
    const retryAfter = Number(answer.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= windowS, `Retry-After ${retryAfter}`);
    assert.equal(answer.headers.get('x-ratelimit-limit'), String(limit));
    assert.equal(answer.headers.get('x-ratelimit-remaining'), '0');
    const reset = Number(answer.headers.get('x-ratelimit-reset'));
    assert.ok(Math.abs(reset - (Math.floor(now / 1000) + retryAfter)) <= 2, `X-RateLimit-Reset ${reset}`);
  }

  const cases = [
    { channel: 'email', burst: 20, refillS: 60, address: 'sends@example.com' },
    { channel: 'sms', burst: 10, refillS: 3600, address: '+447700900123' },
    { channel: 'auth0', burst: 5, refillS: 12, address: '' },
  ] as const;

  for (const { channel, burst, refillS, address } of cases) {
    const label = { email: 'email: a burst of 20, then 1 a minute', sms: 'sms: a burst of 10, then 1 an hour', auth0: 'push: 5 a minute' }[channel];
    test(label, async () => {
      const user = await newUser(api);
      const { id } = channel === 'auth0' ? await enrollPush(api, user) : await enrollOob(api, user, channel, address);
      let token = await mfaToken(api, user);
      const send = () => api.challenge({ mfa_token: token, challenge_type: 'oob', authenticator_id: id });

      for (let sent = 1; sent < burst; sent++) assert.equal((await send()).status, 200, `send ${sent + 1}`); // the enrollment was the first
      assertRateLimited(await send(), burst, refillS, (await api.sim.clock.now()).getTime());

      await api.sim.clock.advance(refillS);
      token = await mfaToken(api, user);
      assert.equal((await send()).status, 200);
      assertRateLimited(await send(), burst, refillS, (await api.sim.clock.now()).getTime());

      // A whole minute gives push its 5 back.
      if (channel === 'auth0') {
        await api.sim.clock.advance(60);
        for (let i = 0; i < burst; i++) assert.equal((await send()).status, 200);
        assertRateLimited(await send(), burst, refillS, (await api.sim.clock.now()).getTime());
      }
    });
  }

  test('a refused enrollment leaves nothing behind', async () => {
    const user = await newUser(api);
    const { id } = await enrollOob(api, user, 'sms', '+447700900456');
    const token = await mfaToken(api, user);
    for (let i = 1; i < 10; i++) await api.challenge({ mfa_token: token, challenge_type: 'oob', authenticator_id: id });
    const before = await listOf(api, user);
    const refused = await api.associate(await accessToken(api, user), { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: '+447700900789' });
    assertError(refused, 429, 'too_many_requests', 'Rate limit exceeded.');
    assert.deepEqual(await listOf(api, user), before);
  });

  test('limits are per user', async () => {
    const [alice, bob] = [await newUser(api), await newUser(api)];
    const { id } = await enrollOob(api, alice, 'sms', '+447700900111');
    const token = await mfaToken(api, alice);
    for (let i = 1; i < 10; i++) await api.challenge({ mfa_token: token, challenge_type: 'oob', authenticator_id: id });
    assert.equal((await api.challenge({ mfa_token: token, challenge_type: 'oob', authenticator_id: id })).status, 429);
    await enrollOob(api, bob, 'sms', '+447700900111');
  });
});

describe('pending authenticators', () => {
  test('at most 50 per user', async () => {
    const user = await newUser(api);
    for (let i = 0; i < 50; i++) assert.equal((await api.associate(user.mfa_token, { authenticator_types: ['otp'] })).status, 200);
    assertError(
      await api.associate(user.mfa_token, { authenticator_types: ['otp'] }),
      400,
      'invalid_request',
      'The user has reached the maximum of 50 pending authenticators.',
    );
    const list = await listOf(api, user);
    assert.equal(list.filter((a) => a.authenticator_type === 'otp' && !a.active).length, 50);
    assert.equal(list.filter((a) => a.authenticator_type === 'recovery-code').length, 1);
  });
  // They never expire: test/simulator/fidelity.node.test.ts.
});

describe('recovery codes', () => {
  test('only on a user’s first enrollment', async () => {
    const user = await newUser(api);
    const first = await api.associate(user.mfa_token, { authenticator_types: ['otp'] });
    assert.equal(first.body.recovery_codes.length, 1);
    assertFormat(first.body.recovery_codes[0], FORMATS.recoveryCode, 'recovery_codes[0]');
    assert.equal((await api.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: await api.code(first.body.secret) })).status, 200);

    const token = await accessToken(api, user);
    for (const body of [
      { authenticator_types: ['otp'] },
      { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: '+447700900222' },
      { authenticator_types: ['oob'], oob_channels: ['voice'], phone_number: '+447700900222' },
      { authenticator_types: ['oob'], oob_channels: ['email'], email: 'second@example.com' },
      { authenticator_types: ['oob'], oob_channels: ['auth0'] },
    ]) {
      const answer = await api.associate(token, body);
      assert.equal(answer.status, 200, show(answer.body));
      assert.ok(!('recovery_codes' in answer.body), JSON.stringify(body));
    }
    assert.equal((await listOf(api, user)).filter((a) => a.authenticator_type === 'recovery-code').length, 1);
  });

  test('an unconfirmed enrollment’s code does not log in', async () => {
    const user = await newUser(api);
    const { body } = await api.associate(user.mfa_token, { authenticator_types: ['otp'] });
    assertError(
      await api.token({ grant_type: GRANTS.recoveryCode, mfa_token: user.mfa_token, recovery_code: body.recovery_codes[0] }),
      403,
      'invalid_grant',
      'MFA Authorization rejected.',
    );
  });
});
