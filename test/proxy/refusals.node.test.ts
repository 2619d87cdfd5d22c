/**
 * What the proxy refuses, and what it never lets through: every refusal is answered by the proxy
 * itself, and the recording upstream in front of the simulator never sees it.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { GRANTS, mfaApi } from '../support/mfa-api.ts';
import { CLIENT, call, startStack, type Stack } from './setup.ts';

let stack: Stack;
let mfaToken: string;
before(async () => {
  stack = await startStack();
  mfaToken = (await stack.direct.newUser()).mfa_token;
});
after(() => stack.close());

type Answer = { status: number; headers: Headers; body: any };

function assertRefused(answer: Answer, status: number, error: string, context = '') {
  // The error fields only: a wrongly successful answer may hold a token, never printed.
  const where = `${context} ${answer.status} ${answer.body?.error} ${answer.body?.error_description}`;
  assert.equal(answer.status, status, where);
  assert.equal(answer.body?.error, error, where);
  assert.equal(typeof answer.body?.error_description, 'string', where);
  assert.equal(answer.headers.get('cache-control'), 'no-store', where);
  assert.match(answer.headers.get('content-type') ?? '', /^application\/json/, where);
}

const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
});
const jsonBody = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** A raw HTTP request, so the path reaches the server exactly as written (fetch would normalise it). */
function raw(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
  const { hostname, port } = new URL(stack.proxy.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
        resolve({ status: res.statusCode!, headers: responseHeaders, body: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('refused without contacting upstream', () => {
  beforeEach(() => {
    stack.recorded.length = 0;
  });
  const nothingUpstream = () => assert.deepEqual(stack.recorded.map((r) => `${r.method} ${r.path}`), []);

  test('every grant but the three MFA grants', async () => {
    const grants = [
      'password',
      'http://auth0.com/oauth/grant-type/password-realm',
      'client_credentials',
      'authorization_code',
      'refresh_token',
      'urn:ietf:params:oauth:grant-type:token-exchange',
      'urn:ietf:params:oauth:grant-type:jwt-bearer',
      'urn:ietf:params:oauth:grant-type:device_code',
      'http://auth0.com/oauth/grant-type/passwordless/otp',
      'http://auth0.com/oauth/grant-type/mfa-otp ',
      'HTTP://AUTH0.COM/OAUTH/GRANT-TYPE/MFA-OTP',
      'mfa-otp',
      'anything-else',
    ];
    for (const grant_type of grants) {
      const fields = { grant_type, mfa_token: mfaToken, username: 'a@example.com', password: 'correct horse battery staple', refresh_token: 'r', code: 'c' };
      assertRefused(await call(`${stack.proxy.url}/oauth/token`, form(fields)), 400, 'unsupported_grant_type', grant_type);
      assertRefused(await call(`${stack.proxy.url}/oauth/token`, jsonBody(fields)), 400, 'unsupported_grant_type', grant_type);
    }
    assertRefused(await call(`${stack.proxy.url}/oauth/token`, jsonBody({ grant_type: [GRANTS.otp] })), 400, 'unsupported_grant_type');
    assertRefused(await call(`${stack.proxy.url}/oauth/token`, form({ mfa_token: mfaToken })), 400, 'invalid_request');
    nothingUpstream();

    // The same password grant straight to the simulator works: the proxy is what stops it.
    const user = await stack.direct.newUser({ email: 'oracle@example.com' });
    const direct = await stack.direct.token({ grant_type: 'password', username: user.email, password: 'correct horse battery staple' });
    assert.equal(direct.body.error, 'mfa_required');
  });

  test('every path but the five MFA calls, the control API included', async () => {
    const paths = [
      ['GET', '/'],
      ['GET', '/mfa'],
      ['GET', '/mfa/'],
      ['POST', '/mfa/associate/extra'],
      ['POST', '/oauth/token/extra'],
      ['POST', '/MFA/associate'],
      ['POST', '/mfa//associate'],
      ['POST', '/mfa/associate%2F'],
      ['POST', '/oauth/revoke'],
      ['GET', '/userinfo'],
      ['GET', '/.well-known/openid-configuration'],
      ['GET', '/.well-known/jwks.json'],
      ['POST', '/dbconnections/signup'],
      ['POST', '/passwordless/start'],
      ['POST', '/__sim/users'],
      ['POST', '/__sim/reset'],
      ['GET', '/__sim/outbox'],
      ['POST', '/__sim/clock'],
      ['GET', '/api/v2/users'],
    ];
    for (const [method, path] of paths) {
      assertRefused(await raw(method, path, method === 'POST' ? '{}' : undefined, { 'Content-Type': 'application/json' }), 404, 'not_found', `${method} ${path}`);
    }
    nothingUpstream();
  });

  test('path traversal: dot segments resolve inside the proxy, encoded ones in the id are refused', async () => {
    // Literal dot segments are resolved before routing: they can only land on another path of the proxy.
    assertRefused(await raw('POST', '/mfa/../__sim/reset', '{}', { 'Content-Type': 'application/json' }), 404, 'not_found');
    assertRefused(await raw('DELETE', '/mfa/authenticators/../../__sim/reset'), 404, 'not_found');
    assertRefused(await raw('DELETE', '/mfa/authenticators/..'), 404, 'not_found');
    assertRefused(await raw('DELETE', '/mfa/authenticators/../associate'), 405, 'method_not_allowed');
    assertRefused(await raw('DELETE', '/mfa/authenticators/%2e%2e/%2e%2e/oauth/token'), 405, 'method_not_allowed');
    const ids = [
      'a%2Fb',
      '..%2F..%2F__sim%2Freset',
      '%2e%2e%2f%2e%2e%2foauth%2ftoken',
      '..%2f',
      '..%5C..%5Cx',
      'a%5Cb',
      '.',
      '%2e',
      '',
      'a/b',
      'a%00b',
      'a%0d%0aX-Injected:%201',
      '%E0%A4%A',
      'x'.repeat(300),
    ];
    for (const id of ids) {
      assertRefused(await raw('DELETE', `/mfa/authenticators/${id}`, undefined, { Authorization: 'Bearer x' }), 400, 'invalid_request', id);
    }
    nothingUpstream();
  });

  test('wrong methods, with Allow', async () => {
    const cases = [
      ['GET', '/mfa/associate', 'POST, OPTIONS'],
      ['PUT', '/mfa/associate', 'POST, OPTIONS'],
      ['POST', '/mfa/authenticators', 'GET, OPTIONS'],
      ['DELETE', '/mfa/authenticators', 'GET, OPTIONS'],
      ['GET', '/mfa/authenticators/totp%7Cdev_x', 'DELETE, OPTIONS'],
      ['PATCH', '/mfa/challenge', 'POST, OPTIONS'],
      ['GET', '/oauth/token', 'POST, OPTIONS'],
      ['DELETE', '/oauth/token', 'POST, OPTIONS'],
    ];
    for (const [method, path, allow] of cases) {
      const answer = await call(`${stack.proxy.url}${path}`, { method, headers: { Authorization: `Bearer ${mfaToken}` } });
      assertRefused(answer, 405, 'method_not_allowed', `${method} ${path}`);
      assert.equal(answer.headers.get('allow'), allow);
    }
    const head = await fetch(`${stack.proxy.url}/mfa/authenticators`, { method: 'HEAD' });
    assert.equal(head.status, 405);
    assert.equal(head.headers.get('cache-control'), 'no-store');
    nothingUpstream();
  });

  test('content types Auth0 does not accept, and bodies that do not parse', async () => {
    for (const path of ['/oauth/token', '/mfa/challenge', '/mfa/associate']) {
      const body = `grant_type=${GRANTS.otp}&mfa_token=${mfaToken}`;
      for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonx', 'text/json']) {
        assertRefused(await call(`${stack.proxy.url}${path}`, { method: 'POST', headers: { 'Content-Type': type }, body }), 415, 'invalid_request', `${path} ${type}`);
      }
      // No Content-Type at all, with a body.
      assertRefused(await call(`${stack.proxy.url}${path}`, { method: 'POST', body: new Blob([body]) }), 415, 'invalid_request', path);
      assertRefused(await call(`${stack.proxy.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"grant_type":' }), 400, 'invalid_request', path);
      assertRefused(await call(`${stack.proxy.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '["a"]' }), 400, 'invalid_request', path);
    }
    // Token fields are strings: a number would lose an OTP's leading zeros on the way.
    assertRefused(await call(`${stack.proxy.url}/oauth/token`, jsonBody({ grant_type: GRANTS.otp, mfa_token: mfaToken, otp: 12345 })), 400, 'invalid_request');
    nothingUpstream();
  });

  test('bodies over the limit, declared or streamed', async () => {
    const big = { grant_type: GRANTS.otp, mfa_token: mfaToken, otp: '123456', padding: 'x'.repeat(20 * 1024) };
    assertRefused(await call(`${stack.proxy.url}/oauth/token`, jsonBody(big)), 413, 'invalid_request', 'declared');
    const chunks = [JSON.stringify(big).slice(0, 10_000), JSON.stringify(big).slice(10_000)];
    const stream = new ReadableStream({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(chunk));
      },
    });
    const streamed = await call(`${stack.proxy.url}/mfa/challenge`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assertRefused(streamed, 413, 'invalid_request', 'streamed');
    nothingUpstream();
  });

  test('a cross-origin caller that is not allowed', async () => {
    const origin = { Origin: 'https://evil.example' };
    assertRefused(await call(`${stack.proxy.url}/oauth/token`, { ...form({ grant_type: GRANTS.otp, mfa_token: mfaToken, otp: '123456' }), headers: { ...origin, 'Content-Type': 'application/x-www-form-urlencoded' } }), 403, 'access_denied');
    assertRefused(await call(`${stack.proxy.url}/mfa/authenticators`, { headers: { ...origin, Authorization: `Bearer ${mfaToken}` } }), 403, 'access_denied');
    assertRefused(await call(`${stack.proxy.url}/mfa/authenticators`, { headers: { Origin: 'null', Authorization: `Bearer ${mfaToken}` } }), 403, 'access_denied');
    // Same site is not same origin.
    const sameSite = { Origin: `http://localhost:${new URL(stack.proxy.url).port}`, 'Sec-Fetch-Site': 'same-site' };
    assertRefused(await call(`${stack.proxy.url}/mfa/authenticators`, { headers: { ...sameSite, Authorization: `Bearer ${mfaToken}` } }), 403, 'access_denied');
    nothingUpstream();
  });
});

describe('what reaches upstream', () => {
  test('the configured client credentials always; the browser’s never', async () => {
    stack.recorded.length = 0;
    const proxied = mfaApi({
      base: stack.proxy.url,
      control: stack.simulator.url,
      client: { client_id: 'browser-client-id', client_secret: 'browser-client-secret' },
    });
    const user = (await proxied.newUser({}));
    const associated = await proxied.associate(user.mfa_token, { authenticator_types: ['otp'], client_id: 'browser-client-id', client_secret: 'browser-client-secret' });
    assert.equal(associated.status, 200);
    const confirmed = await proxied.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: await proxied.code(associated.body.secret) });
    assert.equal(confirmed.status, 200);
    assert.equal((await proxied.challenge({ mfa_token: user.mfa_token, challenge_type: 'otp' })).status, 200);
    // HTTP Basic client authentication from the browser is not forwarded either (with the next step's code: the
    // confirming one is spent).
    await proxied.sim.clock.advance(30);
    const basic = `Basic ${btoa('browser-client-id:browser-client-secret')}`;
    const withBasic = await call(`${stack.proxy.url}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic },
      body: new URLSearchParams({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: await proxied.code(associated.body.secret) }),
    });
    assert.equal(withBasic.status, 200);

    assert.deepEqual(
      stack.recorded.map((r) => `${r.method} ${r.path}`),
      ['POST /mfa/associate', 'POST /oauth/token', 'POST /mfa/challenge', 'POST /oauth/token'],
    );
    const everything = JSON.stringify(stack.recorded);
    assert.ok(!everything.includes('browser-client'), 'a browser credential reached upstream');
    const [associate, token, challenge, basicToken] = stack.recorded;
    assert.equal(associate.headers['content-type'], 'application/json');
    assert.deepEqual(Object.keys(JSON.parse(associate.body)).sort(), ['authenticator_types']);
    assert.equal(challenge.headers['content-type'], 'application/json');
    const challenged = JSON.parse(challenge.body);
    assert.deepEqual(Object.keys(challenged).sort(), ['challenge_type', 'client_id', 'client_secret', 'mfa_token']);
    assert.ok(challenged.mfa_token === user.mfa_token && challenged.client_id === CLIENT.client_id, 'the user\'s token and the configured client');
    assert.ok(challenged.client_secret === CLIENT.client_secret, 'the configured secret');
    for (const grant of [token, basicToken]) {
      assert.equal(grant.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.equal(grant.headers.authorization, undefined);
      const fields = Object.fromEntries(new URLSearchParams(grant.body));
      assert.equal(fields.client_id, CLIENT.client_id);
      assert.ok(fields.client_secret === CLIENT.client_secret, 'the configured secret');
    }
  });

  test('only the grant’s own fields, as a form, whatever the browser sent', async () => {
    stack.recorded.length = 0;
    const answer = await call(`${stack.proxy.url}/oauth/token?client_secret=query`, jsonBody({
      grant_type: GRANTS.otp,
      mfa_token: mfaToken,
      otp: '000000',
      audience: 'https://api.example.com',
      scope: 'openid offline_access',
      username: 'someone@example.com',
      password: 'guess',
      client_assertion: 'eyJ...',
    }));
    assert.equal(answer.status, 401); // the user has no authenticator: upstream's own answer
    const [grant] = stack.recorded;
    assert.equal(grant.path, '/oauth/token');
    assert.deepEqual(Object.keys(Object.fromEntries(new URLSearchParams(grant.body))).sort(), [
      'client_id', 'client_secret', 'grant_type', 'mfa_token', 'otp',
    ]);
    assert.ok(!JSON.stringify(grant).includes('query'));
  });

  test('associate: only its own fields, whatever else the browser sent', async () => {
    stack.recorded.length = 0;
    const user = (await stack.direct.newUser());
    // JSON.parse makes "__proto__" an own key: it must not travel either.
    const body = `{"authenticator_types":["oob"],"oob_channels":["sms"],"phone_number":"+15555550123",
      "audience":"https://api.example.com","scope":"openid offline_access","client_assertion":"eyJ...",
      "client_assertion_type":"urn:ietf:params:oauth:client-assertion-type:jwt-bearer","__proto__":{"admin":true},
      "constructor":"x","grant_type":"password"}`;
    const answer = await call(`${stack.proxy.url}/mfa/associate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${user.mfa_token}` },
      body,
    });
    assert.equal(answer.status, 200);
    const form = await call(`${stack.proxy.url}/mfa/associate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Bearer ${user.mfa_token}` },
      body: new URLSearchParams({ authenticator_types: 'oob', oob_channels: 'email', email: 'a@example.com', audience: 'x', scope: 'y' }),
    });
    assert.equal(form.status, 200);
    const [json, urlencoded] = stack.recorded;
    assert.deepEqual(Object.keys(JSON.parse(json.body)).sort(), ['authenticator_types', 'oob_channels', 'phone_number']);
    assert.deepEqual(JSON.parse(urlencoded.body), { authenticator_types: ['oob'], oob_channels: ['email'], email: 'a@example.com' });
  });

  test('no browser header but Content-Type, Accept and, on /mfa/*, a Bearer Authorization', async () => {
    stack.recorded.length = 0;
    const browserHeaders = {
      Cookie: 'session=browser-cookie',
      Origin: stack.proxy.url,
      Referer: `${stack.proxy.url}/login`,
      'X-Forwarded-For': '203.0.113.9',
      'X-Custom': 'browser-header',
      'User-Agent': 'browser-agent',
    };
    await call(`${stack.proxy.url}/mfa/authenticators`, { headers: { ...browserHeaders, Authorization: `Bearer ${mfaToken}` } });
    await call(`${stack.proxy.url}/mfa/challenge`, jsonBody({ mfa_token: mfaToken, challenge_type: 'otp' }, { ...browserHeaders, Authorization: `Bearer ${mfaToken}` }));
    await call(`${stack.proxy.url}/mfa/authenticators`, { headers: { Authorization: 'Basic YTpi' } });
    assert.equal(stack.recorded.length, 3);
    const [list, challenge, basic] = stack.recorded;
    assert.ok(list.headers.authorization === `Bearer ${mfaToken}`, 'the Bearer reached upstream');
    assert.equal(challenge.headers.authorization, undefined);
    assert.equal(basic.headers.authorization, undefined);
    const sent = JSON.stringify(stack.recorded);
    for (const value of ['browser-cookie', '203.0.113.9', 'browser-header', 'browser-agent', '/login']) {
      assert.ok(!sent.includes(value), `${value} reached upstream`);
    }
    assert.equal(list.headers.origin, undefined);
    assert.equal(list.headers.cookie, undefined);
  });
});
