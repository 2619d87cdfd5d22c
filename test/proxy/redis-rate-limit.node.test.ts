/** redisRateLimit against a real Redis: one limit across proxy processes, its window, its failure modes. */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { redisRateLimit, type RedisRateLimitOptions } from '../../src/proxy/index.ts';
import { startRedis } from './redis.ts';
import { CLIENT, call, startStack, startUpstream } from './setup.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
type Redis = Awaited<ReturnType<typeof startRedis>>;

let redis: Redis;
let client: ReturnType<typeof createClient>;
before(async () => {
  redis = await startRedis();
  client = createClient({ url: redis.url });
  await client.connect();
});
after(async () => {
  await client?.close();
  await redis?.close();
});

/** A call that always reaches upstream when let through (which answers 401 to the made-up token). */
const list = (base: string, token = 'some-user-token') => call(`${base}/mfa/authenticators`, { headers: { Authorization: `Bearer ${token}` } });

function startProxyProcess(upstream: string, limit: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/proxy/redis-proxy-process.ts'], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: redis.url, MFA_UPSTREAM: upstream, AUTH0_CLIENT_ID: CLIENT.client_id, AUTH0_CLIENT_SECRET: CLIENT.client_secret, LIMIT: String(limit) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const url = output.match(/listening on (http:\/\/\S+)\n/)?.[1];
      if (url) resolve({ url, child });
    });
    child.once('exit', (code) => reject(new Error(`proxy process exited with ${code}: ${output}`)));
  });
}

describe('redisRateLimit', () => {
  test('two proxy processes sharing one Redis enforce one limit together', async () => {
    await client.flushAll();
    const upstream = await startUpstream();
    const limit = 5;
    const proxies = await Promise.all([startProxyProcess(upstream.url, limit), startProxyProcess(upstream.url, limit)]);
    try {
      const answers = [];
      // Alternating, as a load balancer would: each process alone would let `limit` through.
      for (let i = 0; i < 12; i++) answers.push({ proxy: i % 2, ...(await list(proxies[i % 2].url)) });
      const passed = answers.filter((a) => a.status !== 429);
      assert.equal(passed.length, limit);
      assert.deepEqual(new Set(passed.map((a) => a.proxy)), new Set([0, 1]));
      assert.equal(upstream.recorded.length, limit);
      for (const refused of answers.slice(limit)) {
        assert.equal(refused.status, 429);
        assert.equal(refused.body.error, 'too_many_requests');
        const retryAfter = Number(refused.headers.get('retry-after'));
        assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      }
    } finally {
      for (const { child } of proxies) child.kill('SIGTERM');
      await upstream.close();
    }
  });

  test('counts per key, and the window ends', async () => {
    await client.flushAll();
    const stack = await startStack({ rateLimit: redisRateLimit({ redis: client, limit: 2, windowS: 1, failMode: 'closed', key: ({ mfaToken }) => mfaToken }) });
    try {
      assert.deepEqual([(await list(stack.proxy.url, 'a')).status, (await list(stack.proxy.url, 'a')).status], [401, 401]);
      const refused = await list(stack.proxy.url, 'a');
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '1');
      assert.equal((await list(stack.proxy.url, 'b')).status, 401, 'another key has its own count');
      await sleep(1100);
      assert.equal((await list(stack.proxy.url, 'a')).status, 401, 'a new window');
      assert.equal(stack.recorded.length, 4);
    } finally {
      await stack.close();
    }
  });

  test('stores a hash of the key, never the key: a token used as the key stays out of Redis', async () => {
    await client.flushAll();
    const token = `secret-token-${Date.now()}`;
    const stack = await startStack({ rateLimit: redisRateLimit({ redis: client, limit: 9, windowS: 60, failMode: 'closed', key: ({ mfaToken }) => mfaToken }) });
    try {
      await list(stack.proxy.url, token);
      const keys = await client.keys('*');
      assert.equal(keys.length, 1);
      assert.match(keys[0], /^mfa-proxy:rate:[0-9a-f]{64}$/);
      assert.ok(!keys[0].includes(token));
      assert.ok((await client.pTTL(keys[0])) > 59_000);
    } finally {
      await stack.close();
    }
  });

  test('when Redis is gone: open lets calls through, closed answers 503 and sends nothing upstream', async () => {
    const doomed = await startRedis();
    const doomedClient = createClient({ url: doomed.url, socket: { reconnectStrategy: 50 } });
    doomedClient.on('error', () => undefined);
    await doomedClient.connect();
    await doomed.close();
    const errors: unknown[] = [];
    const options = { redis: doomedClient, limit: 1, windowS: 60, timeoutMs: 100, onError: (error: unknown) => void errors.push(error) };
    const open = await startStack({ rateLimit: redisRateLimit({ ...options, failMode: 'open' }) });
    const closed = await startStack({ rateLimit: redisRateLimit({ ...options, failMode: 'closed' }) });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await list(open.proxy.url)).status, 401);
      assert.equal(open.recorded.length, 3);
      const refused = await list(closed.proxy.url);
      assert.equal(refused.status, 503);
      assert.equal(refused.body.error, 'temporarily_unavailable');
      assert.equal(refused.headers.get('retry-after'), '1');
      assert.equal(closed.recorded.length, 0);
      assert.equal(errors.length, 4);
    } finally {
      await open.close();
      await closed.close();
      doomedClient.destroy();
    }
  });

  test('refuses options that would not limit as meant', () => {
    const good: RedisRateLimitOptions = { redis: client, limit: 5, windowS: 60, failMode: 'closed' };
    assert.doesNotThrow(() => redisRateLimit(good));
    for (const bad of [{ failMode: undefined }, { failMode: 'maybe' }, { limit: 0 }, { limit: 1.5 }, { windowS: 0 }, { redis: {} }, { timeoutMs: -1 }]) {
      assert.throws(() => redisRateLimit({ ...good, ...bad } as unknown as RedisRateLimitOptions), TypeError, JSON.stringify(bad));
    }
  });
});
