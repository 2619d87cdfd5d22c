/**
 * `npx tsx bench/proxy.ts`: what the proxy costs. Starts the simulator and the proxy in front of it
 * (each its own process, as deployed, both on 127.0.0.1), then sends the same calls to each, in one
 * run: latency one request at a time (p50, p99), and throughput at a bounded concurrency.
 * Prints a Markdown table for BENCHMARKS.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { totp } from '../src/simulator/totp.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLIENT = { client_id: 'bench-client', client_secret: 'bench-secret' };
const SEQUENTIAL = 2000; // requests, one at a time, per target and call
const LOADED = 6000; // requests at CONCURRENCY, per target and call
const CONCURRENCY = 16;
const WARM_UP = 300;

const children: ChildProcess[] = [];

/** Starts a CLI and resolves with the URL it prints. */
function start(script: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const url = output.match(/listening on (http:\/\/\S+)\n/)?.[1];
      if (url) resolve(url);
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

interface Call {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** One request; resolves with its status once the answer is read. */
function send(base: string, call: Call): Promise<number> {
  const url = new URL(call.path, `${base}/`);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: call.method, headers: call.headers, agent },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      },
    );
    req.on('error', reject);
    req.end(call.body);
  });
}

/** `count` requests, `concurrency` at a time: each one's latency, and the elapsed time. */
async function run(base: string, call: Call, count: number, concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const t0 = performance.now();
        const status = await send(base, call);
        latencies.push(performance.now() - t0);
        if (status !== 200) throw new Error(`${call.method} ${call.path} answered ${status}`);
      }
    }),
  );
  return { latencies, elapsedMs: performance.now() - started };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function json(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  return response.json();
}

try {
  const simulator = await start('src/simulator/cli.ts', ['--port', '0', '--client-id', CLIENT.client_id, '--client-secret', CLIENT.client_secret, '--rate-limit', 'off']);
  const proxy = await start('src/proxy/cli.ts', ['--port', '0', '--quiet'], {
    MFA_UPSTREAM: simulator,
    AUTH0_CLIENT_ID: CLIENT.client_id,
    AUTH0_CLIENT_SECRET: CLIENT.client_secret,
  });

  // A user with a confirmed TOTP authenticator: both calls answer 200 and trip no rate limit.
  const post = (body: unknown, token?: string): RequestInit => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  const user = await json(`${simulator}/__sim/users`, post({}));
  const { secret } = await json(`${simulator}/mfa/associate`, post({ authenticator_types: ['otp'] }, user.mfa_token));
  const now = Date.parse((await json(`${simulator}/__sim/clock`)).now);
  await json(`${simulator}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...CLIENT, grant_type: 'http://auth0.com/oauth/grant-type/mfa-otp', mfa_token: user.mfa_token, otp: await totp(secret, now) }),
  });

  const list: Call = { method: 'GET', path: 'mfa/authenticators', headers: { Authorization: `Bearer ${user.mfa_token}` } };
  const challenge = (client: object): Call => {
    const body = JSON.stringify({ ...client, mfa_token: user.mfa_token, challenge_type: 'otp' });
    return { method: 'POST', path: 'mfa/challenge', headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) }, body };
  };
  const scenarios = [
    { name: 'GET /mfa/authenticators', direct: list, proxied: list },
    { name: 'POST /mfa/challenge (otp)', direct: challenge(CLIENT), proxied: challenge({}) },
  ];

  const rows: string[] = [];
  const started = performance.now();
  for (const scenario of scenarios) {
    const targets = [
      { name: 'simulator alone', base: simulator, call: scenario.direct },
      { name: 'through the proxy', base: proxy, call: scenario.proxied },
    ];
    const results = new Map<string, { latencies: number[]; rps: number[] }>(targets.map((t) => [t.name, { latencies: [], rps: [] }]));
    for (const target of targets) await run(target.base, target.call, WARM_UP, CONCURRENCY);
    // Two alternating rounds, so drift on a shared machine lands on both sides.
    for (let round = 0; round < 2; round++) {
      for (const target of targets) {
        const result = results.get(target.name)!;
        result.latencies.push(...(await run(target.base, target.call, SEQUENTIAL / 2, 1)).latencies);
        const loaded = await run(target.base, target.call, LOADED / 2, CONCURRENCY);
        result.rps.push((LOADED / 2 / loaded.elapsedMs) * 1000);
      }
    }
    const summary = targets.map((target) => {
      const { latencies, rps } = results.get(target.name)!;
      latencies.sort((a, b) => a - b);
      return { name: target.name, p50: percentile(latencies, 50), p99: percentile(latencies, 99), rps: rps.reduce((a, b) => a + b) / rps.length };
    });
    const [alone, proxied] = summary;
    for (const s of summary) {
      rows.push(`| ${scenario.name} | ${s.name} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${Math.round(s.rps)} |`);
    }
    rows.push(
      `| ${scenario.name} | **proxy ÷ alone** | **${(proxied.p50 / alone.p50).toFixed(2)}×** (+${(proxied.p50 - alone.p50).toFixed(2)} ms) | **${(proxied.p99 / alone.p99).toFixed(2)}×** (+${(proxied.p99 - alone.p99).toFixed(2)} ms) | **${(proxied.rps / alone.rps).toFixed(2)}×** |`,
    );
  }

  console.log(`Node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim()}), ${new Date().toISOString().slice(0, 10)}`);
  console.log(`Latency: ${SEQUENTIAL} requests one at a time per target and call. Throughput: ${LOADED} requests, ${CONCURRENCY} at a time, keep-alive. ${WARM_UP} warm-up requests each.`);
  console.log(`Measured in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
  console.log('| call | target | p50 ms | p99 ms | requests/s |');
  console.log('|---|---|---:|---:|---:|');
  for (const row of rows) console.log(row);
} finally {
  agent.destroy();
  for (const child of children) child.kill('SIGTERM');
}
