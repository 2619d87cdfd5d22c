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

/** The simulator's control API, as the demo's side panels reach it. */
export async function control<T = any>(demo: Demo, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${demo.url}/mfa-dev/__sim/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json() as Promise<T>;
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
