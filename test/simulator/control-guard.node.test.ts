/**
 * Who may use the /__sim/ control API: anything but a cross-site page (which could reset the simulator, create
 * users, mint tokens or read the code outbox from a developer's browser), and nobody with `control: false`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { createSimulator } from '../../src/simulator/index.ts';

const SIM = 'http://127.0.0.1:4010';
const APP = 'https://app.example.com';

function call(simulator: ReturnType<typeof createSimulator>, method: string, path: string, headers: Record<string, string> = {}) {
  return simulator.fetch(new Request(`${SIM}${path}`, { method, headers }));
}

/** Every control call a hostile page would try, as simple requests (no preflight). */
const CALLS: [method: string, path: string][] = [
  ['POST', '/__sim/reset'],
  ['POST', '/__sim/users'],
  ['GET', '/__sim/outbox'],
  ['GET', '/__sim/guardian'],
  ['GET', '/__sim/totp'],
  ['POST', '/__sim/clock'],
  ['DELETE', '/__sim/faults'],
];

describe('control API from a browser', () => {
  test('a cross-site page is refused 403, and nothing changes', async () => {
    const simulator = createSimulator({ webOrigins: [APP] });
    const { user_id } = await (await call(simulator, 'POST', '/__sim/users')).json();
    const hostile: Record<string, string>[] = [
      { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
      { Origin: 'http://localhost:4010', 'Sec-Fetch-Site': 'same-site' },
      // A navigation or an image carries no Origin, but the browser still says where it came from.
      { 'Sec-Fetch-Site': 'cross-site' },
      // The scheme is part of the origin.
      { Origin: 'https://127.0.0.1:4010' },
    ];
    for (const headers of hostile) {
      for (const [method, path] of CALLS) {
        const answer = await call(simulator, method, path, headers);
        assert.equal(answer.status, 403, `${method} ${path} ${JSON.stringify(headers)}`);
        assert.equal((await answer.json()).error, 'access_denied');
      }
    }
    assert.ok(simulator.state.users.has(user_id), 'not reset');
    assert.equal(simulator.state.users.size, 1, 'no user created');
  });

  test('the simulator’s own origin, its web origins and clients without an Origin may use it', async () => {
    const simulator = createSimulator({ webOrigins: [APP] });
    const allowed: Record<string, string>[] = [
      {},
      { 'Sec-Fetch-Site': 'none' },
      { Origin: SIM },
      { Origin: SIM, 'Sec-Fetch-Site': 'same-origin' },
      // Behind a server that forwards the page's request (the demo backend), the browser's word counts.
      { Origin: 'http://localhost:5173', 'Sec-Fetch-Site': 'same-origin' },
      { Origin: APP, 'Sec-Fetch-Site': 'cross-site' },
    ];
    for (const headers of allowed) {
      const answer = await call(simulator, 'POST', '/__sim/users', headers);
      assert.equal(answer.status, 201, JSON.stringify(headers));
    }
  });

  test('a DNS-rebinding page, same-origin under a borrowed name, is refused; IPs, localhost and known hosts pass', async () => {
    const simulator = createSimulator({ webOrigins: [APP], issuer: 'https://sim.example.test/' });
    const at = (base: string, headers: Record<string, string>) =>
      simulator.fetch(new Request(`${base}/__sim/users`, { method: 'POST', headers }));
    const rebound = 'http://rebind.evil.example:4010';
    const fromRebound: Record<string, string>[] = [{ Origin: rebound, 'Sec-Fetch-Site': 'same-origin' }, { 'Sec-Fetch-Site': 'same-origin' }, { Origin: rebound }];
    for (const headers of fromRebound) {
      const answer = await at(rebound, headers);
      assert.equal(answer.status, 403, JSON.stringify(headers));
    }
    assert.equal(simulator.state.users.size, 0, 'no user created');
    for (const base of ['http://127.0.0.1:4010', 'http://[::1]:4010', 'http://localhost:5173', 'http://app.localhost:5173', 'https://sim.example.test', 'https://app.example.com']) {
      const answer = await at(base, { Origin: base, 'Sec-Fetch-Site': 'same-origin' });
      assert.equal(answer.status, 201, base);
    }
    // Clients that are not browsers say nothing of where they come from, and keep any host (in-process URLs).
    assert.equal((await at('http://sim.test', {})).status, 201);
  });

  test('the MFA API itself is not affected: a cross-site page gets Auth0’s answers', async () => {
    const simulator = createSimulator();
    const answer = await call(simulator, 'GET', '/mfa/authenticators', { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' });
    assert.equal(answer.status, 401);
  });
});

describe('control: false', () => {
  test('every /__sim/ path is 404, the MFA API answers as before', async () => {
    const simulator = createSimulator({ control: false });
    for (const [method, path] of CALLS) {
      const answer = await call(simulator, method, path);
      assert.equal(answer.status, 404, `${method} ${path}`);
      assert.equal((await answer.json()).error, 'not_found');
    }
    assert.equal((await call(simulator, 'GET', '/.well-known/openid-configuration')).status, 200);
    assert.equal((await call(simulator, 'GET', '/mfa/authenticators')).status, 401);
  });
});

describe('command line', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));

  async function run(...args: string[]) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/simulator/cli.ts', '--port', '0', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const url = await new Promise<string | undefined>((resolve) => {
      child.stdout!.on('data', (chunk) => {
        stdout += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(stdout);
        if (match) resolve(match[1]);
      });
      child.once('exit', () => resolve(undefined));
    });
    return {
      url,
      output: () => ({ stdout, stderr }),
      async stop() {
        if (child.exitCode === null) {
          child.kill('SIGTERM');
          await once(child, 'close');
        }
      },
    };
  }

  test('--no-control serves the MFA API without /__sim/', async () => {
    const sim = await run('--no-control');
    try {
      assert.ok(sim.url, sim.output().stderr);
      assert.equal((await fetch(`${sim.url}/__sim/users`, { method: 'POST' })).status, 404);
      assert.equal((await fetch(`${sim.url}/.well-known/jwks.json`)).status, 200);
      assert.match(sim.output().stdout, /control API off/);
    } finally {
      await sim.stop();
    }
  });

  test('a non-loopback --host is warned about loudly, before binding', async () => {
    // 192.0.2.1 (TEST-NET-1) is on no interface here: the warning comes first, then the bind fails.
    const sim = await run('--host', '192.0.2.1');
    await sim.stop();
    const { stderr } = sim.output();
    assert.match(stderr, /WARNING/);
    assert.match(stderr, /192\.0\.2\.1/);
    assert.match(stderr, /--no-control/);
    const loopback = await run('--host', '127.0.0.1');
    await loopback.stop();
    assert.doesNotMatch(loopback.output().stderr, /WARNING/);
  });
});
