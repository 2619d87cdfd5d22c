import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { BACKEND_PATHS, auth0FromEnv, createDemoBackend } from './demo/server/backend.ts';
import { toNodeMiddleware } from './src/server/node-adapter.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const SCRIPT = '/mfa-elements.js';

/** The demo's backend inside the dev server: browser → proxy → simulator (or a real Auth0 tenant). */
function demoBackend(): Plugin {
  return {
    name: 'mfa-demo-backend',
    configureServer(server) {
      const auth0 = auth0FromEnv(process.env);
      const backend = toNodeMiddleware(createDemoBackend(auth0));
      server.middlewares.use((req, res, next) => {
        // The script-tag page loads the one-file build; in development that is the define entry.
        if (req.url === SCRIPT) req.url = `/@fs${resolve(root, 'src/define/index.ts')}`;
        if (BACKEND_PATHS.some((path) => req.url?.startsWith(path))) backend(req, res, next);
        else next();
      });
      server.httpServer?.once('listening', () => {
        console.log(auth0 ? `  Demo on Auth0 tenant ${auth0.domain}` : '  Demo on the embedded Auth0 MFA API simulator');
      });
    },
  };
}

const demo: UserConfig = {
  root: 'demo',
  plugins: [demoBackend()],
  // qrcode is imported only when a QR code is shown: found then, it would make the dev server reload the page.
  optimizeDeps: { include: ['qrcode'] },
  server: { port: 5173, strictPort: false, open: !process.env.CI && !process.env.NO_OPEN },
  build: {
    outDir: resolve(root, 'dist/demo'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: { index: resolve(root, 'demo/index.html'), 'script-tag': resolve(root, 'demo/script-tag.html') },
    },
  },
};

/** `vite build --mode script`: one self-contained ES module (lit, qrcode and languages inlined) that registers the elements. */
const script: UserConfig = {
  build: {
    outDir: resolve(root, 'dist/demo'),
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    lib: { entry: resolve(root, 'src/define/index.ts'), formats: ['es'], fileName: () => SCRIPT.slice(1) },
    // Vite keeps whitespace in library builds; a script-tag file is for loading, not bundling.
    rollupOptions: { output: { codeSplitting: false, minify: true } },
  },
};

export default defineConfig(({ mode }) => (mode === 'script' ? script : demo));
