/**
 * One proxy instance for the shared-limit test, as an application would run it: its own process,
 * a node-redis client, `redisRateLimit` counting per client address. Prints its URL.
 */
import { createClient } from 'redis';
import { redisRateLimit } from '../../src/proxy/index.ts';
import { serveMfaProxy } from '../../src/proxy/node.ts';

const redis = createClient({ url: process.env.REDIS_URL });
redis.on('error', () => undefined);
await redis.connect();
const running = await serveMfaProxy({
  upstream: process.env.MFA_UPSTREAM!,
  clientId: process.env.AUTH0_CLIENT_ID!,
  clientSecret: process.env.AUTH0_CLIENT_SECRET!,
  rateLimit: redisRateLimit({ redis, limit: Number(process.env.LIMIT), windowS: 60, failMode: 'closed' }),
});
console.log(`MFA proxy listening on ${running.url}`);
process.on('SIGTERM', () => void running.close().then(() => redis.close()).then(() => process.exit(0)));
