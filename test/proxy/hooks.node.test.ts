/** The application's hooks (onTokens, rateLimit, log), CORS, and Cache-Control on every answer. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { MfaProxyOptions, ProxyLogEntry, RateLimitContext, TokenContext } from '../../src/proxy/index.ts';
import { GRANTS, type MfaApi } from '../support/mfa-api.ts';
import { CLIENT, call, startStack, type Stack } from './setup.ts';

const APP = 'https://app.example.com';

/** Hooks the tests swap; the proxy calls whichever is current. */
const hooks: {
  onTokens?: MfaProxyOptions['onTokens'];
  rateLimit?: MfaProxyOptions['rateLimit'];
} = {};
const logEntries: ProxyLogEntry[] = [];

let stack: Stack;
let api: MfaApi;
before(async () => {
  stack = await startStack({
    allowedOrigins: [APP],
    onTokens: (tokens, context) => hooks.onTokens?.(tokens, context),
    rateLimit: (context) => hooks.rateLimit?.(context),
    log: (entry) => {
      logEntries.push(entry);
    },
  });
  api = stack.proxied;
});
after(() => stack.close());
beforeEach(() => {
  hooks.onTokens = undefined;
  hooks.rateLimit = undefined;
  stack.recorded.length = 0;
});

/** A user with a confirmed TOTP authenticator, enrolled directly; and a fresh mfa_token for a login. */
async function enrolledUser() {
  const user = await stack.direct.newUser();
  const associated = await stack.direct.associate(user.mfa_token, { authenticator_types: ['otp'] });
  await stack.direct.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: await stack.direct.code(associated.body.secret) });
  // The confirming code is spent: logins use the next 30 s step's.
  await stack.direct.sim.clock.advance(30);
  const login = (await stack.direct.sim.mfaToken(user.user_id));
  return { user, login, secret: associated.body.secret as string, recoveryCode: associated.body.recovery_codes[0] as string };
}

describe('onTokens', () => {
  test('sees the tokens and the grant, and chooses what the browser receives', async () => {
    const seen: { tokens: Record<string, unknown>; context: TokenContext }[] = [];
    hooks.onTokens = (tokens, context) => {
      seen.push({ tokens, context });
      return { signed_in: true };
    };
    const { login, secret } = await enrolledUser();
    const answer = await api.token({ grant_type: GRANTS.otp, mfa_token: login, otp: await api.code(secret) });
    assert.equal(answer.status, 200);
    // Keys and codes only in assertions: a failure must not print a token.
    assert.deepEqual(Object.keys(answer.body), ['signed_in']);
    assert.equal(answer.body.signed_in, true);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    assert.equal(seen.length, 1);
    assert.equal(seen[0].context.grantType, GRANTS.otp);
    assert.ok(seen[0].context.request instanceof Request);
    assert.deepEqual(Object.keys(seen[0].tokens).sort(), ['access_token', 'expires_in', 'id_token', 'scope', 'token_type']);
  });

  test('may answer with its own Response, a session cookie say', async () => {
    hooks.onTokens = () =>
      new Response(JSON.stringify({ ok: true }), {
        status: 200,
        headers: { 'Content-Type': 'application/json', 'Set-Cookie': 'session=opaque; HttpOnly; Secure; SameSite=Lax', 'Cache-Control': 'max-age=60' },
      });
    const { login, secret } = await enrolledUser();
    const answer = await api.token({ grant_type: GRANTS.otp, mfa_token: login, otp: await api.code(secret) });
    assert.deepEqual(Object.keys(answer.body), ['ok']);
    assert.match(answer.headers.get('set-cookie')!, /^session=opaque/);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
  });

  test('returning nothing passes Auth0’s answer through, recovery_code included; failures never reach it', async () => {
    let calls = 0;
    hooks.onTokens = () => {
      calls++;
    };
    const { login, recoveryCode } = await enrolledUser();
    assert.equal((await api.token({ grant_type: GRANTS.recoveryCode, mfa_token: login, recovery_code: 'WRONGWRONGWRONGWRONGWRON' })).status, 403);
    assert.equal(calls, 0);
    const answer = await api.token({ grant_type: GRANTS.recoveryCode, mfa_token: login, recovery_code: recoveryCode });
    assert.equal(answer.status, 200);
    assert.equal(calls, 1);
    assert.ok(/^[A-Z0-9]{24}$/.test(answer.body.recovery_code), 'a new recovery code');
    assert.equal(answer.body.token_type, 'Bearer');
  });

  test('a hook that throws: 500 server_error, nothing of the tokens leaks', async () => {
    hooks.onTokens = () => {
      throw new Error('session store down');
    };
    const { login, secret } = await enrolledUser();
    const answer = await api.token({ grant_type: GRANTS.otp, mfa_token: login, otp: await api.code(secret) });
    assert.equal(answer.status, 500);
    assert.deepEqual(Object.keys(answer.body), ['error', 'error_description']);
    assert.equal(answer.body.error, 'server_error');
  });
});

describe('rateLimit', () => {
  test('answers 429 with Retry-After, without contacting upstream', async () => {
    const { login, secret } = await enrolledUser();
    const seen: RateLimitContext[] = [];
    hooks.rateLimit = async (context) => {
      seen.push(context);
      return context.mfaToken === login ? { retryAfterS: 7 } : undefined;
    };
    const limited = await api.token({ grant_type: GRANTS.otp, mfa_token: login, otp: await api.code(secret) });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error, 'too_many_requests');
    assert.equal(limited.body.error_description, 'Rate limit exceeded.');
    assert.equal(limited.headers.get('retry-after'), '7');
    assert.equal(limited.headers.get('cache-control'), 'no-store');
    assert.equal((await api.authenticators(login)).status, 429);
    assert.equal(stack.recorded.length, 0);

    const other = await stack.direct.newUser();
    assert.equal((await api.authenticators(other.mfa_token)).status, 200);
    assert.equal(stack.recorded.length, 1);
    assert.deepEqual(
      seen.map(({ ip, mfaToken, path }) => ({ ip, mine: mfaToken === login, path })),
      [
        { ip: '127.0.0.1', mine: true, path: '/oauth/token' },
        { ip: '127.0.0.1', mine: true, path: '/mfa/authenticators' },
        { ip: '127.0.0.1', mine: false, path: '/mfa/authenticators' },
      ],
    );
  });

  test('X-Forwarded-For counts only with trustProxy, and then its last entry', async () => {
    const seen: (string | undefined)[] = [];
    hooks.rateLimit = ({ ip }) => {
      seen.push(ip);
    };
    await call(`${stack.proxy.url}/mfa/authenticators`, { headers: { Authorization: 'Bearer x', 'X-Forwarded-For': '203.0.113.7' } });
    const trusting = await startStack({ trustProxy: true, rateLimit: ({ ip }) => void seen.push(ip) });
    try {
      await call(`${trusting.proxy.url}/mfa/authenticators`, { headers: { Authorization: 'Bearer x', 'X-Forwarded-For': '198.51.100.1, 203.0.113.7' } });
      await call(`${trusting.proxy.url}/mfa/authenticators`, { headers: { Authorization: 'Bearer x' } });
    } finally {
      await trusting.close();
    }
    assert.deepEqual(seen, ['127.0.0.1', '203.0.113.7', '127.0.0.1']);
  });

  test('with trustProxy, a last X-Forwarded-For entry that is not an IP counts as the socket’s address', async () => {
    const seen: (string | undefined)[] = [];
    const trusting = await startStack({ trustProxy: true, rateLimit: ({ ip }) => void seen.push(ip) });
    const entries = ['198.51.100.1, evil', '203.0.113.7, 999.1.1.1', 'unknown', '198.51.100.1, 203.0.113.7:8080', '2001:db8::1', '::ffff:203.0.113.8', '2001:db8::zz'];
    try {
      for (const forwarded of entries) {
        await call(`${trusting.proxy.url}/mfa/authenticators`, { headers: { Authorization: 'Bearer x', 'X-Forwarded-For': forwarded } });
      }
    } finally {
      await trusting.close();
    }
    assert.deepEqual(seen, ['127.0.0.1', '127.0.0.1', '127.0.0.1', '127.0.0.1', '2001:db8::1', '203.0.113.8', '127.0.0.1']);
  });

  test('a hook that throws fails closed: 500, nothing upstream', async () => {
    hooks.rateLimit = () => {
      throw new Error('store down');
    };
    const answer = await call(`${stack.proxy.url}/mfa/authenticators`, { headers: { Authorization: 'Bearer x' } });
    assert.equal(answer.status, 500);
    assert.equal(answer.body.error, 'server_error');
    assert.equal(stack.recorded.length, 0);
  });
});

describe('CORS', () => {
  test('an allowed origin gets its preflight and readable answers, errors included', async () => {
    const preflight = await fetch(`${stack.proxy.url}/oauth/token`, {
      method: 'OPTIONS',
      headers: { Origin: APP, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), APP);
    assert.equal(preflight.headers.get('access-control-allow-methods'), 'POST, OPTIONS');
    assert.match(preflight.headers.get('access-control-allow-headers')!, /Authorization, Content-Type/);
    assert.equal(preflight.headers.get('cache-control'), 'no-store');
    assert.equal(stack.recorded.length, 0);

    for (const path of ['/mfa/authenticators', '/nowhere']) {
      const answer = await fetch(`${stack.proxy.url}${path}`, { headers: { Origin: APP, Authorization: 'Bearer x' } });
      assert.equal(answer.headers.get('access-control-allow-origin'), APP, path);
      assert.match(answer.headers.get('access-control-expose-headers')!, /Retry-After/);
      assert.match(answer.headers.get('vary')!, /Origin/);
    }
  });

  test('other origins get no CORS: preflight and calls refused', async () => {
    for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'http://app.example.com', 'null']) {
      const preflight = await call(`${stack.proxy.url}/oauth/token`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });
      assert.equal(preflight.status, 403, origin);
      assert.equal(preflight.headers.get('access-control-allow-origin'), null);
      const answer = await call(`${stack.proxy.url}/mfa/authenticators`, { headers: { Origin: origin, Authorization: 'Bearer x' } });
      assert.equal(answer.status, 403, origin);
      assert.equal(answer.headers.get('access-control-allow-origin'), null);
    }
    assert.equal(stack.recorded.length, 0);
  });

  test('same-origin pages and servers need none', async () => {
    const self = new URL(stack.proxy.url).origin;
    const requests: Record<string, string>[] = [
      {},
      { Origin: self },
      // Behind a reverse proxy that rewrites Host, the browser's Sec-Fetch-Site still says same-origin.
      { Origin: 'https://mfa.example.com', 'Sec-Fetch-Site': 'same-origin' },
    ];
    for (const headers of requests) {
      const answer = await call(`${stack.proxy.url}/mfa/authenticators`, { headers: { ...headers, Authorization: 'Bearer x' } });
      assert.equal(answer.status, 401, JSON.stringify(headers));
      assert.equal(answer.headers.get('access-control-allow-origin'), null);
    }
    const forwarded = { Origin: 'https://mfa.example.com', 'X-Forwarded-Host': 'mfa.example.com', 'X-Forwarded-Proto': 'https', Authorization: 'Bearer x' };
    assert.equal((await call(`${stack.proxy.url}/mfa/authenticators`, { headers: forwarded })).status, 403, 'X-Forwarded-Host without trustProxy');
    const trusting = await startStack({ trustProxy: true });
    try {
      assert.equal((await call(`${trusting.proxy.url}/mfa/authenticators`, { headers: forwarded })).status, 401);
      // The scheme is part of the origin: an https page is not the same origin as the proxy on http.
      const httpsOnly = { ...forwarded, 'X-Forwarded-Proto': 'http' };
      assert.equal((await call(`${trusting.proxy.url}/mfa/authenticators`, { headers: httpsOnly })).status, 403, 'https page, http proxy');
    } finally {
      await trusting.close();
    }
  });

  test('the scheme counts: the same host on another scheme is another origin', async () => {
    const { host } = new URL(stack.proxy.url);
    for (const origin of [`https://${host}`, `ws://${host}`, `ftp://${host}`]) {
      const answer = await call(`${stack.proxy.url}/mfa/authenticators`, { headers: { Origin: origin, Authorization: 'Bearer x' } });
      assert.equal(answer.status, 403, origin);
    }
    assert.equal(stack.recorded.length, 0);
  });
});

describe('log', () => {
  test('one redacted entry per answer: no secret, token, code or authenticator id', async () => {
    logEntries.length = 0;
    const { user, login, secret, recoveryCode } = await enrolledUser();
    const code = await api.code(secret);
    const tokens = await api.token({ grant_type: GRANTS.otp, mfa_token: login, otp: code });
    const recovered = await api.token({ grant_type: GRANTS.recoveryCode, mfa_token: login, recovery_code: recoveryCode });
    const accessToken = (await stack.direct.sim.accessToken(user.user_id));
    const email = await api.associate(accessToken, { authenticator_types: ['oob'], oob_channels: ['email'], email: user.email });
    const bindingCode = await stack.direct.sim.inbox(user).lastCode();
    await api.token({ grant_type: GRANTS.oob, mfa_token: login, oob_code: email.body.oob_code, binding_code: bindingCode });
    const list = await api.authenticators(accessToken);
    const emailId = list.body.find((a: any) => a.oob_channel === 'email').id;
    assert.equal((await api.remove(accessToken, emailId)).status, 204);
    await api.token({ grant_type: 'password', username: user.email, password: 'correct horse battery staple' });
    await api.request(`/oauth/token/${login}`);
    await api.request(`/mfa/authenticators/${encodeURIComponent(`${login}/x`)}`, { method: 'DELETE' });

    const logged = JSON.stringify(logEntries);
    const secrets = {
      client_secret: CLIENT.client_secret,
      mfa_token: login,
      access_token: tokens.body.access_token,
      id_token: tokens.body.id_token,
      new_recovery_code: recovered.body.recovery_code,
      recovery_code: recoveryCode,
      totp_secret: secret,
      otp: code,
      oob_code: email.body.oob_code,
      binding_code: bindingCode,
      bearer: accessToken,
      authenticator_id: emailId,
      email: user.email,
    };
    for (const [name, value] of Object.entries(secrets)) {
      assert.equal(typeof value, 'string', name);
      assert.ok(!logged.includes(value), `the log holds a ${name}`);
    }
    assert.equal(logEntries.length, 9);
    for (const entry of logEntries) {
      assert.deepEqual(
        Object.keys(entry).filter((k) => !['method', 'path', 'status', 'upstreamStatus', 'durationMs', 'grantType', 'error'].includes(k)),
        [],
      );
    }
    assert.deepEqual(logEntries[0], { ...logEntries[0], method: 'POST', path: '/oauth/token', status: 200, upstreamStatus: 200, grantType: GRANTS.otp });
    assert.deepEqual(
      logEntries.map((e) => [e.method, e.path, e.status, e.upstreamStatus, e.error]),
      [
        ['POST', '/oauth/token', 200, 200, undefined],
        ['POST', '/oauth/token', 200, 200, undefined],
        ['POST', '/mfa/associate', 200, 200, undefined],
        ['POST', '/oauth/token', 200, 200, undefined],
        ['GET', '/mfa/authenticators', 200, 200, undefined],
        ['DELETE', '/mfa/authenticators/{id}', 204, 204, undefined],
        ['POST', '/oauth/token', 400, undefined, 'unsupported_grant_type'],
        ['GET', undefined, 404, undefined, 'not_found'],
        ['DELETE', '/mfa/authenticators/{id}', 400, undefined, 'invalid_request'],
      ],
    );
  });

  test('a logger that throws or rejects breaks nothing', async () => {
    for (const log of [() => { throw new Error('disk full'); }, () => Promise.reject(new Error('disk full'))]) {
      const noisy = await startStack({ log });
      try {
        assert.equal((await call(`${noisy.proxy.url}/mfa/authenticators`, { headers: { Authorization: 'Bearer x' } })).status, 401);
      } finally {
        await noisy.close();
      }
    }
  });
});

describe('Cache-Control: no-store', () => {
  test('on every answer: success, pass-through, refusal and preflight', async () => {
    const { user, login } = await enrolledUser();
    const accessToken = (await stack.direct.sim.accessToken(user.user_id));
    const otpId = (await api.authenticators(accessToken)).body.find((a: any) => a.authenticator_type === 'otp').id;
    hooks.rateLimit = ({ path }) => (path === '/mfa/associate' ? { retryAfterS: 1 } : undefined);
    const answers = [
      await call(`${stack.proxy.url}/mfa/authenticators`, { headers: { Authorization: `Bearer ${login}` } }),
      await call(`${stack.proxy.url}/mfa/challenge`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ mfa_token: login, challenge_type: 'otp' }) }),
      await call(`${stack.proxy.url}/mfa/authenticators/${encodeURIComponent(otpId)}`, { method: 'DELETE', headers: { Authorization: `Bearer ${accessToken}` } }),
      await call(`${stack.proxy.url}/mfa/authenticators`, { headers: { Authorization: 'Bearer wrong' } }),
      await call(`${stack.proxy.url}/mfa/associate`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${login}` }, body: '{}' }),
      await call(`${stack.proxy.url}/elsewhere`),
      await call(`${stack.proxy.url}/oauth/token`),
      await call(`${stack.proxy.url}/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' }),
      await call(`${stack.proxy.url}/oauth/token`, { method: 'OPTIONS', headers: { Origin: APP } }),
      await call(`${stack.proxy.url}/oauth/token`, { method: 'OPTIONS' }),
    ];
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 204, 401, 429, 404, 405, 415, 204, 204]);
    for (const answer of answers) {
      assert.equal(answer.headers.get('cache-control'), 'no-store');
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
    }
  });
});
