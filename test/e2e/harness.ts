/**
 * End-to-end harness: the demo's Vite dev server (browser → proxy → simulator, all inside it) and
 * headless Chromium driven by playwright-core, as a person would use the page. Screenshots of each
 * step go to test-results/screenshots/ (not committed) for people to look at.
 */
import { mkdirSync } from 'node:fs';
import { after, afterEach, before } from 'node:test';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { CHROMIUM_ARGS, NO_CHROMIUM, findChromium } from '../../scripts/find-chromium.mjs';
import { connectSimulator, type Factor, type SimulatedUser, type SimulatorClient } from '../../src/testing/index.ts';
import type { DevLogin } from '../../src/vite/index.ts';

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');

export interface Demo {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startDemo(): Promise<Demo> {
  const server: ViteDevServer = await createServer({
    configFile: 'vite.config.ts',
    logLevel: 'error',
    // No file watching: a page must not reload under a test.
    server: { port: 0, host: '127.0.0.1', open: false, hmr: false, watch: null },
  });
  await server.listen();
  const url = server.resolvedUrls!.local[0].replace(/\/$/, '');
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_CHROMIUM);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  mkdirSync(SHOTS, { recursive: true });
  return {
    url,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export async function openPage(
  demo: Demo,
  path = '/',
  options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {},
): Promise<Page> {
  const page = await demo.browser.newPage({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
  });
  page.setDefaultTimeout(15_000);
  await page.goto(`${demo.url}${path}`);
  return page;
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The demo's simulator (the Vite plugin's, under /mfa-dev), through mfa-elements/testing. */
export const simulatorOf = (demo: Demo): SimulatorClient => connectSimulator(`${demo.url}/mfa-dev`);

export interface E2eUser extends SimulatedUser {
  recoveryCode: string;
}

/**
 * A user who enrolled otp (and so has a recovery code), then each of `factors` (a push phone named Pixel 9); the
 * authenticator app's current code is one Auth0 has not taken, so the demo's phone panel shows a working code.
 */
export async function userWith(demo: Demo, factors: Exclude<Factor, 'otp'>[] = []): Promise<E2eUser> {
  const sim = simulatorOf(demo);
  const user = await sim.createUser();
  const { recovery_code } = await sim.enroll(user, 'otp');
  for (const factor of factors) await sim.enroll(user, factor, { device_name: 'Pixel 9' });
  await sim.authenticatorApp(user).freshCode();
  return { ...user, recoveryCode: recovery_code! };
}

/** The user the demo signed in (its card shows the email and password): its id, from the demo's dev login. */
export async function shownUser(demo: Demo, page: Page): Promise<SimulatedUser> {
  const email = (await page.locator('.signed-in strong').textContent())!.trim();
  const password = (await page.locator('.signed-in code').textContent())!.trim();
  const response = await fetch(`${demo.url}/mfa-dev/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const { user_id } = (await response.json()) as DevLogin;
  return { user_id: user_id!, email, password };
}

/**
 * Starts the demo for a test file, hands it to `onStart`, and after each test saves the last state of
 * the pages it opened and closes them: a page left polling would answer the next test's pushes.
 * Returns the list each test adds its pages to.
 */
export function useDemo(onStart: (demo: Demo) => void): Page[] {
  const pages: Page[] = [];
  let demo: Demo | undefined;
  before(async () => {
    demo = await startDemo();
    onStart(demo);
  });
  after(() => demo?.close());
  afterEach(async (t) => {
    await Promise.all(pages.map((page, i) => shot(page, `last-${t.name.replace(/\W+/g, '-')}-${i}`)));
    await Promise.all(pages.map((page) => page.close()));
    pages.length = 0;
  });
  return pages;
}

export const challengeOf = (page: Page) => page.locator('mfa-challenge');

/** The demo's sign-in card says so once a grant gave the page its tokens. */
export const signedIn = (page: Page, timeout = 15_000) => page.getByText('Signed in', { exact: true }).waitFor({ timeout });

/** The newest code in the demo's inbox, once it holds `count` messages. */
export async function inboxCode(page: Page, count: number): Promise<string> {
  await page.locator('.message').nth(count - 1).waitFor();
  return (await page.locator('.message__code').first().textContent())!.trim();
}
