/**
 * The package as a user gets it: `npm pack` (whose prepack builds it), then the tarball installed with its
 * dependencies from the registry into throwaway projects outside the repository, copied from the fixtures beside
 * this file, each used as its kind of user would: a Vite app in Chromium, a TypeScript app type-checked with
 * Vite's vanilla-ts tsconfig, a plain Node script, and a static page loading only the tarball's cdn/define.js.
 * The simulator and the proxy behind the pages are the installed `mfa-simulator` and `mfa-proxy` commands.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, NO_CHROMIUM, findChromium } from '../../scripts/find-chromium.mjs';
import { connectSimulator, type SimulatorClient } from '../../src/testing/index.ts';
import { installTarball, pack, run, start } from '../support/packed.ts';

const fixtures = fileURLToPath(new URL('.', import.meta.url));
const CLIENT = { id: 'sim-confidential-client', secret: 'sim-confidential-secret' };
/** A copy of a fixture outside the repository, with the tarball and the fixture's own dependencies installed. */
async function install(app: string): Promise<string> {
  const dir = join(work, app);
  cpSync(join(fixtures, app), dir, { recursive: true });
  await installTarball(dir, tarball);
  return dir;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

/** A static host: files or 404, nothing else. `routes` maps a URL prefix to a directory; misses are recorded. */
function staticHost(routes: [RegExp, string][], missed: string[]): Server {
  return createServer(async (req, res) => {
    const path = new URL(req.url!, 'http://host').pathname;
    const [prefix, dir] = routes.find(([pattern]) => pattern.test(path))!;
    const file = join(dir, normalize(path.replace(prefix, '/').replace(/\/$/, '/index.html')));
    try {
      const body = await readFile(file);
      res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
      res.end(body);
    } catch {
      missed.push(path);
      res.statusCode = 404;
      res.end('Not found');
    }
  });
}

/** A page whose uncaught errors and failed requests fail the test, and are printed at once (a blank page times out later). */
async function openPage(errors: string[]): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  const fail = (message: string) => {
    console.error(`  in the page: ${message}`);
    errors.push(message);
  };
  page.on('pageerror', (error) => fail(error.message));
  page.on('requestfailed', (request) => fail(`${request.url()} ${request.failure()?.errorText}`));
  return page;
}

let work: string;
let tarball: string;
let browser: Browser;
let host: Server;
let origin: string;
const missed: string[] = [];
const commands: ChildProcess[] = [];
let simulatorUrl: string;
let proxyUrl: string;
const dirs: Record<string, string> = {};

/** The simulator that the installed `mfa-simulator` command serves, through mfa-elements/testing. */
let sim: SimulatorClient;

/** A user with an authenticator app already enrolled (through the MFA API), signed in up to the second factor. */
async function enrolledUser(): Promise<{ mfaToken: string; code: () => Promise<string> }> {
  const user = await sim.createUser();
  await sim.enroll(user, 'otp');
  // Auth0 takes each TOTP code once: freshCode() is the next step's when enroll() spent the current one.
  return { mfaToken: await sim.mfaToken(user), code: () => sim.authenticatorApp(user).freshCode() };
}

before(async () => {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_CHROMIUM);
  work = mkdtempSync(join(tmpdir(), 'mfa-consumers-'));
  tarball = await pack(work);
  // One shared npm cache (the user's), the three installs at once.
  for (const [app, dir] of await Promise.all(['vite-app', 'ts-app', 'node-app'].map(async (app) => [app, await install(app)]))) {
    dirs[app] = dir;
  }
  await run(process.execPath, [join(dirs['vite-app'], 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], dirs['vite-app']);
  mkdirSync(join(work, 'unpacked'));
  await run('tar', ['-xzf', tarball, '-C', join(work, 'unpacked')], work);

  // One origin for both pages: the Vite app's build at /, the CDN page at /cdn-page/, the tarball as an npm CDN serves it.
  host = staticHost(
    [
      [/^\/npm\/mfa-elements@[^/]+\//, join(work, 'unpacked', 'package')],
      [/^\/cdn-page\//, join(fixtures, 'cdn-page')],
      [/^\//, join(dirs['vite-app'], 'dist')],
    ],
    missed,
  );
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;

  const bin = (name: string) => join(dirs['node-app'], 'node_modules', '.bin', name);
  const simulator = await start(bin('mfa-simulator'), ['--port', '0'], work, /listening on (http:\/\/\S+)/);
  commands.push(simulator.child);
  simulatorUrl = simulator.url;
  sim = connectSimulator(simulatorUrl);
  const proxy = await start(bin('mfa-proxy'), ['--port', '0', '--quiet'], work, /MFA proxy listening on (http:\/\/\S+)/, {
    MFA_UPSTREAM: simulatorUrl,
    AUTH0_CLIENT_ID: CLIENT.id,
    AUTH0_CLIENT_SECRET: CLIENT.secret,
    MFA_ALLOWED_ORIGINS: origin,
  });
  commands.push(proxy.child);
  proxyUrl = proxy.url;
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  for (const child of commands) child.kill('SIGTERM');
  host?.closeAllConnections();
  host?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball, installed into new projects', () => {
  it('runs in plain node: an OTP enrollment through createMfaProxy in front of createSimulator', async () => {
    const { stdout } = await run(process.execPath, ['enroll.mjs'], dirs['node-app']);
    assert.deepEqual(JSON.parse(stdout), { associate: 200, authenticatorType: 'otp', token: 200, accessToken: true });
  });

  it('type-checks a TypeScript app with the vanilla-ts tsconfig of create-vite, using the tag and event types', async () => {
    const tsc = join(dirs['ts-app'], 'node_modules', '.bin', 'tsc');
    const { stdout, stderr } = await run(tsc, [], dirs['ts-app']);
    assert.equal(stdout + stderr, '', 'tsc printed errors');
    // The template skips library checks; the package's own declarations are clean without that help too.
    const strict = await run(tsc, ['--skipLibCheck', 'false'], dirs['ts-app']).catch((error: Error) => ({ stdout: error.message }));
    assert.doesNotMatch(strict.stdout, /node_modules\/mfa-elements\//, 'errors in the package\'s .d.ts');
    const { stdout: version } = await run(tsc, ['--version'], dirs['ts-app']);
    console.log(`  type-checked with TypeScript ${version.trim()}`);
  });

  it('builds a Vite app importing mfa-elements/define; in Chromium it enrolls an authenticator app', async () => {
    const errors: string[] = [];
    const page = await openPage(errors);
    const user = await sim.createUser();
    const mfaToken = await sim.mfaToken(user);
    await page.exposeFunction('fetchMfaToken', () => mfaToken);
    await page.goto(`${origin}/?api=${encodeURIComponent(proxyUrl)}`);
    const enroll = page.locator('mfa-enroll');
    await enroll.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    await enroll.getByText("Can't scan it?").click();
    // The key on screen is the simulator's; the code comes from its authenticator app, never from the page.
    const app = sim.authenticatorApp(user);
    assert.equal((await enroll.locator('[part="secret"]').textContent())!.replace(/\s/g, ''), await app.secret());
    await enroll.getByLabel('Then enter the 6-digit code from the app').fill(await app.code());
    await enroll.getByRole('checkbox', { name: 'I have saved my recovery code' }).check();
    await enroll.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Enrolled otp, token type Bearer').waitFor();
    // <mfa-authenticators> from mfa-elements/define/mfa-authenticators: the user's verified email, listed.
    await page.locator('mfa-authenticators').getByRole('button', { name: /^Remove Email / }).waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('renders every element on a static page that loads only cdn/define.js, with its lazy chunks', async () => {
    const errors: string[] = [];
    const page = await openPage(errors);
    const enrolled = await enrolledUser();
    const newUserToken = await sim.mfaToken(await sim.createUser());
    await page.exposeFunction('fetchMfaToken', (tag: string) => (tag === 'mfa-challenge' ? enrolled.mfaToken : newUserToken));
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(`${origin}/cdn-page/?api=${encodeURIComponent(proxyUrl)}`);

    const challenge = page.locator('mfa-challenge');
    await challenge.getByLabel('6-digit code').fill(await enrolled.code());
    await page.getByText('Verified with otp').waitFor();
    // The QR code generator and the German strings are chunks of their own, loaded from beside define.js.
    await page.locator('mfa-enroll').getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    await page.locator('mfa-recovery-codes').getByRole('checkbox', { name: 'Ich habe meinen Wiederherstellungscode gespeichert' }).waitFor();
    await page.locator('mfa-authenticators').getByRole('heading', { name: 'Your verification methods' }).waitFor();
    const scripts = requested.filter((path) => path.endsWith('.js'));
    assert.ok(scripts.every((path) => path.startsWith('/npm/mfa-elements@latest/cdn/')), scripts.join('\n'));
    assert.ok(scripts.length > 3, 'define.js and its chunks');
    assert.deepEqual(errors, []);
    assert.deepEqual(missed, []);
    await page.close();
  });

  it('lists methods on a page loading only cdn/define/mfa-authenticators.js; "Add a method" loads <mfa-enroll> beside it', async () => {
    const errors: string[] = [];
    const page = await openPage(errors);
    const access_token = await sim.accessToken(await sim.createUser());
    await page.exposeFunction('fetchAccessToken', () => access_token);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(`${origin}/cdn-page/authenticators.html?api=${encodeURIComponent(proxyUrl)}`);

    const methods = page.locator('mfa-authenticators');
    await methods.getByRole('button', { name: /^Remove Email / }).waitFor();
    assert.equal(await page.evaluate(() => customElements.get('mfa-enroll') === undefined), true, 'no <mfa-enroll> before it is asked for');
    await methods.getByRole('button', { name: 'Add a method' }).click();
    await methods.locator('mfa-enroll').getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const scripts = requested.filter((path) => path.endsWith('.js'));
    assert.ok(scripts.includes('/npm/mfa-elements@latest/cdn/define/mfa-enroll.js'), scripts.join('\n'));
    assert.ok(scripts.every((path) => path.startsWith('/npm/mfa-elements@latest/cdn/')), scripts.join('\n'));
    assert.deepEqual(errors, []);
    assert.deepEqual(missed, []);
    await page.close();
  });
});
