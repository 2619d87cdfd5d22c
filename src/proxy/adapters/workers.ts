/**
 * The proxy as a Cloudflare Worker: `main` in wrangler.toml. Configured by the Worker's bindings,
 * with the same names as the CLI's environment (`AUTH0_CLIENT_SECRET` as a secret:
 * `wrangler secret put AUTH0_CLIENT_SECRET`).
 */
import { proxyOptionsFromEnv } from '../env.ts';
import { createMfaProxy, type MfaProxy } from '../proxy.ts';

type Bindings = Record<string, unknown>;

/** One proxy per bindings object: Workers hand the same one to every request of an isolate. */
const proxies = new WeakMap<Bindings, MfaProxy>();

export default {
  fetch(request: Request, env: Bindings): Promise<Response> {
    let proxy = proxies.get(env);
    if (!proxy) {
      proxy = createMfaProxy(proxyOptionsFromEnv((name) => (typeof env[name] === 'string' ? env[name] : undefined)));
      proxies.set(env, proxy);
    }
    // Cloudflare's edge sets CF-Connecting-IP, and a caller cannot: the rateLimit hook's `ip`.
    return proxy(request, { ip: request.headers.get('cf-connecting-ip') ?? undefined });
  },
};
