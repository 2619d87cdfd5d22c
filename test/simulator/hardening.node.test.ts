/**
 * Malformed and hostile requests: each gets a JSON error with a 4xx status, never a 500 or a
 * crash. Then a bounded, seeded fuzz loop, and CORS.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Answer, MfaApi } from '../support/mfa-api.ts';
import {
  BEARER_INVALID,
  CLIENT,
  accessToken,
  enrollOtp,
  listOf,
  mfaToken,
  newUser,
  show,
  startSimulator,
  type TestUser,
} from './setup.ts';

const ORIGIN = 'https://app.example.com';

let sim: Awaited<ReturnType<typeof startSimulator>>;
let api: MfaApi;
let user: TestUser;
before(async () => {
  sim = await startSimulator({ webOrigins: [ORIGIN] });
  api = sim.api;
  user = await newUser(api);
  await enrollOtp(api, user);
});
after(() => sim.close());

const POST_PATHS = ['/mfa/associate', '/mfa/challenge', '/oauth/token', '/__sim/users', '/__sim/clock', '/__sim/faults'];

function assertJsonError(answer: Answer, status?: number, description?: string): void {
  const context = `${answer.status} ${show(answer.body)}`;
  if (status) assert.equal(answer.status, status, context);
  assert.ok(answer.status >= 400 && answer.status < 500, context);
  assert.match(answer.headers.get('content-type') ?? '', /^application\/json\b/, context);
  assert.equal(typeof answer.body?.error, 'string', context);
  assert.equal(typeof answer.body?.error_description, 'string', context);
  if (description) assert.equal(answer.body.error_description, description);
}

const post = (path: string, body: BodyInit | undefined, contentType?: string, headers: Record<string, string> = {}) =>
  api.request(path, { method: 'POST', headers: { ...(contentType && { 'Content-Type': contentType }), ...headers }, body });

describe('malformed bodies', () => {
  test('bad JSON, and JSON that is not an object', async () => {
    for (const path of POST_PATHS) {
      for (const body of ['{', '{"a":', "{'a':1}", 'undefined', '[]', '[{"a":1}]', '"text"', '42', 'null', 'true', '\u0000']) {
        assertJsonError(await post(path, body, 'application/json'), 400, 'The request body is not valid JSON.');
      }
    }
  });

  test('a content type that is neither JSON nor a form: 415', async () => {
    for (const path of POST_PATHS) {
      for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/jsonx']) {
        assertJsonError(await post(path, '{"a":1}', type), 415);
      }
      // No content type at all, with a body.
      assertJsonError(await post(path, new Blob(['{"a":1}']), undefined), 415);
    }
  });

  test('a body over 64 KiB: 413, declared or streamed', async () => {
    const big = `{"mfa_token":"${'x'.repeat(64 * 1024)}"}`;
    assertJsonError(await post('/mfa/challenge', big, 'application/json'), 413, 'The request body is too large.');
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(8 * 1024)));
        controller.close();
      },
    });
    assertJsonError(
      await api.request('/oauth/token', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: stream, duplex: 'half' } as RequestInit),
      413,
    );
    // The unread rest of a refused body must not leave a dead keep-alive connection behind.
    for (let i = 0; i < 3; i++) assert.equal((await api.request('/.well-known/jwks.json')).status, 200);
    // Exactly 64 KiB is read, and refused for what it says.
    const limit = `{"challenge_type":"otp","mfa_token":"${'x'.repeat(64 * 1024 - 40)}"}`;
    const padded = limit.replace('"otp"', `"otp${' '.repeat(64 * 1024 - limit.length)}"`);
    assert.equal(Buffer.byteLength(padded), 64 * 1024);
    assertJsonError(await post('/mfa/challenge', padded, 'application/json'), 400);
  });

  test('an oversized field: 400 Invalid parameter', async () => {
    const long = 'x'.repeat(5000);
    assertJsonError(await post('/mfa/challenge', JSON.stringify({ ...CLIENT, mfa_token: long, challenge_type: 'otp' }), 'application/json'), 400, 'Invalid parameter: mfa_token');
    const form = new URLSearchParams({ ...CLIENT, grant_type: 'http://auth0.com/oauth/grant-type/mfa-otp', mfa_token: await mfaToken(api, user), otp: long });
    assertJsonError(await post('/oauth/token', form.toString(), 'application/x-www-form-urlencoded'), 400, 'Invalid parameter: otp');
    assertJsonError(await api.associate(await accessToken(api, user), { authenticator_types: ['o'.repeat(100)] }), 400, 'Invalid parameter: authenticator_types');
    assertJsonError(await post('/__sim/users', JSON.stringify({ email: `${long}@example.com` }), 'application/json'), 400);
  });

  test('missing fields: 400 Missing required parameter', async () => {
    const token = await mfaToken(api, user);
    const grants = { otp: 'otp', oob: 'oob_code', 'recovery-code': 'recovery_code' } as const;
    assertJsonError(await api.token({}), 400, 'Missing required parameter: grant_type');
    for (const [grant, field] of Object.entries(grants)) {
      assertJsonError(await api.token({ grant_type: `http://auth0.com/oauth/grant-type/mfa-${grant}` }), 400, 'Missing required parameter: mfa_token');
      assertJsonError(await api.token({ grant_type: `http://auth0.com/oauth/grant-type/mfa-${grant}`, mfa_token: token }), 400, `Missing required parameter: ${field}`);
    }
    assertJsonError(await api.token({ grant_type: 'password', username: user.email }), 400, 'Missing required parameter: password');
    assertJsonError(await api.challenge({}), 400, 'Missing required parameter: mfa_token');
    assertJsonError(await api.associate(await accessToken(api, user), {}), 400, 'Missing required parameter: authenticator_types');
    assertJsonError(await api.associate(await accessToken(api, user), { authenticator_types: ['oob'] }), 400, 'Missing required parameter: oob_channels');
    assertJsonError(await post('/__sim/clock', '{}', 'application/json'), 400);
    assertJsonError(await post('/mfa/challenge', '', 'application/json'), 400);
  });

  test('fields of the wrong type: 400 invalid_request', async () => {
    const token = await mfaToken(api, user);
    const access = await accessToken(api, user);
    const json = (path: string, body: unknown, bearer?: string) =>
      post(path, JSON.stringify(body), 'application/json', bearer ? { Authorization: `Bearer ${bearer}` } : {});
    const cases: [string, unknown, string?][] = [
      ['/mfa/challenge', { ...CLIENT, mfa_token: 123, challenge_type: 'otp' }],
      ['/mfa/challenge', { ...CLIENT, mfa_token: [token], challenge_type: 'otp' }],
      ['/mfa/challenge', { ...CLIENT, mfa_token: token, challenge_type: ['otp'] }],
      ['/mfa/challenge', { ...CLIENT, mfa_token: token, challenge_type: 'otp', authenticator_id: { id: 1 } }],
      ['/mfa/challenge', { ...CLIENT, mfa_token: token, challenge_type: 'sms' }],
      ['/mfa/challenge', { client_id: 7, mfa_token: token, challenge_type: 'otp' }],
      ['/mfa/challenge', { ...CLIENT, client_secret: true, mfa_token: token, challenge_type: 'otp' }],
      ['/oauth/token', { ...CLIENT, grant_type: 'http://auth0.com/oauth/grant-type/mfa-otp', mfa_token: token, otp: 123456 }],
      ['/oauth/token', { ...CLIENT, grant_type: ['password'] }],
      ['/mfa/associate', { authenticator_types: [1] }, access],
      ['/mfa/associate', { authenticator_types: [{}] }, access],
      ['/mfa/associate', { authenticator_types: 5 }, access],
      ['/mfa/associate', { authenticator_types: [] }, access],
      ['/mfa/associate', { authenticator_types: ['oob'], oob_channels: [null] }, access],
      ['/mfa/associate', { authenticator_types: ['oob'], oob_channels: ['email'], email: ['a@example.com'] }, access],
      ['/mfa/associate', { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: 4155550123 }, access],
      ['/__sim/users', { email: 5 }],
      ['/__sim/users', { phone_number: '12' }],
      ['/__sim/clock', { advance_s: '10' }],
      ['/__sim/clock', { advance_s: -1 }],
      ['/__sim/clock', { advance_s: 1e12 }],
      ['/__sim/faults', { status: 200 }],
      ['/__sim/faults', { status: '503' }],
      ['/__sim/faults', { count: 0 }],
      ['/__sim/faults', { latency_ms: 1e9 }],
      ['/__sim/faults', { drop: 'yes' }],
      ['/__sim/faults', { path: 7 }],
      [`/__sim/users/${encodeURIComponent(user.user_id)}/access-token`, { scope: ['enroll'] }],
    ];
    for (const [path, body, bearer] of cases) {
      const answer = await json(path, body, bearer);
      assertJsonError(answer, 400);
      assert.equal(answer.body.error, 'invalid_request', `${path} ${show(body)}`);
    }
    assert.deepEqual(sim.running.simulator.faults, [], 'no fault was stored');
  });
});

describe('lone surrogates', () => {
  test('an email holding one is invalid: 400, nothing created, nothing left pending', async () => {
    for (const email of ['a\uD800@example.com', 'a@exa\uDC00mple.com', 'a@example.co\uD83D']) {
      assertJsonError(await post('/__sim/users', JSON.stringify({ email }), 'application/json'), 400, 'The email is invalid.');
      const fresh = await newUser(api, { email_verified: false });
      const associated = await api.associate(fresh.mfa_token, { authenticator_types: ['oob'], oob_channels: ['email'], email });
      assertJsonError(associated, 400, 'The email is invalid.');
      assert.deepEqual(await listOf(api, fresh), [], show(email));
    }
    // A well-formed pair (an emoji) is one character, still accepted.
    await newUser(api, { email: 'a\uD83D\uDE00@example.com' });
  });
});

describe('paths, methods and ids', () => {
  test('unknown paths: 404', async () => {
    for (const path of ['/', '/mfa', '/mfa/', '/mfa/unknown', '/oauth/token/x', '/oauth/revoke', '/__sim/nope', '/.well-known/x', '/%', '/%E0%A4%A', '/..%2F..%2Fetc%2Fpasswd', '/mfa/authenticators/a/b', '/mfa/authenticators/', '/MFA/ASSOCIATE']) {
      for (const method of ['GET', 'POST', 'DELETE']) {
        assertJsonError(await api.request(path, { method, headers: { 'Content-Type': 'application/json' }, body: method === 'GET' ? undefined : '{}' }), 404);
      }
    }
  });

  test('wrong methods: 405 with Allow', async () => {
    const cases: [string, string, string][] = [
      ['GET', '/mfa/associate', 'POST'],
      ['PUT', '/mfa/authenticators', 'GET'],
      ['POST', '/mfa/authenticators', 'GET'],
      ['POST', '/mfa/authenticators/totp%7Cdev_x', 'DELETE'],
      ['GET', '/mfa/challenge', 'POST'],
      ['PATCH', '/oauth/token', 'POST'],
      ['DELETE', '/oauth/token', 'POST'],
      ['POST', '/.well-known/jwks.json', 'GET'],
      ['PUT', '/__sim/faults', 'POST, DELETE'],
    ];
    for (const [method, path, allow] of cases) {
      const answer = await api.request(path, { method });
      assertJsonError(answer, 405);
      assert.equal(answer.headers.get('allow'), allow, `${method} ${path}`);
    }
  });

  test('weird authenticator ids in DELETE: 404 with a token, 401 without', async () => {
    const token = await accessToken(api, user);
    for (const id of ['%E0%A4%A', '%', '%%', '%00', '%ZZ', 'totp%7C', '%2F', 'totp%7Cdev_%F0%9F%92%A9', 'x'.repeat(3000), '%C0%AF', encodeURIComponent('push|dev_<script>')]) {
      assertJsonError(await api.request(`/mfa/authenticators/${id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } }), 404);
      assertJsonError(await api.request(`/mfa/authenticators/${id}`, { method: 'DELETE' }), 401, BEARER_INVALID);
    }
    // Dot segments resolve to /mfa/, a path of no route.
    for (const id of ['..', '%2E%2E', '.%2e']) {
      assertJsonError(await api.request(`/mfa/authenticators/${id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } }), 404);
    }
    assert.equal((await api.authenticators(token)).body.length, 3, 'nothing was deleted: email, totp, recovery code');
  });

  test('odd ids on the control API: 404, never a crash', async () => {
    for (const id of ['%E0%A4%A', '%', 'nobody', 'x'.repeat(3000)]) {
      for (const path of [`/__sim/users/${id}/mfa-token`, `/__sim/users/${id}/access-token`, `/__sim/guardian/enrollments/${id}/confirm`, `/__sim/guardian/challenges/${id}/approve`]) {
        assertJsonError(await post(path, '{}', 'application/json'), 404);
      }
    }
  });

  test('a Host header that makes no URL is answered 400 JSON, and the server lives on', async () => {
    const { port } = new URL(sim.url);
    for (const host of ['a b', '[', 'exa mple.com:80', '%']) {
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () =>
          socket.end(`GET /mfa/authenticators HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
        );
        let data = '';
        socket.on('data', (chunk) => (data += chunk));
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
      });
      assert.match(raw, /^HTTP\/1\.1 4\d\d /, `Host: ${host}`);
      assert.match(raw, /content-type: application\/json/i);
      assert.match(raw, /"error":"/);
    }
    assert.equal((await api.request('/.well-known/jwks.json')).status, 200);
  });
});

describe('fuzz', () => {
  /** mulberry32: a tiny seeded PRNG, so a failure replays the same requests. */
  function prng(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  test('300 seeded random requests: every answer is JSON with a status under 500', async () => {
    const random = prng(0x5eed);
    const int = (n: number) => Math.floor(random() * n);
    const pick = <T>(items: readonly T[]): T => items[int(items.length)];
    const token = await mfaToken(api, user);
    const access = await accessToken(api, user);

    const FIELDS = ['client_id', 'client_secret', 'mfa_token', 'grant_type', 'otp', 'oob_code', 'binding_code', 'recovery_code', 'challenge_type',
      'authenticator_id', 'authenticator_types', 'oob_channels', 'email', 'phone_number', 'username', 'password', 'scope', 'advance_s', '__proto__', 'constructor'];
    const STRINGS = ['', 'otp', 'oob', 'otp oob', 'auth0', 'sms', 'email', 'voice', '123456', '+14155550123', 'a@b.co', CLIENT.client_id, CLIENT.client_secret,
      'http://auth0.com/oauth/grant-type/mfa-otp', 'http://auth0.com/oauth/grant-type/mfa-oob', 'http://auth0.com/oauth/grant-type/mfa-recovery-code', 'password',
      token, access, 'Fe26.2*SIM*x', '%E0%A4%A', '\u0000', '😀', '\ud800', 'x'.repeat(5000)];
    const value = (depth = 0): unknown => {
      switch (int(depth > 1 ? 5 : 8)) {
        case 0: return pick(STRINGS);
        case 1: return int(2) ? int(1e6) : random() * -1e20;
        case 2: return null;
        case 3: return int(2) === 1;
        case 4: return Array.from({ length: int(500) }, () => 'x').join('');
        case 5: return Array.from({ length: int(4) }, () => value(depth + 1));
        case 6: return Object.fromEntries(Array.from({ length: int(3) }, () => [pick(FIELDS), value(depth + 1)]));
        default: return pick(STRINGS);
      }
    };
    const object = () => Object.fromEntries(Array.from({ length: int(7) }, () => [pick(FIELDS), value()]));
    const bodies = [
      () => JSON.stringify(object()),
      () => JSON.stringify(object()).slice(0, int(40)),
      () => new URLSearchParams(Object.entries(object()).map(([k, v]) => [k, String(v)])).toString(),
      () => JSON.stringify(value()),
      () => Buffer.from(Array.from({ length: int(200) }, () => int(256))),
      () => '',
      () => undefined,
    ];
    // Routes with their method; fault injection and reset are left out: a fault's 5xx or dropped
    // connection is what it is for.
    const uid = encodeURIComponent(user.user_id);
    const ROUTES: [string, string][] = [['POST', '/mfa/associate'], ['GET', '/mfa/authenticators'], ['DELETE', '/mfa/authenticators/totp%7Cdev_x'],
      ['POST', '/mfa/challenge'], ['POST', '/oauth/token'], ['GET', '/userinfo'], ['GET', '/.well-known/openid-configuration'],
      ['GET', '/.well-known/jwks.json'], ['POST', '/__sim/users'], ['POST', `/__sim/users/${uid}/mfa-token`], ['POST', `/__sim/users/${uid}/access-token`],
      ['GET', '/__sim/outbox'], ['GET', '/__sim/guardian'], ['POST', '/__sim/guardian/enrollments/x/confirm'], ['POST', '/__sim/guardian/challenges/x/approve'],
      ['GET', `/__sim/totp?user_id=${uid}`], ['POST', '/__sim/clock']];
    const SUFFIXES = ['/', '/x', '%', '%E0%A4%A', '?user_id=%', '/..', '//', '?a=%00'];
    const TYPES = ['text/plain', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'multipart/form-data', 'application/x-www-form-urlencoded;charset=x'];
    const AUTH = [undefined, `Bearer ${token}`, `Bearer ${access}`, 'Bearer', 'Bearer x.y.z', 'Basic %%%', `Basic ${btoa('%E0:%')}`, `Basic ${btoa(`${CLIENT.client_id}:${CLIENT.client_secret}`)}`];

    for (let i = 0; i < 300; i++) {
      // Mostly well-formed requests with odd contents, some with odd methods and paths.
      let [method, path] = pick(ROUTES);
      if (int(5) === 0) method = pick(['GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS']);
      if (int(5) === 0) path += pick(SUFFIXES);
      const headers: Record<string, string> = {};
      const kind = int(bodies.length);
      const body = method === 'GET' ? undefined : bodies[kind]();
      const type = int(5) === 0 ? pick([...TYPES, undefined]) : kind === 2 ? 'application/x-www-form-urlencoded' : 'application/json';
      if (type) headers['Content-Type'] = type;
      const auth = pick(AUTH);
      if (auth) headers.Authorization = auth;
      if (int(4) === 0) headers.Origin = pick([ORIGIN, 'https://evil.example', 'null']);
      const what = `#${i} ${method} ${path} ${type ?? ''}`;

      const answer = await api.request(path, { method, headers, body });
      assert.ok(answer.status < 500, `${what}: ${answer.status} ${show(answer.body)}`);
      if (answer.status === 204) {
        assert.equal(answer.body, undefined, what);
        continue;
      }
      assert.match(answer.headers.get('content-type') ?? '', /^application\/json\b/, what);
      assert.equal(typeof answer.body, 'object', `${what}: not JSON`);
    }
    assert.equal((await api.request('/.well-known/jwks.json')).status, 200, 'still serving');
  });
});

describe('CORS', () => {
  test('an allowed origin gets Access-Control-Allow-Origin, on answers and errors alike', async () => {
    for (const [path, status] of [['/.well-known/openid-configuration', 200], ['/mfa/authenticators', 401]] as const) {
      const answer = await api.request(path, { headers: { Origin: ORIGIN } });
      assert.equal(answer.status, status);
      assert.equal(answer.headers.get('access-control-allow-origin'), ORIGIN);
      assert.match(answer.headers.get('vary') ?? '', /Origin/);
      const exposed = answer.headers.get('access-control-expose-headers') ?? '';
      for (const header of ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']) assert.ok(exposed.includes(header), header);
    }
  });

  test('other origins get none', async () => {
    for (const origin of ['https://evil.example', 'null', `${ORIGIN}.evil.example`, 'http://app.example.com', `${ORIGIN}:8443`]) {
      const answer = await api.request('/.well-known/openid-configuration', { headers: { Origin: origin } });
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('access-control-allow-origin'), null, origin);
    }
    assert.equal((await api.request('/.well-known/openid-configuration')).headers.get('access-control-allow-origin'), null);
  });

  test('preflight: the allowed origin may POST and DELETE with Authorization and Content-Type', async () => {
    const preflight = (path: string, origin: string, method: string) =>
      api.request(path, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': 'authorization,content-type' },
      });
    for (const [path, method] of [['/mfa/associate', 'POST'], ['/mfa/authenticators/totp%7Cdev_x', 'DELETE'], ['/oauth/token', 'POST']]) {
      const allowed = await preflight(path, ORIGIN, method);
      assert.equal(allowed.status, 204);
      assert.equal(allowed.headers.get('access-control-allow-origin'), ORIGIN);
      assert.ok(allowed.headers.get('access-control-allow-methods')!.split(/,\s*/).includes(method));
      const headers = allowed.headers.get('access-control-allow-headers')!.toLowerCase().split(/,\s*/);
      assert.ok(headers.includes('authorization') && headers.includes('content-type'));
      assert.ok(Number(allowed.headers.get('access-control-max-age')) > 0);

      const refused = await preflight(path, 'https://evil.example', method);
      assert.ok(refused.status < 500);
      assert.equal(refused.headers.get('access-control-allow-origin'), null);
      assert.equal(refused.headers.get('access-control-allow-methods'), null);
    }
  });
});
