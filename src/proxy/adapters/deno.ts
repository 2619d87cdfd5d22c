/**
 * The proxy on Deno, configured from the environment like the CLI:
 * `deno serve --port 4020 --allow-net --allow-env src/proxy/adapters/deno.ts`
 * (`--parallel` runs one per core). Deno passes the client's address as the handler's second argument.
 */
import { proxyOptionsFromEnv } from '../env.ts';
import { createMfaProxy } from '../proxy.ts';

// Through globalThis, so this file type-checks with Deno's types and without them.
const { Deno } = globalThis as unknown as { Deno: { env: { get(name: string): string | undefined } } };

export default { fetch: createMfaProxy(proxyOptionsFromEnv((name) => Deno.env.get(name))) };
