/** Every flow of PROTOCOL.md end to end, over a loopback socket, as a page or a backend would run it. */
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { describe, test } from 'node:test';
import { DEFAULT_PASSWORD } from '../../src/simulator/index.ts';
import { totp } from '../../src/simulator/totp.ts';
import { GRANTS, type MfaApi } from '../support/mfa-api.ts';
import {
  CLIENT,
  FORMATS,
  accessToken,
  alignToStep,
  assertError,
  assertFormat,
  claimsOf,
  enrollOob,
  enrollOtp,
  enrollPush,
  lastCode,
  listOf,
  mfaToken,
  newUser,
  pushChallenge,
  show,
  startSimulator,
  useSimulator, type RunningTestSimulator,
} from './setup.ts';

let sim: RunningTestSimulator;
let api: MfaApi;
useSimulator((started) => {
  sim = started;
  api = started.api;
});

/** A successful token answer (PROTOCOL.md, Responses: Tokens). */
function assertTokens(answer: { status: number; body: any }): void {
  assert.equal(answer.status, 200, show(answer.body));
  const { access_token, id_token, scope, expires_in, token_type } = answer.body;
  assertFormat(access_token, FORMATS.jwt, 'access_token');
  assertFormat(id_token, FORMATS.jwt, 'id_token');
  assert.equal(scope, 'openid profile');
  assert.equal(expires_in, 86400);
  assert.equal(token_type, 'Bearer');
}

describe('otp', () => {
  test('enrolls with the first code, then logs in with challenge and code', async () => {
    const user = await newUser(api, { email_verified: false });
    const associated = await api.associate(user.mfa_token, { authenticator_types: ['otp'] });
    assert.equal(associated.status, 200);
    assert.deepEqual(Object.keys(associated.body).sort(), ['authenticator_type', 'barcode_uri', 'recovery_codes', 'secret']);
    assert.equal(associated.body.authenticator_type, 'otp');
    assertFormat(associated.body.secret, FORMATS.secret, 'secret');

    const pending = await api.authenticators(user.mfa_token);
    assert.deepEqual(
      pending.body.map((a: any) => [a.id.split('|')[0], a.active]).sort(),
      [['recovery-code', false], ['totp', false]],
    );
    assertError(await api.challenge({ mfa_token: user.mfa_token, challenge_type: 'otp' }), 400, 'association_required');

    assertTokens(await api.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: await api.code(associated.body.secret) }));
    const [totpAuthenticator] = (await listOf(api, user)).filter((a) => a.authenticator_type === 'otp');
    assert.equal(totpAuthenticator.active, true);

    await api.sim.clock.advance(30);
    const login = await mfaToken(api, user);
    const challenged = await api.challenge({ mfa_token: login, challenge_type: 'otp', authenticator_id: totpAuthenticator.id });
    assert.equal(challenged.status, 200);
    assert.deepEqual(challenged.body, { challenge_type: 'otp' });
    assertTokens(await api.token({ grant_type: GRANTS.otp, mfa_token: login, otp: await api.code(associated.body.secret) }));
  });

  test('accepts the previous 30 s code and no older one', async () => {
    const user = await newUser(api);
    const { secret } = await enrollOtp(api, user);
    await api.sim.clock.advance(90);
    await alignToStep(api);
    const token = await mfaToken(api, user);
    const now = (await api.sim.clock.now()).getTime();
    assertError(await api.token({ grant_type: GRANTS.otp, mfa_token: token, otp: await totp(secret!, now - 60_000) }), 403, 'invalid_grant', 'Invalid otp_code.');
    assertTokens(await api.token({ grant_type: GRANTS.otp, mfa_token: token, otp: await totp(secret!, now - 30_000) }));
  });

  test('the control API shows the code an authenticator app would', async () => {
    const user = await newUser(api);
    const { secret, id } = await enrollOtp(api, user);
    await alignToStep(api);
    const [shown] = (await api.sim.authenticatorApp(user.user_id).entries());
    assert.equal(shown.authenticator_id, id);
    assert.equal(shown.code, await api.code(secret!));
  });
});

describe('push', () => {
  test('enrolls once the Guardian app scans the QR code; the enrollment is polled', async () => {
    const user = await newUser(api);
    const associated = await api.associate(user.mfa_token, { authenticator_types: ['oob'], oob_channels: ['auth0'] });
    assert.equal(associated.status, 200);
    assert.deepEqual(Object.keys(associated.body).sort(), ['authenticator_type', 'barcode_uri', 'oob_channel', 'oob_code', 'recovery_codes']);
    assert.equal(associated.body.oob_channel, 'auth0');
    const barcode = new URL(associated.body.barcode_uri);
    const txId = barcode.searchParams.get('enrollment_tx_id')!;
    assert.match(txId, FORMATS.enrollmentTxId);
    assert.equal(barcode.searchParams.get('base_url'), sim.url);

    const { enrollments } = (await api.sim.guardian(user.user_id).view());
    assert.deepEqual(enrollments.map((e: any) => e.enrollment_tx_id), [txId]);
    const poll = () => api.token({ grant_type: GRANTS.oob, mfa_token: user.mfa_token, oob_code: associated.body.oob_code });
    assertError(await poll(), 400, 'authorization_pending');

    const confirm = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ device_name: 'Pixel 9' }) };
    assert.deepEqual((await api.request(`/__sim/guardian/enrollments/${txId}/confirm`, confirm)).body, { status: 'confirmed' });
    await api.sim.clock.advance(5);
    assertTokens(await poll());

    const list = await listOf(api, user);
    const push = list.find((a) => a.oob_channel === 'auth0');
    assert.deepEqual(push, { id: push.id, authenticator_type: 'oob', active: true, oob_channel: 'auth0', name: 'Pixel 9' });
    assert.match(push.id, /^push\|dev_/);
  });

  test('its totp works only once the push is confirmed', async () => {
    const user = await newUser(api);
    const associated = await api.associate(user.mfa_token, { authenticator_types: ['oob'], oob_channels: ['auth0'] });
    const codeNow = async () => (await api.sim.authenticatorApp(user.user_id).entries())[0];
    const before = await codeNow();
    assert.equal(before.active, false);
    assert.match(before.authenticator_id, /^totp\|dev_/);
    const early = await api.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: before.code });
    assert.ok(early.status >= 400 && early.status < 500, 'a pending push device’s totp is refused');

    const txId = new URL(associated.body.barcode_uri).searchParams.get('enrollment_tx_id')!;
    await api.sim.guardian().confirmEnrollment(txId);
    await api.sim.clock.advance(30);
    const after = await codeNow();
    assert.equal(after.active, true);
    assertTokens(await api.token({ grant_type: GRANTS.otp, mfa_token: await mfaToken(api, user), otp: after.code }));
  });

  test('a challenge approved on the phone gives tokens; a rejected one access_denied', async () => {
    const user = await newUser(api);
    const { id } = await enrollPush(api, user);
    const token = await mfaToken(api, user);

    const approved = await pushChallenge(api, user, id, token);
    assertFormat(approved.oobCode, FORMATS.oobCode, 'oob_code');
    const poll = (oobCode: string) => api.token({ grant_type: GRANTS.oob, mfa_token: token, oob_code: oobCode });
    assertError(await poll(approved.oobCode), 400, 'authorization_pending', 'Authorization pending: please repeat the request in a few seconds.');
    assert.deepEqual((await api.request(`/__sim/guardian/challenges/${approved.guardianId}/approve`, { method: 'POST' })).body, { status: 'approved' });
    await api.sim.clock.advance(5);
    assertTokens(await poll(approved.oobCode));

    const rejected = await pushChallenge(api, user, id, token);
    assert.deepEqual((await api.request(`/__sim/guardian/challenges/${rejected.guardianId}/reject`, { method: 'POST' })).body, { status: 'rejected' });
    assertError(await poll(rejected.oobCode), 400, 'access_denied', 'MFA Authorization rejected.');
  });

  test('a challenge answers without binding_method', async () => {
    const user = await newUser(api);
    const { id } = await enrollPush(api, user);
    const challenged = await api.challenge({ mfa_token: await mfaToken(api, user), challenge_type: 'oob', authenticator_id: id });
    assert.deepEqual(Object.keys(challenged.body).sort(), ['challenge_type', 'oob_code']);
  });
});

describe('email, sms and voice', () => {
  const addresses = { email: 'person@example.org', sms: '+14155550123', voice: '+14155550123' } as const;

  for (const channel of ['email', 'sms', 'voice'] as const) {
    test(`${channel}: enrolls and logs in with the code that was sent`, async () => {
      const user = await newUser(api);
      const address = addresses[channel];
      const associated = await api.associate(user.mfa_token, {
        authenticator_types: ['oob'],
        oob_channels: [channel],
        ...(channel === 'email' ? { email: address } : { phone_number: address }),
      });
      assert.equal(associated.status, 200, show(associated.body));
      assert.deepEqual(Object.keys(associated.body).sort(), ['authenticator_type', 'binding_method', 'oob_channel', 'oob_code', 'recovery_codes']);
      assert.equal(associated.body.binding_method, 'prompt');
      assert.equal(associated.body.oob_channel, channel);

      const [message] = (await api.sim.inbox(user.user_id).messages());
      assert.deepEqual(Object.keys(message).sort(), ['channel', 'code', 'sent_at', 'to']);
      assert.equal(message.channel, channel);
      assert.equal(message.to, address);
      assertFormat(message.code, FORMATS.bindingCode, 'binding code');
      assertTokens(await api.token({ grant_type: GRANTS.oob, mfa_token: user.mfa_token, oob_code: associated.body.oob_code, binding_code: message.code }));

      const [entry] = (await listOf(api, user)).filter((a) => a.oob_channel === channel);
      assert.equal(entry.active, true);
      assert.match(entry.name, channel === 'email' ? FORMATS.maskedEmail : FORMATS.maskedPhone);
      assert.equal(entry.name, channel === 'email' ? '******@exam*******' : 'XXXXXXXX0123');

      const token = await mfaToken(api, user);
      const challenged = await api.challenge({ mfa_token: token, challenge_type: 'oob', authenticator_id: entry.id });
      assert.equal(challenged.status, 200);
      assert.deepEqual(Object.keys(challenged.body).sort(), ['binding_method', 'challenge_type', 'oob_code']);
      assert.equal(challenged.body.binding_method, 'prompt');
      const code = await lastCode(api, user, channel);
      assertTokens(await api.token({ grant_type: GRANTS.oob, mfa_token: token, oob_code: challenged.body.oob_code, binding_code: code }));
    });
  }

  test('sms and voice on one phone share a device suffix', async () => {
    const user = await newUser(api);
    const sms = await enrollOob(api, user, 'sms', '+4915112345678');
    const voice = await enrollOob(api, user, 'voice', '+4915112345678', await accessToken(api, user));
    assert.match(sms.id, /^sms\|/);
    assert.match(voice.id, /^voice\|/);
    assert.equal(voice.id.split('|')[1], sms.id.split('|')[1]);
  });

  test('a challenge of "otp oob" picks an enrolled factor of either type', async () => {
    const user = await newUser(api);
    await enrollOob(api, user, 'email', 'both@example.com');
    const challenged = await api.challenge({ mfa_token: await mfaToken(api, user), challenge_type: 'otp oob' });
    assert.equal(challenged.status, 200);
    assert.equal(challenged.body.challenge_type, 'oob');
  });
});

describe('recovery code', () => {
  test('logs in, returns the next code and spends the old one', async () => {
    const user = await newUser(api);
    const { recoveryCode } = await enrollOtp(api, user);
    assertFormat(recoveryCode, FORMATS.recoveryCode, 'recovery code');
    const token = await mfaToken(api, user);

    const used = await api.token({ grant_type: GRANTS.recoveryCode, mfa_token: token, recovery_code: recoveryCode! });
    assertTokens(used);
    const next = used.body.recovery_code;
    assertFormat(next, FORMATS.recoveryCode, 'the new recovery code');
    assert.notEqual(next, recoveryCode);

    assertError(await api.token({ grant_type: GRANTS.recoveryCode, mfa_token: token, recovery_code: recoveryCode! }), 403, 'invalid_grant', 'MFA Authorization rejected.');
    const again = await api.token({ grant_type: GRANTS.recoveryCode, mfa_token: token, recovery_code: next });
    assertTokens(again);
    assert.notEqual(again.body.recovery_code, next);
  });
});

describe('deletion', () => {
  test('an MFA-API access token deletes: 204, empty body, gone from the list', async () => {
    const user = await newUser(api);
    const { id } = await enrollOtp(api, user);
    const removed = await api.remove(await accessToken(api, user), id);
    assert.equal(removed.status, 204);
    assert.equal(removed.body, undefined);
    assert.ok(!(await listOf(api, user)).some((a) => a.id === id));
    assertError(await api.remove(await accessToken(api, user), id), 404, 'not_found');
  });

  test('an mfa_token is refused', async () => {
    const user = await newUser(api);
    const { id } = await enrollOtp(api, user);
    assertError(await api.remove(await mfaToken(api, user), id), 403, 'access_denied');
    assert.ok((await listOf(api, user)).some((a) => a.id === id));
  });

  test('an access token without remove:authenticators is refused', async () => {
    const user = await newUser(api);
    const { id } = await enrollOtp(api, user);
    assertError(await api.remove(await accessToken(api, user, 'read:authenticators'), id), 403, 'insufficient_scope');
  });

  test('deleting push removes the totp it brought', async () => {
    const user = await newUser(api);
    const { id, totpId } = await enrollPush(api, user);
    assert.equal((await api.remove(await accessToken(api, user), id)).status, 204);
    const ids = (await listOf(api, user)).map((a) => a.id);
    assert.ok(!ids.includes(id) && !ids.includes(totpId), ids.join());
  });
});

describe('password grant', () => {
  const login = (username: string, password = DEFAULT_PASSWORD, extra: Record<string, string> = {}) =>
    api.token({ grant_type: 'password', username, password, scope: 'openid profile', ...extra });

  test('answers 403 mfa_required with an mfa_token; with Customizable MFA, what to enroll, then what to challenge', async () => {
    const custom = await startSimulator({ mfaRequirements: true });
    try {
      const customApi = custom.api;
      const customLogin = (username: string) =>
        customApi.token({ grant_type: 'password', username, password: DEFAULT_PASSWORD, scope: 'openid profile' });
      const user = await newUser(customApi, { email_verified: false });
      const first = await customLogin(user.email);
      assertError(first, 403, 'mfa_required');
      assertFormat(first.body.mfa_token, FORMATS.oobCode, 'mfa_token');
      assert.deepEqual(first.body.mfa_requirements, { enroll: ['otp', 'push-notification', 'phone', 'email'].map((type) => ({ type })) });

      await enrollOtp(customApi, user, first.body.mfa_token);
      const second = await customLogin(user.email);
      assertError(second, 403, 'mfa_required');
      // The guides list the recovery code among what can be challenged once a factor is enrolled.
      assert.deepEqual(second.body.mfa_requirements, { challenge: [{ type: 'otp' }, { type: 'recovery-code' }] });
      await customApi.sim.clock.advance(30);
      const [{ code }] = (await customApi.sim.authenticatorApp(user.user_id).entries());
      assertTokens(await customApi.token({ grant_type: GRANTS.otp, mfa_token: second.body.mfa_token, otp: code }));
    } finally {
      await custom.close();
    }
    // Without it, Auth0's default body.
    const plain = await login((await newUser(api)).email);
    assert.equal(plain.body.mfa_requirements, undefined);
  });

  test('the realm grant does the same; a wrong password is refused', async () => {
    const user = await newUser(api, { password: 'hunter2 hunter2' });
    assertError(await login(user.email, 'hunter2 hunter2', { grant_type: 'http://auth0.com/oauth/grant-type/password-realm', realm: 'Username-Password-Authentication' }), 403, 'mfa_required');
    assertError(await login(user.email), 403, 'invalid_grant', 'Wrong email or password.');
    assertError(await login('nobody@example.com'), 403, 'invalid_grant', 'Wrong email or password.');
  });

  test('offline_access adds a refresh_token', async () => {
    const user = await newUser(api);
    const { secret } = await enrollOtp(api, user);
    const required = await login(user.email, DEFAULT_PASSWORD, { scope: 'openid profile offline_access' });
    await api.sim.clock.advance(30);
    const tokens = await api.token({ grant_type: GRANTS.otp, mfa_token: required.body.mfa_token, otp: await api.code(secret!) });
    assert.equal(tokens.status, 200);
    assert.equal(tokens.body.scope, 'openid profile offline_access');
    assert.equal(typeof tokens.body.refresh_token, 'string');
  });
});

describe('id_token', () => {
  test('is an RS256 JWT that the JWKS verifies, naming issuer, user, client and times', async () => {
    const discovery = await api.request('/.well-known/openid-configuration');
    assert.equal(discovery.status, 200);
    assert.equal(discovery.body.issuer, `${sim.url}/`);
    const jwksUri = new URL(discovery.body.jwks_uri);
    assert.equal(jwksUri.pathname, '/.well-known/jwks.json');
    const { keys } = (await api.request(jwksUri.pathname)).body;

    const user = await newUser(api);
    const { secret } = await enrollOtp(api, user);
    await api.sim.clock.advance(30);
    const tokens = await api.token({ grant_type: GRANTS.otp, mfa_token: await mfaToken(api, user), otp: await api.code(secret!) });
    const idToken: string = tokens.body.id_token;
    const [header, payload, signature] = idToken.split('.');
    const { alg, kid } = JSON.parse(Buffer.from(header, 'base64url').toString());
    assert.equal(alg, 'RS256');
    const jwk = keys.find((k: any) => k.kid === kid);
    assert.ok(jwk, 'the JWKS has the signing key');
    assert.equal(jwk.kty, 'RSA');

    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const key = await webcrypto.subtle.importKey('jwk', jwk, algorithm, false, ['verify']);
    const signed = new TextEncoder().encode(`${header}.${payload}`);
    assert.ok(await webcrypto.subtle.verify(algorithm, key, Buffer.from(signature, 'base64url'), signed), 'signature verifies');
    const tampered = new TextEncoder().encode(`${header}.${payload.slice(0, -2)}AA`);
    assert.ok(!(await webcrypto.subtle.verify(algorithm, key, Buffer.from(signature, 'base64url'), tampered)));

    const claims = claimsOf(idToken);
    const now = Math.floor(((await api.sim.clock.now()).getTime()) / 1000);
    assert.equal(claims.iss, discovery.body.issuer);
    assert.equal(claims.sub, user.user_id);
    assert.equal(claims.aud, CLIENT.client_id);
    assert.ok(Math.abs(claims.iat - now) <= 2, 'iat is the simulator’s now');
    assert.ok(claims.exp > claims.iat);
  });

  test('the access token calls /userinfo', async () => {
    const user = await newUser(api);
    const { secret } = await enrollOtp(api, user);
    await api.sim.clock.advance(30);
    const tokens = await api.token({ grant_type: GRANTS.otp, mfa_token: await mfaToken(api, user), otp: await api.code(secret!) });
    const info = await api.request('/userinfo', { headers: { Authorization: `Bearer ${tokens.body.access_token}` } });
    assert.deepEqual(info.body, { sub: user.user_id, email: user.email });
  });
});
