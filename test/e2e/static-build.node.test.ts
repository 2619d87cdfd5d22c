/** The static build of the demo, served by a plain file server: the proxy and simulator run inside the page. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/find-chromium.mjs';
import { totp } from '../../src/simulator/totp.ts';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
let outDir: string;
let server: Server;
let browser: Browser;
let url: string;

before(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'mfa-static-'));
  await build({ configFile: 'vite.config.ts', logLevel: 'error', build: { outDir, emptyOutDir: true } });
  // A static host: files or 404, nothing else.
  server = createServer(async (req, res) => {
    const path = normalize(new URL(req.url!, 'http://x').pathname.replace(/\/$/, '/index.html'));
    try {
      const body = await readFile(join(outDir, path));
      res.setHeader('Content-Type', TYPES[extname(path)] ?? 'application/octet-stream');
      res.end(body);
    } catch {
      res.statusCode = 404;
      res.end('Not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  server?.close();
  rmSync(outDir, { recursive: true, force: true });
});

it('enrolls an authenticator app on a static host, the simulator running in the page', async () => {
  const page = await browser.newPage();
  await page.goto(url);
  await page.getByText('Running on the embedded simulator').waitFor();
  await page.getByRole('button', { name: 'New user' }).click();
  await page.getByLabel('Factor').selectOption('otp');
  const enroll = page.locator('mfa-enroll');
  await enroll.getByText("Can't scan it?").click();
  const key = (await enroll.locator('[part="secret"]').textContent())!.replace(/\s/g, '');
  assert.match(key, /^[A-Z2-7]{32}$/);
  // The page's simulator has its own clock: the page's time is the simulator's time.
  const now = await page.evaluate(async () => Date.parse((await (await fetch('/mfa-dev/__sim/clock')).json()).now));
  await enroll.getByLabel('Then enter the 6-digit code from the app').fill(await totp(key, now));
  await enroll.getByRole('checkbox', { name: 'I have saved my recovery code' }).check();
  await enroll.getByRole('button', { name: 'Continue' }).click();
  await page.getByText('Signed in', { exact: true }).waitFor();
  await page.close();
});
