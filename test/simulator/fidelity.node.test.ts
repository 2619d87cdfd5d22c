/**
 * Behaviours a real tenant has that the recordings cannot show (issue 11): each test names its source,
 * and FIDELITY.md lists the same rows.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { errors } from '../../src/simulator/errors.ts';
import { loadRecordings } from './recordings.ts';
import { GRANTS, mfaApi, type MfaApi } from '../support/mfa-api.ts';
import {
  CLIENT,
  FORMATS,
  accessToken,
  alignToStep,
  assertError,
  assertFormat,
  enrollOob,
  enrollOtp,
  lastCode,
  listOf,
  mfaToken,
  newUser,
  show,
  startSimulator,
  useSimulator,
  type RunningTestSimulator,
} from './setup.ts';

let sim: RunningTestSimulator;
let api: MfaApi;
useSimulator((started) => {
  sim = started;
  api = started.api;
});

const MALFORMED = 'Malformed mfa_token';

describe('1. /mfa/challenge takes only an mfa_token (community thread 64112)', () => {
  test('an MFA-audience access token is invalid_grant "Malformed mfa_token"; list, associate and delete still take it', async () => {
    const user = await newUser(api);
    await enrollOtp(api, user);
    const access = await accessToken(api, user);
    assertError(await api.challenge({ mfa_token: access, challenge_type: 'otp' }), 403, 'invalid_grant', MALFORMED);
    assertError(await api.challenge({ mfa_token: access }), 403, 'invalid_grant', MALFORMED);
    assert.equal((await api.authenticators(access)).status, 200);
    const associated = await api.associate(access, { authenticator_types: ['otp'] });
    assert.equal(associated.status, 200, show(associated.body));
    const pending = (await listOf(api, user)).find((a) => a.authenticator_type === 'otp' && !a.active);
    assert.equal((await api.remove(access, pending.id)).status, 204);
    // The same user's mfa_token challenges.
    assert.equal((await api.challenge({ mfa_token: await mfaToken(api, user), challenge_type: 'otp' })).status, 200);
  });
});

describe('2. verified emails are authenticators (Auth0 docs, "Manage authenticator factors using the MFA API")', () => {
  test('a new user with a verified email lists an active email authenticator, masked', async () => {
    const user = await newUser(api, { email: 'verified@example.com' });
    const list = await listOf(api, user);
    assert.equal(list.length, 1, show(list));
    const [email] = list;
    assertFormat(email.id, FORMATS.authenticatorId, 'id');
    assert.match(email.id, /^email\|/);
    assert.deepEqual({ ...email, id: undefined }, {
      id: undefined,
      authenticator_type: 'oob',
      active: true,
      oob_channel: 'email',
      name: '********@exam*******',
    });
  });

  test('email_verified: false creates a user with no authenticator; a non-boolean is refused', async () => {
    const user = await newUser(api, { email_verified: false });
    assert.deepEqual(await listOf(api, user), []);
    await assert.rejects(api.sim.createUser({ email_verified: 'yes' as never }), { status: 400, error: 'invalid_request', description: 'Invalid parameter: email_verified' });
  });

  test('a user whose only factor is email associates another with the mfa_token, and gets the recovery code', async () => {
    const user = await newUser(api);
    assert.deepEqual((await listOf(api, user)).map((a) => [a.oob_channel, a.active]), [['email', true]], 'only factor: email');
    const associated = await api.associate(user.mfa_token, { authenticator_types: ['otp'] });
    assert.equal(associated.status, 200, show(associated.body));
    assert.equal(associated.body.recovery_codes?.length, 1);
  });

  test('the verified email can be challenged with the mfa_token: a code goes to the address', async () => {
    const user = await newUser(api, { email: 'challenged@example.com' });
    const challenged = await api.challenge({ mfa_token: user.mfa_token, challenge_type: 'oob' });
    assert.equal(challenged.status, 200, show(challenged.body));
    assert.equal(challenged.body.binding_method, 'prompt');
    const [message] = (await api.sim.inbox(user.user_id).messages());
    assert.equal(message.to, 'challenged@example.com');
    const verified = await api.token({
      grant_type: GRANTS.oob,
      mfa_token: user.mfa_token,
      oob_code: challenged.body.oob_code,
      binding_code: await lastCode(api, user, 'email'),
    });
    assert.equal(verified.status, 200, show(verified.body));
  });

  test('the verified email is listed after the authenticators associated later, as recorded', async () => {
    const user = await newUser(api);
    await api.associate(user.mfa_token, { authenticator_types: ['otp'] });
    assert.deepEqual((await listOf(api, user)).map((a) => a.id.split('|')[0]), ['totp', 'recovery-code', 'email']);
  });
});

describe('3. a TOTP code works once (Auth0 docs, "Authenticate using the Resource Owner Password Grant with MFA")', () => {
  test('the code that confirmed the enrollment is refused after, and so is a code used to log in', async () => {
    const user = await newUser(api);
    await alignToStep(api);
    const associated = await api.associate(user.mfa_token, { authenticator_types: ['otp'] });
    const code = await api.code(associated.body.secret);
    assert.equal((await api.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: code })).status, 200);
    const token = await mfaToken(api, user);
    assertError(await api.token({ grant_type: GRANTS.otp, mfa_token: token, otp: code }), 403, 'invalid_grant', 'Invalid otp_code.');

    await api.sim.clock.advance(30);
    const next = await api.code(associated.body.secret);
    assert.equal((await api.token({ grant_type: GRANTS.otp, mfa_token: token, otp: next })).status, 200);
    assertError(await api.token({ grant_type: GRANTS.otp, mfa_token: token, otp: next }), 403, 'invalid_grant', 'Invalid otp_code.');
  });

  test('after a code was used, the previous step’s code is refused too', async () => {
    const user = await newUser(api);
    await alignToStep(api);
    const { secret } = await enrollOtp(api, user);
    await api.sim.clock.advance(30);
    const previous = await api.code(secret!);
    await api.sim.clock.advance(30);
    assert.equal((await api.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: await api.code(secret!) })).status, 200);
    assertError(await api.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: previous }), 403, 'invalid_grant', 'Invalid otp_code.');
  });
});

describe('4. recovery codes come once (recordings TestMFAAddAuthenticator__*, TestMFAListAuthenticators)', () => {
  test('sms, push, otp associated in a row: only the first answer carries recovery_codes; none after a confirm', async () => {
    const user = await newUser(api, { email: 'user@example.com' });
    const answers = [];
    for (const body of [
      { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: '+14155559167' },
      { authenticator_types: ['oob'], oob_channels: ['auth0'] },
      { authenticator_types: ['otp'] },
    ]) {
      const answer = await api.associate(user.mfa_token, body);
      assert.equal(answer.status, 200, show(answer.body));
      answers.push(answer.body);
    }
    assert.deepEqual(answers.map((a) => 'recovery_codes' in a), [true, false, false]);
    const code = answers[0].recovery_codes[0];

    const list = await listOf(api, user);
    assert.equal(list.find((a) => a.authenticator_type === 'recovery-code').active, false, 'unconfirmed: inactive beside the active email');

    const confirmed = await api.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: await api.code(answers[2].secret) });
    assert.equal(confirmed.status, 200);
    const later = await api.associate(await accessToken(api, user), { authenticator_types: ['otp'] });
    assert.ok(!('recovery_codes' in later.body));
    assert.equal((await listOf(api, user)).find((a) => a.authenticator_type === 'recovery-code').active, true);
    // The one code shown works.
    const used = await api.token({ grant_type: GRANTS.recoveryCode, mfa_token: await mfaToken(api, user), recovery_code: code });
    assert.equal(used.status, 200, show(used.body));
  });

  test('codes use uppercase letters and digits without 0, O and I, as every recorded code', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 40; i++) {
      const user = await newUser(api);
      codes.push((await api.associate(user.mfa_token, { authenticator_types: ['otp'] })).body.recovery_codes[0]);
    }
    for (const code of codes) assert.match(code, /^[A-HJ-NP-Z1-9]{24}$/);
  });
});

describe('5. mfa_requirements only with Customizable MFA (Auth0 docs)', () => {
  let custom: RunningTestSimulator;
  before(async () => (custom = await startSimulator({ mfaRequirements: true })));
  after(() => custom?.close());

  const login = (target: MfaApi, email: string) =>
    target.token({ grant_type: 'password', username: email, password: 'correct horse battery staple' });

  test('by default, mfa_required carries error, error_description and mfa_token only', async () => {
    const user = await newUser(api);
    const answer = await login(api, user.email);
    assert.equal(answer.status, 403);
    assert.deepEqual(Object.keys(answer.body).sort(), ['error', 'error_description', 'mfa_token']);
    assert.equal(answer.body.error, 'mfa_required');
    assert.equal(answer.body.error_description, 'Multifactor authentication required');
  });

  test('mfaRequirements: true adds mfa_requirements', async () => {
    const user = await newUser(custom.api);
    const answer = await login(custom.api, user.email);
    assert.deepEqual(answer.body.mfa_requirements, { challenge: [{ type: 'email' }] });
  });
});

describe('smaller differences', () => {
  test('a confidential client that sends no secret: 401 access_denied Unauthorized (auth0.js issue 317)', async () => {
    const user = await newUser(api);
    const noSecret = mfaApi({ base: sim.url, control: sim.url, client: { client_id: CLIENT.client_id } });
    assertError(await noSecret.challenge({ mfa_token: user.mfa_token, challenge_type: 'oob' }), 401, 'access_denied', 'Unauthorized');
    assertError(await noSecret.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: '123456' }), 401, 'access_denied', 'Unauthorized');
  });

  test('challenge_type is optional: Auth0 chooses (API reference, "Request MFA challenge")', async () => {
    const user = await newUser(api);
    await enrollOtp(api, user);
    const answer = await api.challenge({ mfa_token: await mfaToken(api, user) });
    assert.equal(answer.status, 200, show(answer.body));
    assert.deepEqual(answer.body, { challenge_type: 'otp' });
  });

  test('X-RateLimit-Limit, -Remaining and -Reset on ordinary answers too (community thread 56087)', async () => {
    const user = await newUser(api);
    const ok = await api.authenticators(user.mfa_token);
    const refused = await api.token({ grant_type: GRANTS.otp, mfa_token: 'nonsense', otp: '123456' });
    for (const answer of [ok, refused]) {
      const limit = Number(answer.headers.get('x-ratelimit-limit'));
      const remaining = Number(answer.headers.get('x-ratelimit-remaining'));
      const reset = Number(answer.headers.get('x-ratelimit-reset'));
      assert.ok(limit > 0 && remaining >= 0 && remaining < limit, `${limit} ${remaining}`);
      assert.ok(Math.abs(reset - ((await api.sim.clock.now()).getTime()) / 1000) < 5, `reset ${reset} is a Unix time in seconds, now or soon`);
    }
    assert.equal(refused.status, 403);
  });

  test('the limit behind those headers is enforced with 429, sized by rateLimit; false removes both', async () => {
    const small = await startSimulator({ rateLimit: { limit: 3, perSecond: 0.5 } });
    const none = await startSimulator({ rateLimit: false });
    try {
      const user = await newUser(small.api);
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) remaining.push((await small.api.authenticators(user.mfa_token)).headers.get('x-ratelimit-remaining')!);
      assert.deepEqual(remaining, ['2', '1', '0']);
      const refused = await small.api.authenticators(user.mfa_token);
      assertError(refused, 429, 'too_many_requests', 'Rate limit exceeded.');
      assert.equal(refused.headers.get('retry-after'), '2');
      assert.equal(refused.headers.get('x-ratelimit-limit'), '3');
      await small.api.sim.clock.advance(2);
      assert.equal((await small.api.authenticators(user.mfa_token)).status, 200, 'refilled on the simulator’s clock');

      const free = await none.api.authenticators((await newUser(none.api)).mfa_token);
      assert.equal(free.status, 200);
      assert.equal(free.headers.get('x-ratelimit-limit'), null);
    } finally {
      await Promise.all([small.close(), none.close()]);
    }
  });

  test('DELETE answers 204 with Content-Type application/json and an empty body (TestMFADeleteAuthenticator)', async () => {
    const user = await newUser(api);
    const access = await accessToken(api, user);
    await api.associate(access, { authenticator_types: ['otp'] });
    const { id } = (await listOf(api, user)).find((a) => a.authenticator_type === 'otp');
    const answer = await api.remove(access, id);
    assert.equal(answer.status, 204);
    assert.equal(answer.headers.get('content-type'), 'application/json');
    assert.equal(answer.body, undefined);
  });

  test('pending enrollments do not expire; they pile up to the cap (community thread 95815)', async () => {
    const user = await newUser(api);
    for (let i = 0; i < 50; i++) await api.associate(user.mfa_token, { authenticator_types: ['otp'] });
    await api.sim.clock.advance(30 * 86400);
    assert.equal((await listOf(api, user)).filter((a) => !a.active && a.authenticator_type === 'otp').length, 50);
    assertError(await api.associate(await mfaToken(api, user), { authenticator_types: ['otp'] }), 400, 'invalid_request');
  });

  test('smsAndVoice: associating one phone channel creates both (Auth0 docs, manage-factors page); off by default', async () => {
    const both = await startSimulator({ smsAndVoice: true });
    try {
      for (const [target, expected] of [
        [api, ['sms']],
        [both.api, ['sms', 'voice']],
      ] as const) {
        const user = await newUser(target, { email_verified: false });
        await enrollOob(target, user, 'sms', '+14155550111');
        const phones = (await listOf(target, user)).filter((a) => a.oob_channel === 'sms' || a.oob_channel === 'voice');
        assert.deepEqual(phones.map((a) => a.oob_channel), expected);
        assert.ok(phones.every((a) => a.active && a.name === 'XXXXXXXX0111'));
        assert.equal(new Set(phones.map((a) => a.id.split('|')[1])).size, 1, 'one device suffix');
      }
    } finally {
      await both.close();
    }
  });
});

describe('control API', () => {
  test('an empty body, with or without a JSON content type, means {}', async () => {
    const types: Record<string, string>[] = [{}, { 'Content-Type': 'application/json' }, { 'Content-Type': 'application/json; charset=utf-8' }];
    for (const headers of types) {
      const created = await fetch(`${sim.url}/__sim/users`, { method: 'POST', headers });
      assert.equal(created.status, 201, JSON.stringify(headers));
      const { user_id } = await created.json();
      const token = await fetch(`${sim.url}/__sim/users/${encodeURIComponent(user_id)}/mfa-token`, { method: 'POST', headers });
      assert.equal(token.status, 200);
    }
  });

  test('the phone can reject a push enrollment: polling answers access_denied, nothing becomes active', async () => {
    const user = await newUser(api, { email_verified: false });
    const associated = await api.associate(user.mfa_token, { authenticator_types: ['oob'], oob_channels: ['auth0'] });
    const txId = new URL(associated.body.barcode_uri).searchParams.get('enrollment_tx_id');
    const rejected = await fetch(`${sim.url}/__sim/guardian/enrollments/${txId}/reject`, { method: 'POST' });
    assert.equal(rejected.status, 200);
    assert.deepEqual(await rejected.json(), { status: 'rejected' });
    const polled = await api.token({ grant_type: GRANTS.oob, mfa_token: user.mfa_token, oob_code: associated.body.oob_code });
    assertError(polled, 400, 'access_denied', 'MFA Authorization rejected.');
    assert.ok((await listOf(api, user)).every((a) => !a.active));
    assert.equal((await fetch(`${sim.url}/__sim/guardian/enrollments/${txId}/reject`, { method: 'POST' })).status, 404);
  });
});

describe('FIDELITY.md', () => {
  const table = readFileSync(new URL('../../FIDELITY.md', import.meta.url), 'utf8');

  test('has a row for every fixed error text of the simulator', () => {
    const fixed = Object.entries(errors).filter(([, make]) => make.length === 0);
    assert.ok(fixed.length > 20);
    for (const [name, make] of fixed) {
      const { description } = (make as () => { description: string })();
      assert.ok(table.includes(description), `${name}: "${description}" is not in FIDELITY.md`);
    }
  });

  test('names only recordings that exist', () => {
    const names = loadRecordings().map((r) => r.name);
    const cited = [...table.matchAll(/`(Test\w+?)(?:…|\*)?`/g)].map((m) => m[1]);
    assert.ok(cited.length >= 8);
    for (const name of cited) assert.ok(names.some((n) => n.startsWith(name)), `${name} is not a recording`);
  });
});
