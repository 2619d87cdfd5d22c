/**
 * The proxy on Bun, configured from the environment like the CLI:
 * `PORT=4020 bun run src/proxy/adapters/bun.ts`. Bun passes its server as the handler's second
 * argument; the proxy reads the client's address from `server.requestIP()`.
 */
import { proxyOptionsFromEnv } from '../env.ts';
import { createMfaProxy } from '../proxy.ts';

export default {
  hostname: process.env.HOST || '127.0.0.1',
  development: false,
  fetch: createMfaProxy(proxyOptionsFromEnv((name) => process.env[name])),
};
