/**
 * A real Redis for the rate-limit tests: Debian's redis-server on a free loopback port, nothing
 * saved to disk. Missing, it fails loudly (`.ci/run` installs it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { close, listen } from './setup.ts';

export async function startRedis() {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error('redis-server is missing: `apt-get install -y redis-server` (.ci/run installs it when absent)');
  }
  const probe = createServer();
  const port = new URL(await listen(probe)).port;
  await close(probe);
  const child = spawn('redis-server', ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${output}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
