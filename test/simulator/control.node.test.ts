/** The /__sim/ control API as docs/simulator.md documents it, faults and reset, and the command line. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { DEFAULT_PASSWORD, SIMULATOR_DEFAULTS, createSimulator } from '../../src/simulator/index.ts';
import { GRANTS, mfaApi, type MfaApi } from '../support/mfa-api.ts';
import { FORMATS, alignToStep, assertError, assertFormat, claimsOf, enrollOob, enrollOtp, lastCode, listOf, newUser, useSimulator, type RunningTestSimulator } from './setup.ts';

let sim: RunningTestSimulator;
let api: MfaApi;
useSimulator((started) => {
  sim = started;
  api = started.api;
});

const keys = (value: object) => Object.keys(value).sort();

/**
 * This file tests the control API's wire (statuses, bodies, refusals), so it sends raw requests; everything else
 * drives the simulator through mfa-elements/testing (test/testing tests that client).
 */
const post = (path: string, body: unknown = {}) =>
  api.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const userPath = (id: string) => `/__sim/users/${encodeURIComponent(id)}`;
const query = (id: string) => `?user_id=${encodeURIComponent(id)}`;
const wire = {
  createUser: (body: Record<string, unknown> = {}) => post('/__sim/users', body),
  mfaToken: (id: string) => post(`${userPath(id)}/mfa-token`),
  accessToken: (id: string, scope?: string) => post(`${userPath(id)}/access-token`, scope ? { scope } : {}),
  outbox: (id: string) => api.request(`/__sim/outbox${query(id)}`),
  guardian: (id: string) => api.request(`/__sim/guardian${query(id)}`),
  confirmEnrollment: (txId: string, device_name?: string) =>
    post(`/__sim/guardian/enrollments/${txId}/confirm`, device_name ? { device_name } : {}),
  answerChallenge: (id: string, answer: 'approve' | 'reject') => post(`/__sim/guardian/challenges/${id}/${answer}`),
  totp: (id: string) => api.request(`/__sim/totp${query(id)}`),
  advance: (advance_s: number) => post('/__sim/clock', { advance_s }),
  now: async () => Date.parse((await api.request('/__sim/clock')).body.now),
  fault: (fault: Record<string, unknown>) => post('/__sim/faults', fault),
  clearFaults: () => api.request('/__sim/faults', { method: 'DELETE' }),
  reset: () => post('/__sim/reset'),
};

describe('control API', () => {
  test('POST /__sim/users: 201 {user_id, email, mfa_token}', async () => {
    const plain = await wire.createUser();
    assert.equal(plain.status, 201);
    assert.deepEqual(keys(plain.body), ['email', 'mfa_token', 'user_id']);
    assert.match(plain.body.user_id, /^auth0\|[0-9a-f]{24}$/);
    assert.match(plain.body.email, /^[^@\s]+@example\.com$/);
    assertFormat(plain.body.mfa_token, FORMATS.oobCode, 'mfa_token');
    assert.equal((await api.authenticators(plain.body.mfa_token)).status, 200, 'the mfa_token works');

    const chosen = await wire.createUser({ email: 'Chosen@Example.com', phone_number: '+14155550199', password: 'open sesame' });
    assert.equal(chosen.body.email, 'Chosen@Example.com');
    const login = await api.token({ grant_type: 'password', username: 'chosen@example.com', password: 'open sesame' });
    assertError(login, 403, 'mfa_required');
    assertError(await wire.createUser({ email: 'chosen@example.com' }), 409, 'conflict');
    assertError(await wire.createUser({ email: 'nope' }), 400, 'invalid_request');
  });

  test('POST /__sim/users/{id}/mfa-token: {mfa_token}; an unknown user is 404', async () => {
    const user = await newUser(api);
    const answer = await wire.mfaToken(user.user_id);
    assert.deepEqual(keys(answer.body), ['mfa_token']);
    assert.notEqual(answer.body.mfa_token, user.mfa_token);
    assert.equal((await api.authenticators(answer.body.mfa_token)).status, 200);
    assertError(await wire.mfaToken('auth0|nobody'), 404, 'not_found');
  });

  test('POST /__sim/users/{id}/access-token: for the MFA audience, default and chosen scope', async () => {
    const user = await newUser(api);
    const answer = await wire.accessToken(user.user_id);
    assert.deepEqual(keys(answer.body), ['access_token', 'expires_in', 'token_type']);
    assert.equal(answer.body.expires_in, 600);
    assert.equal(answer.body.token_type, 'Bearer');
    const claims = claimsOf(answer.body.access_token);
    assert.equal(claims.aud, `${sim.url}/mfa/`);
    assert.equal(claims.iss, `${sim.url}/`);
    assert.equal(claims.sub, user.user_id);
    assert.equal(claims.scope, 'enroll read:authenticators remove:authenticators');
    assert.equal(claims.exp - claims.iat, 600);

    const narrow = await wire.accessToken(user.user_id, 'read:authenticators');
    assert.equal(claimsOf(narrow.body.access_token).scope, 'read:authenticators');
    assertError(await wire.accessToken('auth0|nobody'), 404, 'not_found');
  });

  test('GET /__sim/outbox: [{channel, to, code, sent_at}], filtered by user_id', async () => {
    const [alice, bob] = [await newUser(api), await newUser(api)];
    await enrollOob(api, alice, 'email', 'alice@example.net');
    await enrollOob(api, bob, 'voice', '+14155550142');
    const [mail] = (await wire.outbox(alice.user_id)).body;
    assert.deepEqual(keys(mail), ['channel', 'code', 'sent_at', 'to']);
    assert.equal(mail.channel, 'email');
    assert.equal(mail.to, 'alice@example.net');
    assertFormat(mail.code, FORMATS.bindingCode, 'binding code');
    assert.match(mail.sent_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Math.abs(Date.parse(mail.sent_at) - (await wire.now())) < 5_000, 'sent at the simulator’s time');
    assert.deepEqual((await wire.outbox(bob.user_id)).body.map((m: any) => [m.channel, m.to]), [['voice', '+14155550142']]);
    const all = (await api.request('/__sim/outbox')).body;
    assert.ok(all.length >= 2);
  });

  test('GET /__sim/guardian, confirm, approve and reject', async () => {
    const user = await newUser(api);
    const associated = await api.associate(user.mfa_token, { authenticator_types: ['oob'], oob_channels: ['auth0'] });
    const txId = new URL(associated.body.barcode_uri).searchParams.get('enrollment_tx_id');
    const seen = (await wire.guardian(user.user_id)).body;
    assert.deepEqual(keys(seen), ['challenges', 'enrollments']);
    assert.deepEqual(seen.challenges, []);
    assert.deepEqual(keys(seen.enrollments[0]), ['enrollment_tx_id', 'expires_at', 'user_id']);
    assert.equal(seen.enrollments[0].enrollment_tx_id, txId);
    assert.equal(seen.enrollments[0].user_id, user.user_id);
    const left = Date.parse(seen.enrollments[0].expires_at) - (await wire.now());
    assert.ok(left > 295_000 && left <= 300_000, 'the QR code is good for 5 minutes');

    assertError(await wire.confirmEnrollment('unknown'), 404, 'not_found');
    assert.deepEqual((await wire.confirmEnrollment(txId!, 'My phone')).body, { status: 'confirmed' });
    assertError(await wire.confirmEnrollment(txId!), 404, 'not_found');
    const push = (await listOf(api, user)).find((a) => a.oob_channel === 'auth0');
    assert.equal(push.name, 'My phone');

    await wire.advance(5);
    const token = (await wire.mfaToken(user.user_id)).body.mfa_token;
    const challenged = await api.challenge({ mfa_token: token, challenge_type: 'oob', authenticator_id: push.id });
    const [challenge] = (await wire.guardian(user.user_id)).body.challenges;
    assert.deepEqual(keys(challenge), ['authenticator_id', 'expires_at', 'id', 'user_id']);
    assert.equal(challenge.authenticator_id, push.id);
    assert.deepEqual((await wire.answerChallenge(challenge.id, 'approve')).body, { status: 'approved' });
    assertError(await wire.answerChallenge(challenge.id, 'reject'), 404, 'not_found');
    assert.deepEqual((await wire.guardian(user.user_id)).body.challenges, []);
    assert.equal((await api.token({ grant_type: GRANTS.oob, mfa_token: token, oob_code: challenged.body.oob_code })).status, 200);
  });

  test('GET /__sim/config: the public client id, issuer, tenant name and default password', async () => {
    const answer = await api.request('/__sim/config');
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, {
      public_client_id: SIMULATOR_DEFAULTS.publicClientId,
      issuer: `${sim.url}/`,
      tenant_name: SIMULATOR_DEFAULTS.tenantName,
      default_password: DEFAULT_PASSWORD,
    });
    const chosen = createSimulator({ publicClientId: 'my-spa', tenantName: 'Acme', issuer: 'https://acme.test/' });
    const config = await (await chosen.fetch(new Request('http://sim.test/__sim/config'))).json();
    assert.deepEqual([config.public_client_id, config.tenant_name, config.issuer], ['my-spa', 'Acme', 'https://acme.test/']);
  });

  test('GET /__sim/totp: [{authenticator_id, active, code, used, remaining_s, secret}]', async () => {
    const user = await newUser(api);
    const associated = await api.associate(user.mfa_token, { authenticator_types: ['otp'] });
    await alignToStep(api);
    const [pending] = (await wire.totp(user.user_id)).body;
    assert.deepEqual(keys(pending), ['active', 'authenticator_id', 'code', 'remaining_s', 'secret', 'used']);
    assert.equal(pending.secret, associated.body.secret, 'the secret the QR code carried');
    assert.equal(pending.active, false);
    assert.equal(pending.used, false);
    assert.equal(pending.code, await api.code(associated.body.secret));
    assert.ok(pending.remaining_s >= 1 && pending.remaining_s <= 30);
    assert.equal((await api.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: pending.code })).status, 200);
    const [confirmed] = (await wire.totp(user.user_id)).body;
    assert.deepEqual([confirmed.active, confirmed.used], [true, true], 'Auth0 took this code: the app shows it used');
    await wire.advance(30);
    assert.equal((await wire.totp(user.user_id)).body[0].used, false, 'the next code is fresh');
    assertError(await api.request('/__sim/totp?user_id=nobody'), 404, 'not_found');
  });

  test('the clock: GET and POST /__sim/clock {advance_s}, and clock.advance() in process', async () => {
    const before = await wire.now();
    const moved = await wire.advance(90);
    assert.deepEqual(keys(moved.body), ['now']);
    const after = Date.parse(moved.body.now);
    assert.ok(after - before >= 90_000 && after - before < 95_000, `${after - before} ms`);

    sim.running.simulator.clock.advance(30);
    const later = await wire.now();
    assert.ok(later - after >= 30_000 && later - after < 35_000);
    assertError(await wire.advance(-5), 400, 'invalid_request');
  });

  test('a clock runs with real time plus the offset; a frozen one moves only when advanced', async () => {
    const real = createSimulator().clock;
    const frozen = createSimulator({ frozenClock: true }).clock;
    const [realStart, frozenStart] = [real.now(), frozen.now()];
    assert.ok(Math.abs(realStart - Date.now()) < 1_000, 'real time');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(real.now() > realStart, 'the real clock moved by itself');
    assert.equal(frozen.now(), frozenStart, 'the frozen clock did not');
    frozen.advance(600);
    assert.equal(frozen.now(), frozenStart + 600_000);
    frozen.reset();
    assert.equal(frozen.now(), frozenStart);
  });
});

describe('faults', () => {
  test('status: the next matching request gets it, once by default; control paths never', async () => {
    const created = await wire.fault({ path: '/mfa/', status: 503 });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, { path: '/mfa/', status: 503, count: 1 });
    assert.equal((await api.request('/.well-known/jwks.json')).status, 200, 'another path is untouched');
    assert.equal((await wire.createUser()).status, 201, 'the control API is untouched');
    const user = await newUser(api);
    assertError(await api.authenticators(user.mfa_token), 503, 'server_error');
    assert.equal((await api.authenticators(user.mfa_token)).status, 200);
  });

  test('count, 429 with Retry-After, and DELETE clears', async () => {
    const user = await newUser(api);
    await wire.fault({ path: '/mfa/authenticators', status: 500, count: 2 });
    assert.equal((await api.authenticators(user.mfa_token)).status, 500);
    assert.equal((await api.authenticators(user.mfa_token)).status, 500);
    assert.equal((await api.authenticators(user.mfa_token)).status, 200);

    await wire.fault({ path: '/oauth/token', status: 429 });
    const limited = await api.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: '123456' });
    assertError(limited, 429, 'too_many_requests', 'Rate limit exceeded.');
    assert.equal(limited.headers.get('retry-after'), '1');

    await wire.fault({ status: 502, count: 5 });
    assert.deepEqual((await wire.clearFaults()).body, { status: 'cleared' });
    assert.equal((await api.authenticators(user.mfa_token)).status, 200);
  });

  test('latency delays the answer', async () => {
    await wire.fault({ path: '/.well-known/jwks.json', latency_ms: 150 });
    const started = performance.now();
    const answer = await api.request('/.well-known/jwks.json');
    assert.equal(answer.status, 200);
    assert.ok(performance.now() - started >= 140, 'delayed');
  });

  test('drop: the client sees a connection error, then the server answers again', async () => {
    await wire.fault({ path: '/mfa/challenge', drop: true });
    await assert.rejects(api.challenge({ mfa_token: 'x', challenge_type: 'otp' }), TypeError);
    assertError(await api.challenge({ mfa_token: 'x', challenge_type: 'otp' }), 403, 'invalid_grant');
  });

  test('an invalid fault is refused and stores nothing', async () => {
    for (const fault of [{ status: 302 }, { count: -1 }, { latency_ms: -1 }, { drop: 1 }]) assertError(await wire.fault(fault), 400, 'invalid_request');
    assert.deepEqual(sim.running.simulator.faults, []);
  });
});

test('POST /__sim/reset forgets users, tokens, outbox, faults and the moved clock', async () => {
  const user = await newUser(api);
  await enrollOtp(api, user);
  await enrollOob(api, user, 'sms', '+14155550177', (await wire.accessToken(user.user_id)).body.access_token);
  assert.ok(await lastCode(api, user, 'sms'));
  const before = await wire.now();
  await wire.advance(3600);
  await wire.fault({ path: '/mfa/', status: 500 });

  assert.deepEqual((await wire.reset()).body, { status: 'reset' });
  assertError(await wire.mfaToken(user.user_id), 404, 'not_found');
  assertError(await api.authenticators(user.mfa_token), 401, 'invalid_grant');
  assert.deepEqual((await api.request('/__sim/outbox')).body, []);
  // The file's simulator has a frozen clock: with every offset gone, it stands at or before where it was.
  assert.ok((await wire.now()) <= before, 'the moved clock is back');
  assert.deepEqual(sim.running.simulator.faults, []);
});

describe('command line', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const cli = (...args: string[]) => spawn(process.execPath, ['--import', 'tsx', 'src/simulator/cli.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });

  async function output(child: ReturnType<typeof cli>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(child, 'close');
    return { code, stdout, stderr };
  }

  /** The URL the simulator prints once it listens. */
  const listening = (child: ReturnType<typeof cli>) =>
    new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout!.on('data', (chunk) => {
        stdout += chunk;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });

  test('--port 0 prints the URL it listens on, and answers there', async () => {
    const child = cli('--port', '0', '--client-id', 'cli-client', '--tenant-name', 'CLI Tenant');
    try {
      const url = await listening(child);
      const discovery = await (await fetch(`${url}/.well-known/openid-configuration`)).json();
      assert.equal(discovery.issuer, `${url}/`);
      const user = await (await fetch(`${url}/__sim/users`, { method: 'POST' })).json();
      const associated = await fetch(`${url}/mfa/associate`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${user.mfa_token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ authenticator_types: ['otp'] }),
      });
      assert.match((await associated.json()).barcode_uri, /issuer=CLI%20Tenant/);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'close');
    }
  });

  test('--mfa-requirements and --sms-and-voice turn on their tenant settings', async () => {
    const child = cli('--port', '0', '--mfa-requirements', '--sms-and-voice', '--rate-limit', 'off');
    try {
      const url = await listening(child);
      const cliApi = mfaApi({ base: url, control: url, client: { client_id: SIMULATOR_DEFAULTS.clientId, client_secret: SIMULATOR_DEFAULTS.clientSecret } });
      const user = await cliApi.newUser();
      const login = await cliApi.token({ grant_type: 'password', username: user.email, password: DEFAULT_PASSWORD });
      assert.deepEqual(login.body.mfa_requirements, { challenge: [{ type: 'email' }] });
      await cliApi.associate(user.mfa_token, { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: '+14155550123' });
      const listed = await cliApi.authenticators(user.mfa_token);
      assert.equal(listed.headers.get('x-ratelimit-limit'), null, '--rate-limit off');
      const list = listed.body;
      assert.deepEqual(list.map((a: { oob_channel?: string }) => a.oob_channel).filter(Boolean), ['sms', 'voice', 'email']);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'close');
    }
  });

  test('--help prints the options and exits 0', async () => {
    const { code, stdout } = await output(cli('--help'));
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: mfa-simulator/);
    for (const option of ['--port', '--host', '--client-id', '--client-secret', '--public-client-id', '--web-origin', '--issuer', '--tenant-name', '--mfa-requirements', '--sms-and-voice', '--rate-limit', '--no-control']) {
      assert.ok(stdout.includes(option), option);
    }
  });

  test('a bad option or port exits 2 with a message', async () => {
    const unknown = await output(cli('--nope'));
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Usage/);
    const limit = await output(cli('--rate-limit', 'lots'));
    assert.equal(limit.code, 2);
    assert.match(limit.stderr, /Invalid --rate-limit/);
    const port = await output(cli('--port', 'eighty'));
    assert.equal(port.code, 2);
    assert.match(port.stderr, /Invalid --port/);
  });
});
