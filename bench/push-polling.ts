/**
 * Requests a push challenge makes per minute of waiting: <mfa-challenge> in headless Chromium with
 * Playwright's fake clock, against the simulator, whose clock moves in step. Nobody answers the push,
 * so the element polls until the oob_code's 5 minutes run out.
 * Run: npx tsx bench/push-polling.ts
 */
import { build } from 'esbuild';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, NO_CHROMIUM, findChromium } from '../scripts/find-chromium.mjs';
import { toNodeListener } from '../src/server/node-adapter.ts';
import { createSimulator } from '../src/simulator/index.ts';

const MINUTES = 4;
const simulator = createSimulator();
const polls: number[] = [];
const bundle = await build({
  entryPoints: ['src/define/mfa-challenge.ts'],
  bundle: true,
  format: 'esm',
  write: false,
  logLevel: 'error',
});
const page = '<!doctype html><html lang="en"><body><script type="module" src="/app.js"></script></body></html>';
const server = createServer(
  toNodeListener(async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/') return new Response(page, { headers: { 'Content-Type': 'text/html' } });
    if (pathname === '/app.js') return new Response(bundle.outputFiles[0].text, { headers: { 'Content-Type': 'text/javascript' } });
    if (pathname === '/oauth/token') polls.push(simulator.clock.now());
    return simulator.fetch(request);
  }),
);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function api(path: string, body: unknown, token?: string) {
  const response = await simulator.fetch(
    new Request(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    }),
  );
  return response.json();
}

const executablePath = findChromium();
if (!executablePath) throw new Error(NO_CHROMIUM);
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
try {
  const user = await api('/__sim/users', {});
  await api('/mfa/associate', { authenticator_types: ['oob'], oob_channels: ['auth0'] }, user.mfa_token);
  const guardian = await (await simulator.fetch(new Request(`${base}/__sim/guardian?user_id=${user.user_id}`))).json();
  await api(`/__sim/guardian/enrollments/${guardian.enrollments[0].enrollment_tx_id}/confirm`, {});
  const { mfa_token } = await api(`/__sim/users/${encodeURIComponent(user.user_id)}/mfa-token`, {});

  const tab = await browser.newPage();
  await tab.clock.install();
  await tab.goto(base);
  await tab.evaluate(
    ({ token, clientId }) => {
      const element = document.createElement('mfa-challenge') as HTMLElement & { tokenProvider: () => string };
      element.setAttribute('api-base', '/');
      element.setAttribute('client-id', clientId);
      element.tokenProvider = () => token;
      document.body.append(element);
    },
    { token: mfa_token, clientId: simulator.options.publicClientId },
  );
  // The page's timers are fake, so wait from here rather than with waitForFunction.
  while (!(await tab.evaluate(() => document.querySelector('mfa-challenge')?.shadowRoot?.textContent?.includes('Waiting')))) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const start = simulator.clock.now();
  for (let second = 0; second < MINUTES * 60; second++) {
    simulator.clock.advance(1);
    await tab.clock.runFor(1000);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  const perMinute = Array.from({ length: MINUTES }, (_, minute) =>
    polls.filter((at) => at - start >= minute * 60_000 && at - start < (minute + 1) * 60_000).length,
  );
  console.log(`POST /oauth/token per minute of waiting, minutes 1-${MINUTES}: ${perMinute.join(', ')}`);
  console.log(`average ${(polls.length / MINUTES).toFixed(1)} requests/minute; Auth0 allows 12`);
} finally {
  await browser.close();
  server.close();
}
