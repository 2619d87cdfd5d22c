/**
 * `mfa-elements/vite`: in `vite` (and `vite preview`), the backend the elements need, inside the app's own server:
 *
 *   import { mfaElements } from 'mfa-elements/vite';
 *   export default defineConfig({ plugins: [mfaElements()] });
 *
 * `<apiBase>` (default /mfa-api) is the MFA proxy in front of the in-process simulator, or of the tenant named by
 * AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (from the environment or .env files). `<devBase>`
 * (default /mfa-dev) has `POST login` for an mfa_token, `GET config`, and with the simulator its `__sim/` control
 * API. `vite build` gets nothing from it: production has its own backend.
 */
import type { Connect, Plugin } from 'vite';
import { loadEnv } from 'vite';
import { toNodeMiddleware } from '../server/node-adapter.ts';
import { auth0FromEnv, createDevBackend, type Auth0Settings, type DevBackendOptions } from './dev-backend.ts';

export { auth0FromEnv, createDevBackend };
export type { Auth0Settings, DevBackend, DevBackendConfig, DevBackendOptions, DevLogin } from './dev-backend.ts';

export interface MfaElementsPluginOptions extends Omit<DevBackendOptions, 'auth0'> {
  /** A tenant, `false` for the simulator whatever the environment says; default: read from the environment. */
  auth0?: Auth0Settings | false;
}

export function mfaElements(options: MfaElementsPluginOptions = {}): Plugin {
  let middleware: Connect.NextHandleFunction;
  let banner = '';
  const mount = (server: { middlewares: Connect.Server }) => server.middlewares.use(middleware);
  return {
    name: 'mfa-elements',
    apply: 'serve',
    configResolved(config) {
      const env = { ...loadEnv(config.mode, config.envDir || config.root, 'AUTH0_'), ...process.env };
      const auth0 = options.auth0 === false ? undefined : (options.auth0 ?? auth0FromEnv(env));
      const backend = createDevBackend({ ...options, auth0 });
      const handle = toNodeMiddleware(backend);
      middleware = (req, res, next) => {
        if (backend.handles(new URL(req.url ?? '/', 'http://host').pathname)) handle(req, res, next);
        else next();
      };
      banner = auth0
        ? `  mfa-elements: ${backend.config.apiBase} → Auth0 tenant ${auth0.domain}`
        : `  mfa-elements: ${backend.config.apiBase} → the Auth0 MFA API simulator (control API at ${options.devBase ?? '/mfa-dev'}/__sim/)`;
    },
    configureServer(server) {
      mount(server);
      server.httpServer?.once('listening', () => server.config.logger.info(banner));
    },
    configurePreviewServer(server) {
      mount(server);
    },
  };
}
