/**
 * Where the proxy runs: as a bare fetch handler (no socket at all), as Connect/Express middleware
 * under a prefix, and as `npm run proxy` configured from the environment. And its start-up checks.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createMfaProxy, type MfaProxyOptions } from '../../src/proxy/index.ts';
import { mfaProxyMiddleware } from '../../src/proxy/node.ts';
import { createSimulator } from '../../src/simulator/index.ts';
import { totp } from '../../src/simulator/totp.ts';
import { connectSimulator } from '../../src/testing/index.ts';
import { GRANTS, mfaApi } from '../support/mfa-api.ts';
import { CLIENT, call, close, listen, startStack, type Stack } from './setup.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const credentials = { clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret };

describe('as a fetch handler', () => {
  test('runs without any server: Request in, Response out, upstream through the injected fetch', async () => {
    const simulator = createSimulator(credentials);
    const upstreamCalls: string[] = [];
    const proxy = createMfaProxy({
      upstream: 'http://auth0.test',
      prefix: '/auth/',
      ...credentials,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        upstreamCalls.push(`${request.method} ${request.url}`);
        return simulator.fetch(request);
      },
    });
    assert.equal(proxy.prefix, '/auth');
    assert.equal(proxy.upstream, 'http://auth0.test');
    const sim = connectSimulator(simulator);
    const mfaToken = await sim.mfaToken(await sim.createUser());
    const associated = await proxy(
      new Request('https://app.example/auth/mfa/associate', {
        method: 'POST',
        headers: { Authorization: `Bearer ${mfaToken}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'authenticator_types=otp',
      }),
    );
    assert.equal(associated.status, 200);
    const { secret } = await associated.json();
    const tokens = await proxy(
      new Request('https://app.example/auth/oauth/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ grant_type: GRANTS.otp, mfa_token: mfaToken, otp: await totp(secret, simulator.clock.now()) }),
      }),
    );
    assert.equal(tokens.status, 200);
    assert.equal((await tokens.json()).token_type, 'Bearer');
    assert.equal((await proxy(new Request('https://app.example/mfa/associate', { method: 'POST' }))).status, 404);
    assert.deepEqual(upstreamCalls, ['POST http://auth0.test/mfa/associate', 'POST http://auth0.test/oauth/token']);
  });

  test('reads the caller’s address from Deno’s and Bun’s second argument', async () => {
    const seen: (string | undefined)[] = [];
    const proxy = createMfaProxy({
      upstream: 'http://auth0.test',
      ...credentials,
      fetch: async () => Response.json([]),
      rateLimit: ({ ip }) => void seen.push(ip),
    });
    const list = () => new Request('http://proxy.test/mfa/authenticators', { headers: { Authorization: 'Bearer t' } });
    await proxy(list(), { remoteAddr: { hostname: '192.0.2.1' } });
    await proxy(list(), { requestIP: () => ({ address: '::ffff:192.0.2.2' }) });
    await proxy(list(), { ip: '2001:db8::3' });
    await proxy(list());
    assert.deepEqual(seen, ['192.0.2.1', '192.0.2.2', '2001:db8::3', undefined]);
  });

  test('an Auth0 domain means https on that host', async () => {
    const urls: string[] = [];
    for (const domain of ['tenant.eu.auth0.com', 'https://tenant.eu.auth0.com/']) {
      const proxy = createMfaProxy({
        domain,
        ...credentials,
        fetch: async (input) => {
          urls.push(String(input));
          return Response.json([]);
        },
      });
      assert.equal(proxy.upstream, 'https://tenant.eu.auth0.com');
      await proxy(new Request('http://proxy.test/mfa/authenticators', { headers: { Authorization: 'Bearer t' } }));
    }
    assert.deepEqual(urls, ['https://tenant.eu.auth0.com/mfa/authenticators', 'https://tenant.eu.auth0.com/mfa/authenticators']);
  });

  test('a misconfiguration fails at start-up, naming the option and never the secret', () => {
    const secret = 'do-not-print-me';
    const base: MfaProxyOptions = { upstream: 'http://127.0.0.1:4010', clientId: 'id', clientSecret: secret };
    const bad: Partial<MfaProxyOptions>[] = [
      { upstream: undefined },
      { domain: 'tenant.auth0.com' },
      { upstream: 'ftp://127.0.0.1' },
      { upstream: 'not a url' },
      { upstream: undefined, domain: 'tenant.auth0.com/path' },
      { clientId: '' },
      { clientSecret: '' },
      { prefix: 'auth' },
      { prefix: '/a/../b' },
      { allowedOrigins: ['*'] },
      { allowedOrigins: ['https://app.example.com/'] },
      { allowedOrigins: ['app.example.com'] },
      { timeoutMs: 0 },
      { bodyLimit: -1 },
    ];
    for (const change of bad) {
      assert.throws(
        () => createMfaProxy({ ...base, ...change } as MfaProxyOptions),
        (error: Error) => error instanceof TypeError && !error.message.includes(secret),
        JSON.stringify(change),
      );
    }
  });
});

describe('as Connect/Express middleware', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  /** An application: the middleware, then its own routes. */
  async function app(use: (req: any, res: any, next: () => void) => void) {
    const server = createServer((req, res) =>
      use(req, res, () => {
        res.statusCode = 418;
        res.end('the application');
      }),
    );
    return { url: await listen(server), close: () => close(server) };
  }

  const options = () => ({ upstream: stack.upstreamUrl, ...credentials });

  async function enrollThrough(base: string) {
    const api = mfaApi({ base, control: stack.simulator.url, client: {} });
    const user = (await api.newUser({}));
    const associated = await api.associate(user.mfa_token, { authenticator_types: ['otp'] });
    assert.equal(associated.status, 200);
    const confirmed = await api.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: await api.code(associated.body.secret) });
    assert.equal(confirmed.status, 200);
    const list = await api.authenticators(user.mfa_token);
    // The verified email, the totp and the recovery code.
    assert.equal(list.body.filter((a: any) => a.active).length, 3);
  }

  test('under a prefix, passing every other path to the application', async () => {
    const middleware = mfaProxyMiddleware({ ...options(), prefix: '/auth' });
    const server = await app(middleware);
    try {
      await enrollThrough(`${server.url}/auth`);
      stack.recorded.length = 0;
      for (const path of ['/', '/mfa/associate', '/authx/mfa/associate', '/auth', '/auth/', '/auth/__sim/reset', '/auth/userinfo']) {
        const answer = await call(`${server.url}${path}`, { method: 'POST' });
        assert.equal(answer.status, 418, path);
      }
      assert.equal(stack.recorded.length, 0);
      assert.equal((await call(`${server.url}/auth/mfa/associate`)).status, 405);
    } finally {
      await server.close();
    }
  });

  test('mounted by the framework (Express strips the mount path from req.url)', async () => {
    const middleware = mfaProxyMiddleware(options());
    const server = await app((req, res, next) => {
      if (!req.url.startsWith('/auth/')) return next();
      req.originalUrl = req.url;
      req.url = req.url.slice('/auth'.length);
      middleware(req, res, next);
    });
    try {
      await enrollThrough(`${server.url}/auth`);
      assert.equal((await call(`${server.url}/auth/elsewhere`)).status, 418);
    } finally {
      await server.close();
    }
  });
});

describe('npm run proxy', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  /** Starts the CLI; resolves with its URL once it listens, or with its output and code if it exits. */
  function startCli(args: string[], env: Record<string, string>) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/proxy/cli.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const listening = new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 15_000);
      const read = (chunk: Buffer) => {
        output += chunk;
        const url = output.match(/listening on (http:\/\/\S+)\n/)?.[1];
        if (url) {
          clearTimeout(timer);
          resolve(url);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', (chunk) => (output += chunk));
      void exited.then(() => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
    return {
      listening,
      exited,
      output: () => output,
      async stop() {
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
  }

  test('runs from MFA_UPSTREAM and the client credentials, and never prints the secret or a token', async () => {
    const cli = startCli(['--port', '0', '--prefix', '/auth'], {
      MFA_UPSTREAM: stack.upstreamUrl,
      AUTH0_CLIENT_ID: CLIENT.client_id,
      AUTH0_CLIENT_SECRET: CLIENT.client_secret,
      MFA_ALLOWED_ORIGINS: 'https://app.example.com, http://localhost:5173',
    });
    try {
      const url = await cli.listening;
      assert.ok(url, cli.output());
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/auth$/);
      assert.match(cli.output(), new RegExp(`Forwarding to ${stack.upstreamUrl} as client ${CLIENT.client_id}`));
      const api = mfaApi({ base: url, control: stack.simulator.url, client: {} });
      const user = (await api.newUser({}));
      const associated = await api.associate(user.mfa_token, { authenticator_types: ['otp'] });
      const tokens = await api.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: await api.code(associated.body.secret) });
      assert.equal(tokens.status, 200);
      const preflight = await fetch(`${url}/oauth/token`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:5173' } });
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:5173');
      await cli.stop();
      const output = cli.output();
      assert.match(output, /"path":"\/oauth\/token","status":200/);
      for (const value of [CLIENT.client_secret, user.mfa_token, tokens.body.access_token, associated.body.secret]) {
        assert.ok(!output.includes(value), 'the CLI printed a secret or a token');
      }
    } finally {
      await cli.stop();
    }
  });

  test('serves under /mfa-api by default, the path the elements\' api-base examples use; --prefix / serves the root', async () => {
    const env = { MFA_UPSTREAM: stack.upstreamUrl, AUTH0_CLIENT_ID: CLIENT.client_id, AUTH0_CLIENT_SECRET: CLIENT.client_secret };
    for (const [args, path] of [[[], '/mfa-api'], [['--prefix', '/'], '']] as const) {
      const cli = startCli(['--port', '0', '--quiet', ...args], env);
      try {
        const url = await cli.listening;
        assert.ok(url, cli.output());
        assert.equal(new URL(url).pathname.replace(/^\/$/, ''), path);
        const api = mfaApi({ base: url, control: stack.simulator.url, client: {} });
        const user = (await api.newUser({}));
        assert.equal((await api.associate(user.mfa_token, { authenticator_types: ['otp'] })).status, 200);
      } finally {
        await cli.stop();
      }
    }
  });

  test('three variables point it at a real Auth0 tenant', async () => {
    const cli = startCli(['--port', '0', '--quiet'], {
      AUTH0_DOMAIN: 'tenant.eu.auth0.com',
      AUTH0_CLIENT_ID: 'abc123',
      AUTH0_CLIENT_SECRET: CLIENT.client_secret,
    });
    try {
      assert.ok(await cli.listening, cli.output());
      assert.match(cli.output(), /Forwarding to https:\/\/tenant\.eu\.auth0\.com as client abc123/);
      assert.ok(!cli.output().includes(CLIENT.client_secret));
    } finally {
      await cli.stop();
    }
  });

  test('refuses to start without its configuration, and says what is missing', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ AUTH0_CLIENT_ID: 'a', AUTH0_CLIENT_SECRET: 'b' }, /Set AUTH0_DOMAIN/],
      [{ AUTH0_DOMAIN: 'tenant.auth0.com', MFA_UPSTREAM: 'http://127.0.0.1:1', AUTH0_CLIENT_ID: 'a', AUTH0_CLIENT_SECRET: 'b' }, /not both/],
      [{ AUTH0_DOMAIN: 'tenant.auth0.com', AUTH0_CLIENT_SECRET: 'b' }, /Set AUTH0_CLIENT_ID/],
      [{ AUTH0_DOMAIN: 'tenant.auth0.com', AUTH0_CLIENT_ID: 'a' }, /Set AUTH0_CLIENT_SECRET/],
      [{ MFA_UPSTREAM: 'ftp://x', AUTH0_CLIENT_ID: 'a', AUTH0_CLIENT_SECRET: 'b' }, /upstream/],
    ];
    await Promise.all(
      cases.map(async ([env, message]) => {
        const cli = startCli(['--port', '0'], env);
        assert.equal(await cli.exited, 2, cli.output());
        assert.match(cli.output(), message);
      }),
    );
  });
});
