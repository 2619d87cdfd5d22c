/**
 * A `rateLimit` hook whose counts live in Redis, so that every instance of the proxy behind a load
 * balancer enforces one limit together. A fixed window per key: the first call starts it, Redis
 * expires it, and one Lua script counts and reads the time left atomically, on Redis's clock.
 * The package depends on no Redis client: pass yours (see `RedisCommands`).
 */
import { refusals } from './errors.ts';
import type { RateLimitContext } from './proxy.ts';

/**
 * The one method the limiter needs: send a command, get its reply. node-redis (`redis`, v4 and
 * later) fits as it is: `{ redis: client }`. ioredis: `{ redis: { sendCommand: ([name, ...args]) =>
 * client.call(name, ...args) } }`.
 */
export interface RedisCommands {
  sendCommand(args: string[]): Promise<unknown>;
}

export interface RedisRateLimitOptions {
  redis: RedisCommands;
  /** Calls allowed per key in a window. */
  limit: number;
  /** The window, in seconds; it starts at a key's first call. */
  windowS: number;
  /**
   * When Redis fails or answers later than `timeoutMs`: `'open'` lets the call through uncounted
   * (the MFA service's own limits still hold), `'closed'` answers 503 `temporarily_unavailable`
   * and sends nothing upstream. No default: choose.
   */
  failMode: 'open' | 'closed';
  /** What is counted: by default the caller's address (all callers without one share `unknown`); undefined counts nothing. */
  key?: (context: RateLimitContext) => string | undefined;
  /** Prefix of the Redis keys (default `mfa-proxy:rate:`); the key itself is stored as a SHA-256 hash, so a token used as key is never stored. */
  prefix?: string;
  /** How long to wait for Redis (default 250 ms). */
  timeoutMs?: number;
  /** Told of each Redis failure, to log or count it; the call then goes as `failMode` says. */
  onError?: (error: unknown) => void;
}

/** Counts the call, sets the window on the first one (or on a key that lost its expiry), returns [count, ms left]. */
const COUNT_SCRIPT = `local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The hook for `createMfaProxy({ rateLimit: redisRateLimit({ … }) })`; options are checked now. */
export function redisRateLimit(options: RedisRateLimitOptions) {
  const { redis, limit, windowS, failMode, key = ({ ip }) => ip ?? 'unknown', prefix = 'mfa-proxy:rate:', timeoutMs = 250, onError } = options;
  if (typeof redis?.sendCommand !== 'function') throw new TypeError('redis must have sendCommand(args), as a node-redis client does');
  if (!Number.isSafeInteger(limit) || limit <= 0) throw new TypeError('limit must be a positive integer');
  if (!Number.isFinite(windowS) || windowS <= 0) throw new TypeError('windowS must be a positive number of seconds');
  if (failMode !== 'open' && failMode !== 'closed') throw new TypeError("failMode must be 'open' or 'closed'");
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError('timeoutMs must be a positive number');
  const windowMs = String(Math.max(1, Math.round(windowS * 1000)));

  return async (context: RateLimitContext): Promise<{ retryAfterS: number } | undefined> => {
    const name = key(context);
    if (name === undefined) return undefined;
    let reply: unknown;
    try {
      const redisKey = prefix + (await sha256(name));
      reply = await withTimeout(redis.sendCommand(['EVAL', COUNT_SCRIPT, '1', redisKey, windowMs]), timeoutMs);
      if (!Array.isArray(reply) || reply.length !== 2) throw new Error('Unexpected reply from the rate-limit script');
    } catch (error) {
      try {
        onError?.(error);
      } catch {
        // A broken reporter changes nothing.
      }
      if (failMode === 'open') return undefined;
      throw refusals.rateLimitUnavailable();
    }
    const [count, msLeft] = reply.map(Number);
    return count > limit ? { retryAfterS: Math.max(1, Math.ceil(msLeft / 1000)) } : undefined;
  };
}
