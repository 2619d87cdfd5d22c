/**
 * The package as a user gets it: `npm pack` (whose prepack builds it) into a directory outside the repository,
 * then installed into projects there, run with the commands their users would run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The projects run on the Node that runs the tests, without this repository's tsx loader nor its node:test context
// (a project's own `node --test` would report to ours); no colours in their output.
const { NODE_OPTIONS: _, NODE_TEST_CONTEXT: __, ...baseEnv } = process.env;
const cleanEnv = { ...baseEnv, NO_COLOR: '1', FORCE_COLOR: '0' };

export interface Result {
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs a command to its end; a failure throws with everything it printed. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Result> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...cleanEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout, stderr, seconds: (Date.now() - started) / 1000 });
      else reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${code}\n${stdout}\n${stderr}`));
    });
  });
}

/** Starts a long-running command and waits for the line that names its URL. */
export function start(command: string, args: string[], cwd: string, ready: RegExp, env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...cleanEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${command} ${args.join(' ')} printed no URL within 180 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      const url = output.match(ready)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url: url.replace(/\/$/, '') });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited ${code}:\n${output}`));
    });
  });
}

/** `npm pack` into `dir`: the tarball's path. */
export async function pack(dir: string): Promise<string> {
  await run('npm', ['pack', '--pack-destination', dir], root);
  return join(dir, readdirSync(dir).find((name) => name.endsWith('.tgz'))!);
}

/** `npm install <tarball>` in a project: its own lockfile pins everything else; the user's npm cache is shared. */
export function installTarball(dir: string, tarball: string): Promise<Result> {
  return run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], dir);
}
