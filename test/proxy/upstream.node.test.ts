/**
 * Upstream as it is: its answers pass through unchanged; when it is down, slow or answers garbage,
 * the proxy says so in JSON. And 200 users at once each get their own answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { serveMfaProxy, type RunningMfaProxy } from '../../src/proxy/node.ts';
import { totp } from '../../src/simulator/totp.ts';
import { GRANTS } from '../support/mfa-api.ts';
import { CLIENT, call, closedUrl, fakeUpstream, startStack, type Stack } from './setup.ts';

const proxyTo = (upstream: string, timeoutMs = 200) =>
  serveMfaProxy({ upstream, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret, timeoutMs });

function assertProxyError(answer: { status: number; headers: Headers; body: any }, status: number, error: string) {
  assert.equal(answer.status, status, String(answer.body?.error));
  assert.equal(answer.body.error, error);
  assert.equal(typeof answer.body.error_description, 'string');
  assert.match(answer.headers.get('content-type')!, /^application\/json/);
  assert.equal(answer.headers.get('cache-control'), 'no-store');
}

const challenge = (proxy: RunningMfaProxy) =>
  call(`${proxy.url}/mfa/challenge`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ mfa_token: 'm', challenge_type: 'otp' }),
  });

describe('when upstream fails', () => {
  test('down: 502 upstream_unreachable', async () => {
    const proxy = await proxyTo(await closedUrl());
    try {
      assertProxyError(await challenge(proxy), 502, 'upstream_unreachable');
      assertProxyError(await call(`${proxy.url}/mfa/authenticators`, { headers: { Authorization: 'Bearer t' } }), 502, 'upstream_unreachable');
    } finally {
      await proxy.close();
    }
  });

  test('slow beyond the timeout, before the headers or in the body: 504 upstream_timeout', async () => {
    const silent = await fakeUpstream(() => {
      // Never answers.
    });
    const stalling = await fakeUpstream((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"challenge_type":');
    });
    const proxies = [await proxyTo(silent.url), await proxyTo(stalling.url)];
    try {
      for (const proxy of proxies) {
        const started = Date.now();
        assertProxyError(await challenge(proxy), 504, 'upstream_timeout');
        const elapsed = Date.now() - started;
        assert.ok(elapsed >= 190 && elapsed < 2000, `answered after ${elapsed} ms`);
      }
      assert.equal(silent.requests(), 1);
      assert.equal(stalling.requests(), 1);
    } finally {
      await Promise.all([...proxies.map((p) => p.close()), silent.close(), stalling.close()]);
    }
  });

  test('answering garbage: 502 upstream_invalid_response', async () => {
    const answers: [number, string, string][] = [
      [200, 'text/html', '<html>Welcome to nginx</html>'],
      [200, 'application/json', '{"challenge_type":'],
      [200, 'application/json', ''],
      [500, 'text/html', '<h1>Internal Server Error</h1>'],
      [503, 'text/plain', 'upstream connect error'],
    ];
    for (const [status, type, body] of answers) {
      const upstream = await fakeUpstream((_req, res) => {
        res.writeHead(status, { 'Content-Type': type });
        res.end(body);
      });
      const proxy = await proxyTo(upstream.url);
      try {
        const answer = await challenge(proxy);
        assertProxyError(answer, 502, 'upstream_invalid_response');
        assert.ok(!answer.text.includes(body || '\u0000'), 'upstream garbage reached the browser');
      } finally {
        await proxy.close();
        await upstream.close();
      }
    }
  });

  test('dropping the connection: 502; a redirect is not followed', async () => {
    const dropping = await fakeUpstream((req) => req.socket.destroy());
    const elsewhere = await fakeUpstream((_req, res) => res.end('{}'));
    const redirecting = await fakeUpstream((_req, res) => {
      res.writeHead(307, { Location: `${elsewhere.url}/oauth/token` });
      res.end();
    });
    const proxies = [await proxyTo(dropping.url), await proxyTo(redirecting.url)];
    try {
      assertProxyError(await challenge(proxies[0]), 502, 'upstream_unreachable');
      assertProxyError(await challenge(proxies[1]), 502, 'upstream_invalid_response');
      assert.equal(elsewhere.requests(), 0, 'the request body, client secret included, followed a redirect');
    } finally {
      await Promise.all([...proxies.map((p) => p.close()), dropping.close(), elsewhere.close(), redirecting.close()]);
    }
  });
});

describe('upstream answers pass through', () => {
  test('status, JSON body byte for byte, Retry-After and X-RateLimit-*; no other upstream header', async () => {
    const body = '{ "error": "too_many_requests",  "error_description": "Rate limit exceeded." }';
    const upstream = await fakeUpstream((_req, res) => {
      res.writeHead(429, {
        'Content-Type': 'application/json',
        'Retry-After': '42',
        'X-RateLimit-Limit': '10',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': '1700000000',
        'Set-Cookie': 'upstream=1',
        'X-Upstream-Internal': 'yes',
        'Cache-Control': 'public, max-age=3600',
      });
      res.end(body);
    });
    const proxy = await proxyTo(upstream.url);
    try {
      const answer = await challenge(proxy);
      assert.equal(answer.status, 429);
      assert.equal(answer.text, body);
      assert.equal(answer.headers.get('retry-after'), '42');
      assert.equal(answer.headers.get('x-ratelimit-limit'), '10');
      assert.equal(answer.headers.get('x-ratelimit-remaining'), '0');
      assert.equal(answer.headers.get('x-ratelimit-reset'), '1700000000');
      assert.equal(answer.headers.get('set-cookie'), null);
      assert.equal(answer.headers.get('x-upstream-internal'), null);
      assert.equal(answer.headers.get('cache-control'), 'no-store');
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  test('the simulator’s injected errors and drops, as the elements would see them', async () => {
    const stack = await startStack();
    try {
      const user = await stack.direct.newUser();
      for (const api of [stack.direct, stack.proxied]) {
        await api.sim.faults.inject({ path: '/mfa/authenticators', status: 503 });
        const failed = await api.authenticators(user.mfa_token);
        assert.equal(failed.status, 503);
        assert.equal((failed.body as any).error, 'server_error');
        await api.sim.faults.inject({ path: '/mfa/challenge', status: 429 });
        const limited = await api.challenge({ mfa_token: user.mfa_token, challenge_type: 'otp' });
        assert.equal(limited.status, 429);
        assert.equal(limited.headers.get('retry-after'), '1');
      }
      await stack.direct.sim.faults.inject({ path: '/oauth/token', drop: true });
      const dropped = await stack.proxied.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: '123456' });
      assert.equal(dropped.status, 502);
      assert.equal(dropped.body.error, 'upstream_unreachable');
      await stack.direct.sim.faults.inject({ path: '/mfa/challenge', latency_ms: 300 });
      const slowProxy = await serveMfaProxy({ upstream: stack.upstreamUrl, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret, timeoutMs: 100 });
      try {
        assertProxyError(await challenge(slowProxy), 504, 'upstream_timeout');
      } finally {
        await slowProxy.close();
      }
    } finally {
      await stack.close();
    }
  });
});

describe('200 concurrent requests for different users', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  test('every answer reaches the request that asked for it', async () => {
    const USERS = 200;
    const users = await Promise.all(Array.from({ length: USERS }, () => stack.direct.newUser()));
    const secrets = await Promise.all(
      users.map(async (user) => {
        const associated = await stack.proxied.associate(user.mfa_token, { authenticator_types: ['otp'] });
        assert.equal(associated.status, 200);
        return associated.body.secret as string;
      }),
    );
    assert.equal(new Set(secrets).size, USERS);
    const now = (await stack.direct.sim.clock.now()).getTime();
    const codes = await Promise.all(secrets.map((secret) => totp(secret, now)));
    // The code of one user is wrong for every other: a crossed answer cannot pass.
    const answers = await Promise.all(
      users.map((user, i) => stack.proxied.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: codes[i] })),
    );
    answers.forEach((answer, i) => {
      assert.equal(answer.status, 200, JSON.stringify(answer.body?.error));
      const claims = JSON.parse(Buffer.from(answer.body.id_token.split('.')[1], 'base64url').toString());
      assert.equal(claims.sub, users[i].user_id);
    });
    const lists = await Promise.all(users.map((user) => stack.proxied.authenticators(user.mfa_token)));
    lists.forEach((list, i) => {
      assert.equal(list.status, 200);
      const otp = list.body.find((a: any) => a.authenticator_type === 'otp');
      assert.equal(otp.active, true, `user ${i}`);
    });
  });
});
