/**
 * mfa-elements/testing against the real simulator, in process and over HTTP (a node server on port 0): every
 * call of the control API, enroll() through the MFA API, the waits, and the errors a test author would read.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GRANT_TYPES } from '../../src/api/types.ts';
import { createSimulator, DEFAULT_PASSWORD, SIMULATOR_DEFAULTS } from '../../src/simulator/index.ts';
import { serveSimulator, type RunningSimulator } from '../../src/simulator/node.ts';
import { totp } from '../../src/simulator/totp.ts';
import { connectSimulator, SimulatorError, waitForEvent, type SimulatorClient } from '../../src/testing/index.ts';
import { toSeconds } from '../../src/testing/clock.ts';

let running: RunningSimulator;
before(async () => (running = await serveSimulator({ port: 0 })));
after(() => running.close());

/** An MFA API call as a page makes it, to prove what the client set up works there. */
async function mfaGrant(sim: SimulatorClient, fields: Record<string, string>): Promise<Response> {
  const body = new URLSearchParams({ client_id: SIMULATOR_DEFAULTS.publicClientId, ...fields });
  return sim.connection.call('POST', '/oauth/token', { form: Object.fromEntries(body) }).then(
    () => new Response(null, { status: 200 }),
    (error: SimulatorError) => new Response(null, { status: error.status }),
  );
}

const targets: [string, () => SimulatorClient][] = [
  ['in process', () => connectSimulator(createSimulator())],
  ['over HTTP', () => connectSimulator(running.url)],
];

for (const [where, connect] of targets) {
  describe(`connectSimulator ${where}`, () => {
    let sim: SimulatorClient;
    before(() => (sim = connect()));

    test('createUser, mfaToken, accessToken: a user with the default password, and tokens that work', async () => {
      const user = await sim.createUser();
      assert.deepEqual(Object.keys(user).sort(), ['email', 'password', 'user_id']);
      assert.equal(user.password, DEFAULT_PASSWORD);
      assert.equal((await sim.createUser({ password: 'open sesame' })).password, 'open sesame');
      assert.match(await sim.mfaToken(user), /\S{20,}/);
      const token = await sim.accessToken(user, { scope: 'read:authenticators' });
      const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      assert.equal(claims.scope, 'read:authenticators');
      assert.equal(claims.sub, user.user_id);
    });

    test('enroll otp, then email, sms, voice and push: active authenticators, the recovery code the first time', async () => {
      const user = await sim.createUser({ email_verified: false });
      const otp = await sim.enroll(user, 'otp');
      assert.match(otp.authenticator_id, /^totp\|/);
      assert.match(otp.recovery_code!, /^[A-Z0-9]{24}$/);
      const more = [];
      for (const factor of ['email', 'sms', 'voice', 'push'] as const) more.push(await sim.enroll(user, factor, { device_name: 'Pixel 9' }));
      assert.deepEqual(more.map((e) => e.authenticator_id.split('|')[0]), ['email', 'sms', 'voice', 'push']);
      assert.ok(more.every((e) => e.recovery_code === undefined), 'only the first enrollment brings one');
      const codes = await sim.inbox(user).messages();
      assert.deepEqual(codes.map((m) => m.channel), ['email', 'sms', 'voice']);
      assert.equal(codes[1].to, '+14155550100');
    });

    test('authenticatorApp: code, secret, and freshCode moving to the next window once Auth0 took the code', async () => {
      const user = await sim.createUser();
      await sim.enroll(user, 'otp');
      const app = sim.authenticatorApp(user);
      const secret = await app.secret();
      assert.match(secret, /^[A-Z2-7]{32}$/);
      assert.equal(await app.code(), await totp(secret, (await sim.clock.now()).getTime()));
      const [entry] = await app.entries();
      assert.equal(entry.used, true, 'enroll confirmed with the current code');
      const before = (await sim.clock.now()).getTime();
      const fresh = await app.freshCode();
      assert.ok((await sim.clock.now()).getTime() - before >= (entry.remaining_s - 1) * 1000, 'the clock moved to the next window');
      const token = await sim.mfaToken(user);
      assert.equal((await mfaGrant(sim, { grant_type: GRANT_TYPES.otp, mfa_token: token, otp: fresh })).status, 200);
      assert.equal(await app.freshCode(), await app.code(), 'a fresh code again, after the clock moved on');
    });

    test('inbox.lastCode waits for the code sent next, by channel', async () => {
      const user = await sim.createUser();
      const token = await sim.accessToken(user);
      const waiting = sim.inbox(user).lastCode('sms');
      const associate = sim.connection.call<{ oob_code: string }>('POST', '/mfa/associate', {
        json: { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: '+14155550123' },
      }, token);
      const [code, { oob_code }] = await Promise.all([waiting, associate]);
      assert.match(code, /^\d{6}$/);
      assert.equal((await mfaGrant(sim, { grant_type: GRANT_TYPES.oob, mfa_token: token, oob_code, binding_code: code })).status, 200);
      await assert.rejects(sim.inbox(user).lastCode('voice', { timeout: 100 }), /Waited 100 ms for a voice message to auth0\|/);
    });

    test('guardian: confirmNext and approveNext wait for the push; rejectNext denies it; rejectNextEnrollment refuses', async () => {
      const user = await sim.createUser();
      const guardian = sim.guardian(user);
      await assert.rejects(guardian.approveNext({ timeout: 100 }), /Waited 100 ms for a push challenge of auth0\|\w+ to approve; none came\./);
      await assert.rejects(guardian.confirmNext({ timeout: 50 }), /a push enrollment of .* to scan/);
      const { authenticator_id } = await sim.enroll(user, 'push');
      const challenge = async () => {
        const token = await sim.mfaToken(user);
        const { oob_code } = await sim.connection.call<{ oob_code: string }>('POST', '/mfa/challenge', {
          json: { client_id: SIMULATOR_DEFAULTS.publicClientId, mfa_token: token, challenge_type: 'oob', authenticator_id },
        });
        return () => mfaGrant(sim, { grant_type: GRANT_TYPES.oob, mfa_token: token, oob_code });
      };
      const approved = await challenge();
      assert.equal((await guardian.challenges()).length, 1);
      assert.equal((await guardian.approveNext()).authenticator_id, authenticator_id);
      assert.equal((await approved()).status, 200);
      const denied = await challenge();
      await guardian.rejectNext();
      assert.equal((await denied()).status, 400, 'polling a denied push: access_denied');

      const other = await sim.createUser();
      const token = await sim.mfaToken(other);
      await sim.connection.call('POST', '/mfa/associate', { json: { authenticator_types: ['oob'], oob_channels: ['auth0'] } }, token);
      assert.equal((await sim.guardian(other).enrollments()).length, 1);
      await sim.guardian(other).rejectNextEnrollment();
      assert.deepEqual(await sim.guardian(other).enrollments(), []);
    });

    test('clock: now, and advance by seconds or a duration', async () => {
      const start = (await sim.clock.now()).getTime();
      const moved = await sim.clock.advance('5m');
      assert.ok(moved.getTime() - start >= 300_000 && moved.getTime() - start < 310_000);
      assert.ok((await sim.clock.advance(30)).getTime() - moved.getTime() >= 30_000);
      await assert.rejects(sim.clock.advance('5 minutes' as never), /Not a duration: "5 minutes"\. Give seconds \(30\) or '500ms', '30s', '5m', '24h', '7d'\./);
    });

    test('faults: inject a status once, then clear', async () => {
      const user = await sim.createUser();
      const fault = await sim.faults.inject({ path: '/mfa/authenticators', status: 503, count: 2 });
      assert.deepEqual(fault, { path: '/mfa/authenticators', status: 503, count: 2 });
      await assert.rejects(sim.enroll(user, 'otp'), (error: SimulatorError) => error.status === 503 && error.path === '/mfa/authenticators');
      await sim.faults.clear();
      assert.match((await sim.enroll(user, 'otp')).authenticator_id, /^totp\|/);
    });

    test('an error answer throws SimulatorError: method, path, status and error_description', async () => {
      await sim.createUser({ email: `taken-${where.replace(' ', '-')}@example.com` });
      const refused = await sim.createUser({ email: `taken-${where.replace(' ', '-')}@example.com` }).catch((error) => error);
      assert.ok(refused instanceof SimulatorError);
      assert.equal(refused.message, 'POST /__sim/users: 409 conflict: The user already exists.');
      assert.deepEqual([refused.method, refused.path, refused.status, refused.error], ['POST', '/__sim/users', 409, 'conflict']);
      await assert.rejects(sim.mfaToken('auth0|nobody'), { name: 'SimulatorError', message: 'POST /__sim/users/auth0%7Cnobody/mfa-token: 404 not_found: User not found.' });
      await assert.rejects(sim.authenticatorApp('auth0|nobody').code(), { message: 'GET /__sim/totp?user_id=auth0%7Cnobody: 404 not_found: User not found.' });
      await assert.rejects(sim.faults.inject({ status: 200 }), { message: 'POST /__sim/faults: 400 invalid_request: Invalid parameter: fault' });
      const plain = await sim.createUser();
      await assert.rejects(sim.enroll(plain, 'fax' as never), { name: 'TypeError', message: 'enroll: unknown factor "fax"; one of otp, email, sms, voice, push.' });
      await assert.rejects(sim.enroll(plain.user_id, 'email'), { message: `enroll(${plain.user_id}, 'email'): give the SimulatedUser or options.email.` });
      await assert.rejects(sim.authenticatorApp(plain).code(), /^Error: The authenticator app of auth0\|\w+ shows no TOTP authenticator \(none enrolled with otp or push, nor being enrolled\)\.$/);
    });

    test('reset forgets users', async () => {
      const user = await sim.createUser();
      await sim.reset();
      await assert.rejects(sim.mfaToken(user), { status: 404 });
    });
  });
}

describe('connectSimulator: where the simulator is not', () => {
  test('a relative URL outside a page, a closed port, a server that is not the simulator', async () => {
    assert.throws(() => connectSimulator('/mfa-dev'), /connectSimulator\('\/mfa-dev'\): not a URL\. Outside a page, give an absolute one/);
    const closed = await serveSimulator({ port: 0 });
    await closed.close();
    await assert.rejects(connectSimulator(closed.url).reset(), (error: SimulatorError) =>
      error.status === 0 && error.message.startsWith(`POST /__sim/reset: no answer: fetch failed (is the simulator running at ${closed.url}?)`));
    const notSim = connectSimulator({ fetch: async () => new Response('<html>', { status: 200 }) });
    await assert.rejects(notSim.clock.now(), { message: 'GET /__sim/clock: 200: the answer is not JSON (is http://simulator.test the simulator?)' });
    const off = connectSimulator(createSimulator({ control: false }));
    await assert.rejects(off.createUser(), { status: 404, message: /^POST \/__sim\/users: 404 not_found/ });
  });

  test('a dropped connection is a SimulatorError with no status', async () => {
    const sim = connectSimulator(createSimulator());
    const user = await sim.createUser();
    await sim.faults.inject({ path: '/mfa/authenticators', drop: true });
    await assert.rejects(sim.enroll(user, 'otp'), { status: 0, message: 'GET /mfa/authenticators: no answer: the connection was dropped' });
  });

  test('a timeout that is not milliseconds is a TypeError, not a wait without end', async () => {
    const sim = connectSimulator(createSimulator());
    const user = await sim.createUser();
    for (const timeout of [Number.NaN, -1, '100', Number.POSITIVE_INFINITY]) {
      // Without the check, NaN and '100' polled for ever: the race ends the test instead of hanging it.
      const hung = new Promise((_, reject) => setTimeout(() => reject(new Error(`still waiting with ${String(timeout)}`)), 1000).unref());
      await assert.rejects(Promise.race([sim.inbox(user).lastCode('voice', { timeout: timeout as never }), hung]), TypeError);
      await assert.rejects(Promise.race([waitForEvent(new EventTarget(), 'mfa-verified', { timeout: timeout as never }), hung]), {
        name: 'TypeError',
        message: /^Not a timeout: .*Give milliseconds, such as \{ timeout: 5000 \}\.$/,
      });
    }
  });

  test('durations', () => {
    assert.deepEqual(['500ms', '30s', '5m', '24h', '7d', 12].map((d) => toSeconds(d as never)), [0.5, 30, 300, 86_400, 604_800, 12]);
    for (const bad of [-1, Number.NaN, '', '5', '5 m', '1w']) assert.throws(() => toSeconds(bad as never), TypeError);
  });
});
