/**
 * `npx tsx bench/proxy.ts`: what the proxy costs. Starts the simulator, the proxy in front of it, and
 * two reference forwarders with no checks in front of it (bench/forwarder.ts: node:http piping, and
 * fetch as the proxy uses it), each its own process on 127.0.0.1, then sends the same calls to each
 * in one run: latency one request at a time (p50, p99), and throughput at a bounded concurrency.
 * Prints a Markdown table for BENCHMARKS.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { totp } from '../src/simulator/totp.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLIENT = { client_id: 'bench-client', client_secret: 'bench-secret' };
const SEQUENTIAL = 2400; // requests, one at a time, per target and call
const LOADED = 6000; // requests at CONCURRENCY, per target and call
const CONCURRENCY = 16;
const WARM_UP = 300;
const ROUNDS = 6; // the counts above are split into rounds, the targets' order rotating each round

const children: ChildProcess[] = [];

/** Starts a CLI and resolves with the URL it prints and its process id. */
function start(script: string, args: string[], env: Record<string, string> = {}): Promise<{ url: string; pid: number }> {
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
      if (url) resolve({ url, pid: child.pid! });
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

/**
 * CPU time a process has used, in ms (Linux: /proc/<pid>/stat, 10 ms ticks). Unlike requests per
 * second, what a request costs in CPU barely moves when other work shares the machine.
 */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function json(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  return response.json();
}

try {
  const { url: simulator, pid: simulatorPid } = await start('src/simulator/cli.ts', ['--port', '0', '--client-id', CLIENT.client_id, '--client-secret', CLIENT.client_secret, '--rate-limit', 'off']);
  const proxy = await start('src/proxy/cli.ts', ['--port', '0', '--quiet'], {
    MFA_UPSTREAM: simulator,
    AUTH0_CLIENT_ID: CLIENT.client_id,
    AUTH0_CLIENT_SECRET: CLIENT.client_secret,
  });
  const pipeForwarder = await start('bench/forwarder.ts', [simulator, 'pipe']);
  const fetchForwarder = await start('bench/forwarder.ts', [simulator, 'fetch']);

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
    // The forwarders pass calls as they come, so they get the direct ones (with the client credentials).
    // `pid`: the process in front, whose CPU per request is counted (the simulator's own is the first row's).
    const targets = [
      { name: 'simulator alone', base: simulator, pid: simulatorPid, call: scenario.direct },
      { name: 'forwarder, node:http pipe', base: pipeForwarder.url, pid: pipeForwarder.pid, call: scenario.direct },
      { name: 'forwarder, fetch', base: fetchForwarder.url, pid: fetchForwarder.pid, call: scenario.direct },
      { name: 'through the proxy', base: proxy.url, pid: proxy.pid, call: scenario.proxied },
    ];
    const results = new Map(targets.map((t) => [t.name, { latencies: [] as number[], rps: [] as number[], cpuMs: 0 }]));
    for (const target of targets) await run(target.base, target.call, WARM_UP, CONCURRENCY);
    // Short rounds in rotating order, so drift on a shared machine lands on every target alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of [...targets.slice(round % targets.length), ...targets.slice(0, round % targets.length)]) {
        const result = results.get(target.name)!;
        result.latencies.push(...(await run(target.base, target.call, SEQUENTIAL / ROUNDS, 1)).latencies);
        const cpuBefore = cpuMs(target.pid);
        const loaded = await run(target.base, target.call, LOADED / ROUNDS, CONCURRENCY);
        result.cpuMs += cpuMs(target.pid) - cpuBefore;
        result.rps.push((LOADED / ROUNDS / loaded.elapsedMs) * 1000);
      }
    }
    const summary = targets.map((target) => {
      const { latencies, rps, cpuMs: cpu } = results.get(target.name)!;
      latencies.sort((a, b) => a - b);
      // Throughput: the median round, which a burst of load elsewhere on the machine does not move.
      return { name: target.name, p50: percentile(latencies, 50), p99: percentile(latencies, 99), rps: percentile(rps.sort((a, b) => a - b), 50), cpuUs: (cpu * 1000) / LOADED };
    });
    const proxied = summary.at(-1)!;
    for (const s of summary) {
      rows.push(`| ${scenario.name} | ${s.name} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${Math.round(s.rps)} | ${Math.round(s.cpuUs)} |`);
    }
    for (const reference of summary.slice(0, -1)) {
      const added = (a: number, b: number) => `${a >= b ? '+' : '−'}${Math.abs(a - b).toFixed(2)} ms`;
      rows.push(
        `| ${scenario.name} | **proxy ÷ ${reference.name}** | **${(proxied.p50 / reference.p50).toFixed(2)}×** (${added(proxied.p50, reference.p50)}) | **${(proxied.p99 / reference.p99).toFixed(2)}×** (${added(proxied.p99, reference.p99)}) | **${(proxied.rps / reference.rps).toFixed(2)}×** | ${reference.name === 'simulator alone' ? '' : `**${(proxied.cpuUs / reference.cpuUs).toFixed(2)}×**`} |`,
      );
    }
  }

  console.log(`Node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim()}), ${new Date().toISOString().slice(0, 10)}`);
  console.log(`Latency: ${SEQUENTIAL} requests one at a time per target and call. Throughput: ${LOADED} requests, ${CONCURRENCY} at a time, keep-alive, median of ${ROUNDS} rounds. ${WARM_UP} warm-up requests each.`);
  console.log(`Measured in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
  console.log('| call | target | p50 ms | p99 ms | requests/s | CPU µs/request in front |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
} finally {
  agent.destroy();
  for (const child of children) child.kill('SIGTERM');
}
