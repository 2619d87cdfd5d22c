import { defineConfig, type Plugin } from 'vite';
import { toNodeMiddleware } from './src/server/node-adapter.ts';
import { createSimulator } from './src/simulator/index.ts';

/** The embedded simulator, inside the dev server: the demo needs nothing else running. */
function embeddedSimulator(): Plugin {
  return {
    name: 'mfa-embedded-simulator',
    configureServer(server) {
      const simulator = createSimulator();
      server.middlewares.use(toNodeMiddleware(simulator.fetch, '/sim'));
    },
  };
}

export default defineConfig({
  root: 'demo',
  plugins: [embeddedSimulator()],
  server: { port: 5173, strictPort: false },
  build: { outDir: '../dist/demo', emptyOutDir: true },
});
