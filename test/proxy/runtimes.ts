/**
 * Starts the proxy's runtime entries (src/proxy/adapters/) in their own runtimes, on 127.0.0.1, as
 * child processes: Deno, Bun and workerd, each from its npm package's binary (devDependencies; the
 * binary ships in a per-platform optional dependency, so nothing is downloaded here). Configured
 * like the CLI, from the environment; the secret never goes into a file or an argument.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { ProxyUnderTest } from './flows.ts';
import { CLIENT } from './setup.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STARTUP_MS = 20_000;

/**
 * The runtime's binary from node_modules/.bin; a clear failure, never a skip, when it is missing.
 * Bun's .bin entry is a stub until its postinstall moves the binary in (`npm ci --ignore-scripts`
 * leaves the stub), so Bun's own platform package comes first.
 */
export function runtimeBinary(name: 'deno' | 'bun' | 'workerd'): string {
  const bunPlatform = `@oven/bun-${process.platform}-${process.arch === 'arm64' ? 'aarch64' : process.arch}`;
  const candidates = [
    ...(name === 'bun' ? [join(ROOT, 'node_modules', bunPlatform, 'bin', 'bun')] : []),
    join(ROOT, 'node_modules', '.bin', name),
  ];
  const path = candidates.find((candidate) => existsSync(candidate));
  if (!path) throw new Error(`${candidates.at(-1)} is missing: ${name} is a devDependency, run \`npm ci\``);
  return path;
}

/** The proxy's configuration, as every entry reads it (src/proxy/env.ts). */
const proxyEnv = (upstream: string) => ({
  MFA_UPSTREAM: upstream,
  AUTH0_CLIENT_ID: CLIENT.client_id,
  AUTH0_CLIENT_SECRET: CLIENT.client_secret,
});

interface Launch {
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Finds the port in what the runtime prints, on stdout, stderr or the control descriptor 3. */
  port: (output: string) => number | undefined;
  /** Removed after the process ends. */
  tempDir?: string;
}

/** Spawns the runtime with only the environment it needs, and resolves once it listens. */
function launch({ command, args, env, port, tempDir }: Launch): Promise<ProxyUnderTest> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tempDir ?? tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    let output = '';
    let listening = false;
    const timer = setTimeout(() => fail(`did not listen within ${STARTUP_MS} ms`), STARTUP_MS);
    const fail = (why: string) => {
      if (listening) return;
      clearTimeout(timer);
      void close();
      reject(new Error(`${command} ${args.join(' ')} ${why}:\n${output}`));
    };
    for (const stream of [child.stdout, child.stderr, child.stdio[3]]) {
      stream?.on('data', (chunk) => {
        output += chunk;
        const found = port(output);
        if (found && !listening) {
          listening = true;
          clearTimeout(timer);
          resolve({ url: `http://127.0.0.1:${found}`, close });
        }
      });
    }
    child.once('error', (error) => fail(`could not start (${error.message})`));
    child.once('exit', (code, signal) => fail(`exited with ${code ?? signal}`));
  });
}

const printedPort = (output: string) => Number(output.match(/http:\/\/127\.0\.0\.1:(\d+)/)?.[1]) || undefined;

/** `deno serve` on a free port, allowed to reach 127.0.0.1 and read the proxy's variables only. */
export function serveOnDeno(upstream: string): Promise<ProxyUnderTest> {
  const env = proxyEnv(upstream);
  const tempDir = mkdtempSync(join(tmpdir(), 'mfa-deno-'));
  return launch({
    command: runtimeBinary('deno'),
    args: [
      'serve', '--host', '127.0.0.1', '--port', '0', '--no-lock', '--no-prompt',
      '--allow-net=127.0.0.1', `--allow-env=${Object.keys(env).join(',')},AUTH0_DOMAIN,MFA_ALLOWED_ORIGINS`,
      'src/proxy/adapters/deno.ts',
    ],
    env: { ...env, DENO_DIR: tempDir, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    port: printedPort,
    tempDir,
  });
}

/** `bun run` of the entry, which Bun serves (its default export) on a free port. */
export function serveOnBun(upstream: string): Promise<ProxyUnderTest> {
  const tempDir = mkdtempSync(join(tmpdir(), 'mfa-bun-'));
  return launch({
    command: runtimeBinary('bun'),
    args: ['run', 'src/proxy/adapters/bun.ts'],
    env: { ...proxyEnv(upstream), PORT: '0', BUN_INSTALL_CACHE_DIR: tempDir, NO_COLOR: '1' },
    port: printedPort,
    tempDir,
  });
}

/**
 * workerd, the Workers runtime, with the entry bundled by esbuild (workerd runs JavaScript) and a
 * Cap'n Proto config: the bindings come from the environment, outbound requests may reach
 * loopback (the simulator), and workerd reports its port on descriptor 3.
 */
export async function serveOnWorkerd(upstream: string): Promise<ProxyUnderTest> {
  const tempDir = mkdtempSync(join(tmpdir(), 'mfa-workerd-'));
  await build({
    entryPoints: [join(ROOT, 'src/proxy/adapters/workers.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    outfile: join(tempDir, 'worker.js'),
    logLevel: 'error',
  });
  const env = proxyEnv(upstream);
  const bindings = Object.keys(env).map((name) => `(name = "${name}", fromEnvironment = "${name}")`);
  writeFileSync(
    join(tempDir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "proxy", worker = .proxy),
    (name = "network", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "proxy")],
);
const proxy :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2025-09-01",
  bindings = [${bindings.join(', ')}],
  globalOutbound = "network",
);
`,
  );
  return launch({
    command: runtimeBinary('workerd'),
    args: ['serve', join(tempDir, 'config.capnp'), '--control-fd=3'],
    env,
    port: (output) => Number(output.match(/"event":"listen","socket":"http","port":(\d+)/)?.[1]) || undefined,
    tempDir,
  });
}
