export {
  createMfaProxy,
  type MfaProxy,
  type MfaProxyOptions,
  type ProxyLogEntry,
  type RateLimitContext,
  type TokenContext,
} from './proxy.ts';
export type { PlatformInfo } from './client-ip.ts';
export { MFA_GRANTS, type MfaGrant } from './grants.ts';
export { redisRateLimit, type RedisCommands, type RedisRateLimitOptions } from './redis-rate-limit.ts';
