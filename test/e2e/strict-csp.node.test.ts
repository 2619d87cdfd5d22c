/**
 * "Works under a strict CSP", as a tested promise: a page served with
 * `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'`
 * (no 'unsafe-inline' anywhere) enrolls and challenges every factor with no CSP violation. Not the Vite dev server
 * (it injects inline scripts): an esbuild bundle of the elements and the page's script, served with the CSP header
 * by a small server of this test's own, with the demo backend (proxy and simulator) behind it on the same origin.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, NO_CHROMIUM, findChromium } from '../../scripts/find-chromium.mjs';
import { toNodeMiddleware } from '../../src/server/node-adapter.ts';
import { createDevBackend } from '../../src/vite/dev-backend.ts';
import { shot, simulatorOf, userWith, type Demo, type E2eUser } from './harness.ts';

export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'";

const HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>mfa-elements under a strict CSP</title>
    <script type="module" src="/page.js"></script>
  </head>
  <body>
    <main>
      <h1>Strict CSP</h1>
      <p id="status" role="status"></p>
    </main>
  </body>
</html>
`;

let demo: Demo;
let server: Server;
let browser: Browser;
const pages: Page[] = [];

/** The page's script and its chunks (languages, the QR code generator), bundled the way an application would. */
async function bundle(): Promise<Map<string, Uint8Array>> {
  const outdir = join(process.cwd(), 'strict-csp-bundle');
  const result = await build({
    entryPoints: { page: 'test/e2e/strict-csp/page.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir,
    write: false,
    logLevel: 'error',
  });
  return new Map(result.outputFiles.map((file) => [`/${relative(outdir, file.path)}`, file.contents]));
}

before(async () => {
  const files = await bundle();
  const devBackend = createDevBackend();
  const backend = toNodeMiddleware(devBackend);
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (devBackend.handles(path)) return backend(req, res);
    res.setHeader('Content-Security-Policy', STRICT_CSP);
    const script = files.get(path);
    if (script) {
      res.setHeader('Content-Type', 'text/javascript');
      res.end(script);
    } else if (path === '/') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(HTML);
    } else {
      res.statusCode = 404;
      res.end('Not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_CHROMIUM);
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  demo = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, browser, close: async () => undefined };
});

after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  server?.close();
});

/** Every violation the page saw: its own `securitypolicyviolation` events, and Chromium's console reports. */
const violations = new Map<Page, string[]>();

afterEach(async (t) => {
  for (const [i, page] of pages.entries()) {
    await shot(page, `strict-csp-${t.name.replace(/\W+/g, '-')}-${i}`);
    await page.close();
  }
  pages.length = 0;
});

async function open(query: Record<string, string>): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
  pages.push(page);
  page.setDefaultTimeout(15_000);
  const seen: string[] = [];
  violations.set(page, seen);
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(`console: ${message.text()}`);
  });
  await page.exposeFunction('__reportViolation', (text: string) => seen.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportViolation(text: string): void }).__reportViolation;
      report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} in ${event.sourceFile}:${event.lineNumber} "${event.sample}"`);
    });
  });
  const response = await page.goto(`${demo.url}/?${new URLSearchParams(query)}`);
  assert.equal(response?.headers()['content-security-policy'], STRICT_CSP);
  return page;
}

async function assertNoViolations(page: Page): Promise<void> {
  // Reports arrive asynchronously: give the last render a moment to report.
  await page.waitForTimeout(300);
  assert.deepEqual(violations.get(page), []);
}

const done = (page: Page, event: 'mfa-enrolled' | 'mfa-verified') => page.getByRole('status').getByText(`Done: ${event}`).waitFor();
const sim = () => simulatorOf(demo);
const newest = (userId: string) => sim().inbox(userId).lastCode();

async function signup(): Promise<{ user_id: string; email: string; password: string }> {
  // The dev login with no credentials creates a user and answers its address and password.
  const response = await fetch(`${demo.url}/mfa-dev/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  return response.json();
}

/** Saves the recovery code shown after a first enrollment or a recovery-code login: copy, download, print, confirm. */
async function saveRecoveryCode(page: Page, host: 'mfa-enroll' | 'mfa-challenge'): Promise<void> {
  const element = page.locator(host);
  await element.getByRole('checkbox', { name: 'I have saved my recovery code' }).waitFor();
  await element.getByRole('button', { name: 'Download' }).click();
  await element.getByRole('button', { name: 'Print' }).click();
  await element.getByRole('checkbox', { name: 'I have saved my recovery code' }).check();
  await element.getByRole('button', { name: 'Continue' }).click();
}

describe('a page with a strict CSP', () => {
  it('enrolls an authenticator app (from the method list, after a wrong code) with no violation', async () => {
    const user = await signup();
    const page = await open({ element: 'enroll', ...user });
    const enroll = page.locator('mfa-enroll');
    await enroll.getByRole('button', { name: /Authenticator app/ }).click();
    await enroll.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    // The module count that sizes the QR code to whole pixels arrived (a refused style attribute loses it).
    const modules = await enroll.locator('.qr').evaluate((box) => getComputedStyle(box).getPropertyValue('--_modules'));
    assert.match(modules.trim(), /^\d{2,3}$/);
    await enroll.getByText("Can't scan it?").click();
    const field = enroll.getByLabel('Then enter the 6-digit code from the app');
    await field.fill('000000');
    await enroll.getByRole('alert').waitFor();
    await field.fill(await sim().authenticatorApp(user).freshCode());
    await saveRecoveryCode(page, 'mfa-enroll');
    await done(page, 'mfa-enrolled');
    await assertNoViolations(page);
  });

  it('enrolls push, the phone scanning through the simulator, with no violation', async () => {
    const user = await signup();
    const page = await open({ element: 'enroll', factor: 'push', ...user });
    await page.locator('mfa-enroll').getByRole('img', { name: 'QR code for the Auth0 Guardian app' }).waitFor();
    await sim().guardian(user).confirmNext({ device_name: 'Pixel 9' });
    await saveRecoveryCode(page, 'mfa-enroll');
    await done(page, 'mfa-enrolled');
    await assertNoViolations(page);
  });

  for (const factor of ['email', 'sms', 'voice'] as const) {
    it(`enrolls ${factor} with no violation`, async () => {
      const user = await signup();
      const page = await open({ element: 'enroll', factor, ...user });
      const enroll = page.locator('mfa-enroll');
      if (factor === 'email') await enroll.getByLabel('Email address').fill(user.email);
      else await enroll.getByLabel('Phone number').fill('+1 415 555 0142');
      await enroll.getByRole('button', { name: factor === 'voice' ? 'Call me' : 'Send code' }).click();
      // The field shows once the code went out.
      await enroll.getByLabel('6-digit code').waitFor();
      await enroll.getByLabel('6-digit code').fill(await newest(user.user_id));
      await saveRecoveryCode(page, 'mfa-enroll');
      await done(page, 'mfa-enrolled');
      await assertNoViolations(page);
    });
  }

  async function challengePage(user: E2eUser, preferred: string): Promise<Page> {
    return open({ element: 'challenge', factor: preferred, email: user.email, password: user.password });
  }

  it('challenges an authenticator app, after a wrong code, with no violation', async () => {
    const user = await userWith(demo);
    const page = await challengePage(user, 'otp');
    const field = page.locator('mfa-challenge').getByLabel('6-digit code');
    await field.fill('000000');
    await page.locator('mfa-challenge').getByRole('alert').waitFor();
    await field.fill(await sim().authenticatorApp(user).freshCode());
    await done(page, 'mfa-verified');
    await assertNoViolations(page);
  });

  it('challenges push, approved through the simulator, with no violation', async () => {
    const user = await userWith(demo, ['push']);
    const page = await challengePage(user, 'push');
    await page.locator('mfa-challenge').getByText('Waiting for your approval').waitFor();
    await sim().guardian(user).approveNext();
    await done(page, 'mfa-verified');
    await assertNoViolations(page);
  });

  for (const channel of ['email', 'sms', 'voice'] as const) {
    it(`challenges ${channel} with no violation`, async () => {
      const user = await userWith(demo, [channel]);
      const page = await challengePage(user, channel);
      const field = page.locator('mfa-challenge').getByLabel('6-digit code');
      await field.waitFor();
      await field.fill(await newest(user.user_id));
      await done(page, 'mfa-verified');
      await assertNoViolations(page);
    });
  }

  it('logs in with a recovery code, and saves the new one, with no violation', async () => {
    const user = await userWith(demo);
    const page = await challengePage(user, 'recovery-code');
    const challenge = page.locator('mfa-challenge');
    await challenge.getByLabel('Recovery code').fill(user.recoveryCode);
    await challenge.getByRole('button', { name: 'Verify' }).click();
    await saveRecoveryCode(page, 'mfa-challenge');
    await done(page, 'mfa-verified');
    await assertNoViolations(page);
  });

  it('shows the method list, a server error and a resend, with no violation', async () => {
    // The user's verified email is their email method: no enrollment needed.
    const user = await userWith(demo);
    const page = await challengePage(user, 'otp');
    const challenge = page.locator('mfa-challenge');
    await challenge.getByLabel('6-digit code').waitFor();
    await challenge.getByRole('button', { name: 'Try another method' }).click();
    await sim().faults.inject({ path: '/mfa/challenge', status: 500 });
    await challenge.getByRole('button', { name: /^Email/ }).click();
    await challenge.getByRole('alert').getByText('Something went wrong on our side').waitFor();
    await challenge.getByRole('button', { name: 'Resend' }).click();
    // The resent code: the faulted challenge sent none.
    await challenge.getByLabel('6-digit code').fill(await sim().inbox(user).lastCode('email'));
    await done(page, 'mfa-verified');
    await assertNoViolations(page);
  });

  it('reports a violation when there is one: the listener and the console are live', async () => {
    const user = await signup();
    const page = await open({ element: 'enroll', factor: 'email', ...user });
    await page.locator('mfa-enroll').getByLabel('Email address').waitFor();
    await page.evaluate(() => document.body.setAttribute('style', 'color: red'));
    await page.waitForTimeout(300);
    const seen = violations.get(page)!;
    assert.ok(seen.some((line) => line.startsWith('style-src-attr')), seen.join('\n'));
    assert.ok(seen.some((line) => line.startsWith('console:')), seen.join('\n'));
  });
});
