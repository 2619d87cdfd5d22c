// Browser tests: Chromium through Playwright, TypeScript through esbuild, the simulator served beside the tests.
import { writeFileSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { build } from 'esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { CHROMIUM_ARGS, NO_CHROMIUM, findChromium } from './scripts/find-chromium.mjs';
import { createMfaProxy } from './src/proxy/index.ts';
import { SIMULATOR_DEFAULTS } from './src/simulator/index.ts';
import { testServers } from './test/support/servers.ts';

const executablePath = findChromium();
if (!executablePath) throw new Error(NO_CHROMIUM);

/** Writes the totals for scripts/test.mjs, which prints the closing `N passed, N failed` line. */
function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      const walk = (suite) => {
        // Tests a grep filtered out neither pass nor carry an error: they did not run.
        for (const test of suite.tests) if (test.passed) passed++; else if (!test.skipped && test.error) failed++;
        for (const child of suite.suites) walk(child);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        if (session.errors?.length) failed += 1;
      }
      if (process.env.MFA_TEST_COUNTS) writeFileSync(process.env.MFA_TEST_COUNTS, JSON.stringify({ passed, failed }));
    },
  };
}

/**
 * `qrcode` is CommonJS and the test server serves ES modules only: this serves its browser build bundled to ESM by
 * esbuild (the default export, and `create` and `toString` beside it), as Vite and bundlers do for pages.
 */
function qrcodeAsEsm() {
  const path = '/__esm/qrcode.js';
  let bundle;
  return {
    name: 'qrcode-as-esm',
    resolveImport({ source }) {
      if (source === 'qrcode') return path;
    },
    async serve(context) {
      if (context.path !== path) return undefined;
      bundle ??= build({
        stdin: { contents: "import m from 'qrcode'; export default m; export const { create, toString } = m;", resolveDir: process.cwd() },
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        write: false,
        logLevel: 'error',
      }).then((result) => result.outputFiles[0].text);
      return { body: await bundle, type: 'js' };
    },
  };
}

export default {
  files: ['test/**/*.test.ts', '!test/**/*.node.test.ts'],
  nodeResolve: true,
  concurrency: 2,
  testsFinishTimeout: 150_000,
  testFramework: { config: { timeout: 20_000, ...(process.env.MFA_GREP && { grep: process.env.MFA_GREP }) } },
  plugins: [qrcodeAsEsm(), esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' })],
  // The confidential application's proxy in front of each test file's simulator, over HTTP.
  middleware: testServers((upstream) =>
    createMfaProxy({ upstream, clientId: SIMULATOR_DEFAULTS.clientId, clientSecret: SIMULATOR_DEFAULTS.clientSecret }),
  ),
  browsers: [playwrightLauncher({ product: 'chromium', launchOptions: { executablePath, args: CHROMIUM_ARGS } })],
  reporters: [defaultReporter(), countReporter()],
};
