/**
 * Time from the `/mfa/associate` answer to a drawn QR code in <mfa-enroll factor="otp">: headless Chromium, the
 * element built as a page would ship it (esbuild, minified, the QR code generator a lazy chunk), served with the
 * simulator from one origin on loopback.
 * - cold: a fresh browser context each run (empty cache): the generator chunk loads during the enrollment;
 * - warm: a second enrollment on the same page: the generator is already loaded;
 * - slow network: cold, with 150 ms added to every request and 1.6 Mbit/s down (Chromium's network emulation).
 * The answer's time is its Resource Timing `responseEnd`; "drawn" is the first animation frame after the SVG is in
 * the element's shadow root (the frame that paints it).
 * Run: npx tsx bench/qr-time.ts [runs per case, default 30]
 */
import { build } from 'esbuild';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, NO_CHROMIUM, findChromium } from '../scripts/find-chromium.mjs';
import { toNodeListener } from '../src/server/node-adapter.ts';
import { createSimulator } from '../src/simulator/index.ts';

const RUNS = Number(process.argv[2] ?? 30);
const simulator = createSimulator();

const bundle = await build({
  entryPoints: { app: 'src/define/mfa-enroll.ts' },
  bundle: true,
  minify: true,
  splitting: true,
  format: 'esm',
  target: 'es2022',
  outdir: '/app',
  write: false,
  legalComments: 'none',
  logLevel: 'error',
});
// Served gzipped, as a page would serve them.
const files = new Map(bundle.outputFiles.map((file) => [file.path.replace(/^\/app/, ''), gzipSync(file.contents, { level: 9 })]));
const generatorChunk = bundle.outputFiles.find((file) => file.text.includes('Kanji'))!.path.replace(/^\/app/, '');
const page = '<!doctype html><html lang="en"><body><script type="module" src="/app.js"></script></body></html>';
const server = createServer(
  toNodeListener(async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/') return new Response(page, { headers: { 'Content-Type': 'text/html' } });
    const file = files.get(pathname);
    if (file !== undefined) {
      return new Response(file, {
        headers: { 'Content-Type': 'text/javascript', 'Content-Encoding': 'gzip', 'Cache-Control': 'max-age=3600' },
      });
    }
    return simulator.fetch(request);
  }),
);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function newToken(): Promise<string> {
  const response = await simulator.fetch(
    new Request(`${base}/__sim/users`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }),
  );
  return ((await response.json()) as { mfa_token: string }).mfa_token;
}

interface Sample {
  /** associate's responseEnd → the SVG in the shadow root. */
  toDom: number;
  /** associate's responseEnd → the frame that paints it. */
  toFrame: number;
  /** The generator chunk's responseEnd − associate's responseEnd (negative: it was there first), if it loaded. */
  chunkAfter?: number;
}

/** Mounts an enrollment and measures its QR code. */
function measure(tab: Page, token: string): Promise<Sample> {
  return tab.evaluate(
    ({ token, clientId, generatorChunk }) =>
      new Promise<Sample>((resolve) => {
        performance.clearResourceTimings();
        document.querySelector('mfa-enroll')?.remove();
        const element = document.createElement('mfa-enroll') as HTMLElement & { tokenProvider: () => string };
        element.setAttribute('api-base', '/');
        element.setAttribute('client-id', clientId);
        element.setAttribute('factor', 'otp');
        element.tokenProvider = () => token;
        document.body.append(element);
        const observer = new MutationObserver(() => {
          if (!element.shadowRoot!.querySelector('svg[role="img"]')) return;
          observer.disconnect();
          const inDom = performance.now();
          requestAnimationFrame(() => {
            const frame = performance.now();
            const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
            const answered = resources.find((r) => r.name.endsWith('/mfa/associate'))!.responseEnd;
            const chunk = resources.find((r) => r.name.endsWith(generatorChunk));
            resolve({
              toDom: inDom - answered,
              toFrame: frame - answered,
              ...(chunk && { chunkAfter: chunk.responseEnd - answered }),
            });
          });
        });
        observer.observe(element.shadowRoot!, { subtree: true, childList: true });
      }),
    { token, clientId: simulator.options.publicClientId, generatorChunk },
  );
}

async function cold(browser: Browser, slow: boolean): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    if (slow) {
      const cdp = await context.newCDPSession(tab);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 150,
        downloadThroughput: (1.6 * 1024 * 1024) / 8,
        uploadThroughput: (750 * 1024) / 8,
      });
    }
    await tab.goto(base);
    await tab.waitForFunction(() => customElements.get('mfa-enroll'));
    samples.push(await measure(tab, await newToken()));
    await context.close();
  }
  return samples;
}

async function warm(browser: Browser): Promise<Sample[]> {
  const tab = await browser.newPage();
  await tab.goto(base);
  await tab.waitForFunction(() => customElements.get('mfa-enroll'));
  await measure(tab, await newToken()); // loads the generator
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await measure(tab, await newToken()));
  await tab.close();
  return samples;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

const executablePath = findChromium();
if (!executablePath) throw new Error(NO_CHROMIUM);
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
try {
  await cold(browser, false); // warms up the server and the browser
  const cases: [string, Sample[]][] = [
    ['cold (generator loads during the enrollment)', await cold(browser, false)],
    ['warm (generator already loaded)', await warm(browser)],
    ['cold, slow network (+150 ms a request, 1.6 Mbit/s)', await cold(browser, true)],
  ];
  console.log(`${RUNS} runs per case; from the associate answer to the QR code:`);
  console.log('| case | in the DOM, median | drawn, median | drawn, p95 | generator chunk arrived, median |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, samples] of cases) {
    const chunk = samples.flatMap((s) => (s.chunkAfter === undefined ? [] : [s.chunkAfter]));
    console.log(
      `| ${name} | ${ms(percentile(samples.map((s) => s.toDom), 50))} | ${ms(percentile(samples.map((s) => s.toFrame), 50))} | ` +
        `${ms(percentile(samples.map((s) => s.toFrame), 95))} | ${chunk.length ? `${ms(percentile(chunk, 50))} after the answer` : 'already loaded'} |`,
    );
  }
} finally {
  await browser.close();
  server.close();
}
