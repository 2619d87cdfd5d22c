import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { auth0FromEnv, createDemoBackend } from './demo/server/backend.ts';
import { toNodeMiddleware } from './src/server/node-adapter.ts';

const DEMO_PATHS = ['/mfa-api', '/demo/', '/sim/'];

/** The demo's backend inside the dev server: browser → proxy → simulator (or a real Auth0 tenant). */
function demoBackend(): Plugin {
  return {
    name: 'mfa-demo-backend',
    configureServer(server) {
      const auth0 = auth0FromEnv(process.env);
      const backend = toNodeMiddleware(createDemoBackend(auth0));
      server.middlewares.use((req, res, next) => {
        if (DEMO_PATHS.some((path) => req.url?.startsWith(path))) backend(req, res, next);
        else next();
      });
      server.httpServer?.once('listening', () => {
        console.log(auth0 ? `  Demo on Auth0 tenant ${auth0.domain}` : '  Demo on the embedded Auth0 MFA API simulator');
      });
    },
  };
}

export default defineConfig({
  root: 'demo',
  plugins: [demoBackend()],
  server: { port: 5173, strictPort: false, open: !process.env.CI && !process.env.NO_OPEN },
  build: {
    outDir: resolve(__dirname, 'dist/demo'),
    emptyOutDir: true,
    rollupOptions: { input: { index: resolve(__dirname, 'demo/index.html'), 'script-tag': resolve(__dirname, 'demo/script-tag.html') } },
  },
});
