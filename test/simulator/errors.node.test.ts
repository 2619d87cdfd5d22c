/** Every error row of PROTOCOL.md, with its exact status, error and error_description. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GRANTS, mfaApi, type MfaApi } from '../support/mfa-api.ts';
import {
  BEARER_INVALID,
  CLIENT,
  PUBLIC_CLIENT_ID,
  accessToken,
  assertError,
  enrollOob,
  enrollOtp,
  enrollPush,
  lastCode,
  mfaToken,
  newUser,
  pushChallenge,
  startSimulator, useSimulator, type RunningTestSimulator,
  wrongCode,
} from './setup.ts';

let sim: RunningTestSimulator;
let api: MfaApi;
useSimulator((started) => {
  sim = started;
  api = started.api;
});

const poll = (token: string, oobCode: string) => api.token({ grant_type: GRANTS.oob, mfa_token: token, oob_code: oobCode });

describe('push polling', () => {
  test('authorization_pending until answered, access_denied once rejected', async () => {
    const user = await newUser(api);
    const { id } = await enrollPush(api, user);
    const token = await mfaToken(api, user);
    const { oobCode, guardianId } = await pushChallenge(api, user, id, token);
    assertError(await poll(token, oobCode), 400, 'authorization_pending', 'Authorization pending: please repeat the request in a few seconds.');
    await api.sim.guardian().answer(guardianId, 'reject');
    await api.sim.clock.advance(5);
    assertError(await poll(token, oobCode), 400, 'access_denied', 'MFA Authorization rejected.');
  });

  test('slow_down when polled faster than every 5 s; each slow_down adds 5 s to the interval', async () => {
    const user = await newUser(api);
    const { id } = await enrollPush(api, user);
    const token = await mfaToken(api, user);
    const { oobCode } = await pushChallenge(api, user, id, token);
    const slowDown = (answer: { status: number; body: any }) => {
      assert.ok(answer.status === 400 || answer.status === 429, `status ${answer.status}`);
      assert.equal(answer.body.error, 'slow_down');
    };

    assertError(await poll(token, oobCode), 400, 'authorization_pending');
    await api.sim.clock.advance(4);
    slowDown(await poll(token, oobCode)); // the interval is now 10 s
    await api.sim.clock.advance(5);
    slowDown(await poll(token, oobCode)); // 5 s after a slow_down is too soon: now 15 s
    await api.sim.clock.advance(15);
    assertError(await poll(token, oobCode), 400, 'authorization_pending');
  });

  test('after one slow_down, 10 s later is fine', async () => {
    const user = await newUser(api);
    const { id } = await enrollPush(api, user);
    const token = await mfaToken(api, user);
    const { oobCode, guardianId } = await pushChallenge(api, user, id, token);
    assertError(await poll(token, oobCode), 400, 'authorization_pending');
    assert.equal((await poll(token, oobCode)).body.error, 'slow_down');
    await api.sim.clock.advance(10);
    assertError(await poll(token, oobCode), 400, 'authorization_pending');
    await api.sim.guardian().answer(guardianId, 'approve');
    await api.sim.clock.advance(10);
    assert.equal((await poll(token, oobCode)).status, 200);
  });

  test('5 s between polls is never too fast', async () => {
    const user = await newUser(api);
    const { id } = await enrollPush(api, user);
    const token = await mfaToken(api, user);
    const { oobCode } = await pushChallenge(api, user, id, token);
    for (let i = 0; i < 4; i++) {
      assertError(await poll(token, oobCode), 400, 'authorization_pending');
      await api.sim.clock.advance(5);
    }
  });
});

describe('wrong codes', () => {
  test('wrong TOTP: 403 Invalid otp_code.', async () => {
    const user = await newUser(api);
    const { secret } = await enrollOtp(api, user);
    const token = await mfaToken(api, user);
    assertError(await api.token({ grant_type: GRANTS.otp, mfa_token: token, otp: await wrongCode(api, secret!) }), 403, 'invalid_grant', 'Invalid otp_code.');
    assertError(await api.token({ grant_type: GRANTS.otp, mfa_token: token, otp: 'abc' }), 403, 'invalid_grant', 'Invalid otp_code.');
  });

  test('wrong binding code: 403 Invalid binding_code.; missing: 400 binding_code is required', async () => {
    const user = await newUser(api);
    const { id } = await enrollOob(api, user, 'email', 'wrong-code@example.com');
    const token = await mfaToken(api, user);
    const { body } = await api.challenge({ mfa_token: token, challenge_type: 'oob', authenticator_id: id });
    const code = await lastCode(api, user, 'email');
    const wrong = code === '000000' ? '111111' : '000000';
    assertError(await api.token({ grant_type: GRANTS.oob, mfa_token: token, oob_code: body.oob_code, binding_code: wrong }), 403, 'invalid_grant', 'Invalid binding_code.');
    assertError(await api.token({ grant_type: GRANTS.oob, mfa_token: token, oob_code: body.oob_code }), 400, 'invalid_request', 'binding_code is required');
    assert.equal((await api.token({ grant_type: GRANTS.oob, mfa_token: token, oob_code: body.oob_code, binding_code: code })).status, 200);
  });

  test('wrong recovery code: 403 MFA Authorization rejected.', async () => {
    const user = await newUser(api);
    await enrollOtp(api, user);
    assertError(
      await api.token({ grant_type: GRANTS.recoveryCode, mfa_token: await mfaToken(api, user), recovery_code: 'AAAAAAAAAAAAAAAAAAAAAAAA' }),
      403,
      'invalid_grant',
      'MFA Authorization rejected.',
    );
  });
});

describe('expiry', () => {
  test('mfa_token: valid for 10 minutes, then expired_token', async () => {
    const user = await newUser(api);
    await enrollOtp(api, user);
    const token = await mfaToken(api, user);
    await api.sim.clock.advance(599);
    assert.equal((await api.challenge({ mfa_token: token, challenge_type: 'otp' })).status, 200);
    await api.sim.clock.advance(1);
    assertError(await api.challenge({ mfa_token: token, challenge_type: 'otp' }), 403, 'expired_token', 'mfa_token is expired');
    assertError(await api.token({ grant_type: GRANTS.otp, mfa_token: token, otp: '123456' }), 403, 'expired_token', 'mfa_token is expired');
    assertError(await api.authenticators(token), 401, 'invalid_grant', BEARER_INVALID);
  });

  test('push enrollment: the QR code must be scanned within 5 minutes', async () => {
    const user = await newUser(api);
    const { body } = await api.associate(user.mfa_token, { authenticator_types: ['oob'], oob_channels: ['auth0'] });
    const txId = new URL(body.barcode_uri).searchParams.get('enrollment_tx_id')!;
    await api.sim.clock.advance(300);
    await assert.rejects(api.sim.guardian().confirmEnrollment(txId), { status: 403, error: 'expired_token', description: 'oob_code is expired' });
    assertError(await poll(user.mfa_token, body.oob_code), 403, 'expired_token', 'oob_code is expired');
    assert.deepEqual((await api.sim.guardian(user.user_id).view()).enrollments, []);
  });

  test('push challenge: expires after 5 minutes', async () => {
    const user = await newUser(api);
    const { id } = await enrollPush(api, user);
    const token = await mfaToken(api, user);
    const { oobCode, guardianId } = await pushChallenge(api, user, id, token);
    await api.sim.clock.advance(300);
    await assert.rejects(api.sim.guardian().answer(guardianId, 'approve'), { status: 403, error: 'expired_token', description: 'oob_code is expired' });
    assertError(await poll(token, oobCode), 403, 'expired_token', 'oob_code is expired');
  });

  for (const channel of ['email', 'sms', 'voice'] as const) {
    test(`${channel} codes: valid 4:59, expired at 5:00`, async () => {
      const user = await newUser(api);
      const address = channel === 'email' ? `${channel}-expiry@example.com` : '+33612345678';
      const associated = await api.associate(user.mfa_token, {
        authenticator_types: ['oob'],
        oob_channels: [channel],
        ...(channel === 'email' ? { email: address } : { phone_number: address }),
      });
      const enrollCode = await lastCode(api, user, channel);
      await api.sim.clock.advance(300);
      assertError(
        await api.token({ grant_type: GRANTS.oob, mfa_token: user.mfa_token, oob_code: associated.body.oob_code, binding_code: enrollCode }),
        403,
        'expired_token',
        'oob_code is expired',
      );

      const { id } = await enrollOob(api, user, channel, address, await mfaToken(api, user));
      const token = await mfaToken(api, user);
      const challenge = async () => {
        const { body } = await api.challenge({ mfa_token: token, challenge_type: 'oob', authenticator_id: id });
        return { oobCode: body.oob_code, code: await lastCode(api, user, channel) };
      };
      const [first, second] = [await challenge(), await challenge()];
      await api.sim.clock.advance(299);
      assert.equal((await api.token({ grant_type: GRANTS.oob, mfa_token: token, oob_code: first.oobCode, binding_code: first.code })).status, 200);
      await api.sim.clock.advance(1);
      assertError(
        await api.token({ grant_type: GRANTS.oob, mfa_token: token, oob_code: second.oobCode, binding_code: second.code }),
        403,
        'expired_token',
        'oob_code is expired',
      );
    });
  }
});

describe('tokens', () => {
  test('an oob_code is single use', async () => {
    const user = await newUser(api);
    const associated = await api.associate(user.mfa_token, { authenticator_types: ['oob'], oob_channels: ['email'], email: 'once@example.com' });
    const fields = { grant_type: GRANTS.oob, mfa_token: user.mfa_token, oob_code: associated.body.oob_code, binding_code: await lastCode(api, user, 'email') };
    assert.equal((await api.token(fields)).status, 200);
    assertError(await api.token(fields), 403, 'invalid_grant');

    const { id } = await enrollPush(api, user, await accessToken(api, user));
    const token = await mfaToken(api, user);
    const { oobCode, guardianId } = await pushChallenge(api, user, id, token);
    await api.sim.guardian().answer(guardianId, 'approve');
    assert.equal((await poll(token, oobCode)).status, 200);
    await api.sim.clock.advance(5);
    assertError(await poll(token, oobCode), 403, 'invalid_grant');
  });

  test('an oob_code belongs to its user', async () => {
    const [alice, bob] = [await newUser(api), await newUser(api)];
    const { body } = await api.associate(alice.mfa_token, { authenticator_types: ['oob'], oob_channels: ['email'], email: 'alice@example.com' });
    const code = await lastCode(api, alice, 'email');
    assertError(await api.token({ grant_type: GRANTS.oob, mfa_token: bob.mfa_token, oob_code: body.oob_code, binding_code: code }), 403, 'invalid_grant');
  });

  test('a malformed mfa_token: 403 Malformed mfa_token', async () => {
    for (const mfa_token of ['not-a-token', 'Fe26.2*SIM*forged', 'a.b.c']) {
      assertError(await api.token({ grant_type: GRANTS.otp, mfa_token, otp: '123456' }), 403, 'invalid_grant', 'Malformed mfa_token');
      assertError(await api.challenge({ mfa_token, challenge_type: 'otp' }), 403, 'invalid_grant', 'Malformed mfa_token');
    }
  });

  test('a bad or expired Bearer on list, associate and delete: 401', async () => {
    const user = await newUser(api);
    const { id } = await enrollOtp(api, user);
    const other = await startSimulator();
    try {
      const otherUser = await newUser(other.api);
      const foreign = await accessToken(other.api, otherUser);
      const expiredMfa = await mfaToken(api, user);
      const expiredAccess = await accessToken(api, user);
      await api.sim.clock.advance(600); // both live 600 s
      for (const token of ['garbage', 'Fe26.2*SIM*forged', foreign, expiredMfa, expiredAccess]) {
        assertError(await api.authenticators(token), 401, 'invalid_grant', BEARER_INVALID);
        assertError(await api.associate(token, { authenticator_types: ['otp'] }), 401, 'invalid_grant', BEARER_INVALID);
        assertError(await api.remove(token, id), 401, 'invalid_grant', BEARER_INVALID);
      }
      assertError(await api.request('/mfa/authenticators'), 401, 'invalid_grant', BEARER_INVALID);
      assertError(await api.request('/mfa/authenticators', { headers: { Authorization: 'Basic Zm9vOmJhcg==' } }), 401, 'invalid_grant', BEARER_INVALID);
    } finally {
      await other.close();
    }
  });
});

describe('associate', () => {
  test('with an mfa_token once a factor is active: 403 User is already enrolled.; an access token with enroll may', async () => {
    const user = await newUser(api);
    await enrollOtp(api, user);
    assertError(await api.associate(await mfaToken(api, user), { authenticator_types: ['otp'] }), 403, 'access_denied', 'User is already enrolled.');
    const allowed = await api.associate(await accessToken(api, user, 'enroll'), { authenticator_types: ['otp'] });
    assert.equal(allowed.status, 200);
    assert.ok(!('recovery_codes' in allowed.body));
    assertError(await api.associate(await accessToken(api, user, 'read:authenticators'), { authenticator_types: ['otp'] }), 403, 'insufficient_scope');
  });

  test('an invalid phone number: 400 The phone number is invalid.', async () => {
    const user = await newUser(api);
    for (const channel of ['sms', 'voice']) {
      for (const phone_number of [undefined, '', '0612345678', '+0612345678', '+1 415 555 0123', '+12', `+1${'5'.repeat(20)}`]) {
        assertError(
          await api.associate(user.mfa_token, { authenticator_types: ['oob'], oob_channels: [channel], phone_number }),
          400,
          'invalid_request',
          'The phone number is invalid.',
        );
      }
    }
  });

  test('an invalid email or an unknown channel or type: 400 invalid_request', async () => {
    const user = await newUser(api);
    assertError(await api.associate(user.mfa_token, { authenticator_types: ['oob'], oob_channels: ['email'], email: 'not-an-email' }), 400, 'invalid_request');
    assertError(await api.associate(user.mfa_token, { authenticator_types: ['oob'], oob_channels: ['email'] }), 400, 'invalid_request');
    assertError(await api.associate(user.mfa_token, { authenticator_types: ['oob'], oob_channels: ['pigeon'] }), 400, 'invalid_request');
    assertError(await api.associate(user.mfa_token, { authenticator_types: ['webauthn'] }), 400, 'invalid_request');
    assertError(await api.associate(user.mfa_token, {}), 400, 'invalid_request', 'Missing required parameter: authenticator_types');
  });
});

describe('challenge', () => {
  test('a type the user has not enrolled: 401 unsupported_challenge_type', async () => {
    const user = await newUser(api, { email_verified: false });
    await enrollOtp(api, user);
    assertError(
      await api.challenge({ mfa_token: await mfaToken(api, user), challenge_type: 'oob' }),
      401,
      'unsupported_challenge_type',
      'User does not have any enrolled authenticator with the supported challenge type (oob)',
    );
    const emailUser = await newUser(api, { email_verified: false });
    await enrollOob(api, emailUser, 'email', 'only-email@example.com');
    assertError(
      await api.challenge({ mfa_token: await mfaToken(api, emailUser), challenge_type: 'otp' }),
      401,
      'unsupported_challenge_type',
      'User does not have any enrolled authenticator with the supported challenge type (otp)',
    );
  });

  test('no authenticator at all, or only pending ones: 400 association_required', async () => {
    const user = await newUser(api, { email_verified: false });
    assertError(await api.challenge({ mfa_token: user.mfa_token, challenge_type: 'otp' }), 400, 'association_required');
    await api.associate(user.mfa_token, { authenticator_types: ['otp'] });
    assertError(await api.challenge({ mfa_token: user.mfa_token, challenge_type: 'otp oob' }), 400, 'association_required');
  });

  test('an authenticator_id the user does not have: 400 invalid_request', async () => {
    const user = await newUser(api);
    await enrollOtp(api, user);
    assertError(await api.challenge({ mfa_token: await mfaToken(api, user), challenge_type: 'otp', authenticator_id: 'totp|dev_0000000000000000' }), 400, 'invalid_request');
  });
});

describe('client authentication', () => {
  test('on /oauth/token and /mfa/challenge', async () => {
    const user = await newUser(api);
    await enrollOtp(api, user);
    const token = await mfaToken(api, user);
    const as = (client: Record<string, string>) => mfaApi({ base: sim.url, control: sim.url, client });
    const challenge = { mfa_token: token, challenge_type: 'otp' };
    const wrongSecret = as({ ...CLIENT, client_secret: 'wrong' });
    const unknown = as({ client_id: 'who-is-this', client_secret: CLIENT.client_secret });
    const noSecret = as({ client_id: CLIENT.client_id });
    const noClient = as({});

    for (const caller of [wrongSecret, unknown]) {
      assertError(await caller.challenge(challenge), 401, 'access_denied', 'Unauthorized');
      assertError(await caller.token({ grant_type: GRANTS.otp, mfa_token: token, otp: '000000' }), 401, 'access_denied', 'Unauthorized');
    }
    // A confidential client without its secret: access_denied too (auth0.js issue 317).
    assertError(await noSecret.challenge(challenge), 401, 'access_denied', 'Unauthorized');
    assertError(await noSecret.token({ grant_type: GRANTS.otp, mfa_token: token, otp: '000000' }), 401, 'access_denied', 'Unauthorized');
    assertError(await noClient.challenge(challenge), 400, 'invalid_request', 'Missing required parameter: client_id');

    const spa = as({ client_id: PUBLIC_CLIENT_ID });
    assert.equal((await spa.challenge(challenge)).status, 200);
    await api.sim.clock.advance(30);
    const [{ code }] = (await api.sim.authenticatorApp(user.user_id).entries());
    const tokens = await spa.token({ grant_type: GRANTS.otp, mfa_token: token, otp: code });
    assert.equal(tokens.status, 200);
  });

  test('HTTP Basic client credentials work too', async () => {
    const user = await newUser(api);
    await enrollOtp(api, user);
    const basic = Buffer.from(`${CLIENT.client_id}:${CLIENT.client_secret}`).toString('base64');
    const answer = await api.request('/mfa/challenge', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Basic ${basic}` },
      body: JSON.stringify({ mfa_token: await mfaToken(api, user), challenge_type: 'otp' }),
    });
    assert.deepEqual(answer.body, { challenge_type: 'otp' });
  });

  test('associate accepts no client, or the right one, and refuses a wrong secret', async () => {
    const user = await newUser(api);
    assert.equal((await api.associate(user.mfa_token, { authenticator_types: ['otp'], ...CLIENT })).status, 200);
    assertError(await api.associate(user.mfa_token, { authenticator_types: ['otp'], ...CLIENT, client_secret: 'wrong' }), 401, 'access_denied');
  });
});

test('an unknown grant type: 400 unsupported_grant_type', async () => {
  assertError(await api.token({ grant_type: 'client_credentials' }), 400, 'unsupported_grant_type');
});
