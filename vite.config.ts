import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { mfaElements } from './src/vite/index.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const SCRIPT = '/mfa-elements.js';

/** The script-tag page loads the one-file build; in development that is the define entry. */
function scriptTagEntry(): Plugin {
  return {
    name: 'mfa-demo-script-tag',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.url === SCRIPT) req.url = `/@fs${resolve(root, 'src/define/index.ts')}`;
        next();
      });
    },
  };
}

const demo: UserConfig = {
  root: 'demo',
  // The backend (browser → proxy → simulator or a real Auth0 tenant) is the one any app gets from mfa-elements/vite.
  plugins: [mfaElements(), scriptTagEntry()],
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
