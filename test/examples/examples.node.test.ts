/**
 * The examples (examples/), each a real app: copied out of the repository, the packed tarball installed into it
 * over its own lockfile, built, served as its users serve it, and driven in Chromium through an authenticator-app
 * enrollment and a challenge, ending when the app's own handler received mfa-verified.
 * React and Vue: `vite build`, then `vite preview` with mfa-elements/vite as the backend.
 * Plain HTML: the page as a static file, the elements from the CDN folder, the `mfa-simulator` and `mfa-proxy` commands.
 * Angular: `ng serve` of a production build, its proxy config sending /mfa-api and /__sim to those commands.
 * Express: `node server.mjs` in front of the `mfa-simulator` command: login, mfa_required, the proxy, a session.
 * testing-playwright and testing-server (the README's testing recipes): their own tests, written against
 * mfa-elements/testing, run with a user's commands: `npm run typecheck` and `npm test` (`playwright test`, which
 * starts the app's `vite` dev server and finds Chromium as on a user's machine); `npm test` (node:test) of a
 * backend's login and proxy routes in front of the simulator.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, NO_CHROMIUM, findChromium } from '../../scripts/find-chromium.mjs';
import { totp } from '../../src/simulator/totp.ts';
import { connectSimulator } from '../../src/testing/index.ts';
import { installTarball, pack, run, start } from '../support/packed.ts';

const examples = fileURLToPath(new URL('../../examples', import.meta.url));
const CLIENT = { id: 'sim-confidential-client', secret: 'sim-confidential-secret' };

let work: string;
let tarball: string;
let browser: Browser;
const children: ChildProcess[] = [];
const servers: Server[] = [];

/** A copy of an example outside the repository, with the tarball installed: how long the install took. */
async function install(name: string): Promise<string> {
  const dir = join(work, name);
  cpSync(join(examples, name), dir, { recursive: true, filter: (path) => !/[/\\](node_modules|dist|test-results)$/.test(path) });
  const { seconds } = await installTarball(dir, tarball);
  console.log(`  ${name}: npm install ${seconds.toFixed(0)} s`);
  return dir;
}

async function serve(command: string, args: string[], cwd: string, ready: RegExp, env?: NodeJS.ProcessEnv): Promise<string> {
  const { child, url } = await start(command, args, cwd, ready, env);
  children.push(child);
  return url;
}

/** The installed `mfa-simulator`, and `mfa-proxy` in front of it, on free ports. */
async function commandsBackend(dir: string, simulatorArgs: Record<string, string>, proxyEnv: NodeJS.ProcessEnv, proxyArgs: string[] = []) {
  const bin = (name: string) => join(dir, 'node_modules', '.bin', name);
  const simulator = await serve(bin('mfa-simulator'), ['--port', '0', ...Object.entries(simulatorArgs).flat()], dir, /listening on (http:\/\/\S+)/);
  const proxy = await serve(bin('mfa-proxy'), ['--port', '0', '--quiet', ...proxyArgs], dir, /MFA proxy listening on (http:\/\/\S+)/, {
    MFA_UPSTREAM: simulator,
    AUTH0_CLIENT_ID: CLIENT.id,
    AUTH0_CLIENT_SECRET: CLIENT.secret,
    ...proxyEnv,
  });
  return { simulator, proxy };
}

/** A page whose uncaught errors and failed requests fail the test. */
async function openPage(errors: string[]): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => errors.push(`${request.url()} ${request.failure()?.errorText}`));
  return page;
}

/**
 * What a person does in every example: a new user enrolls an authenticator app from the key on screen, signs in
 * again (30 s later: a TOTP code is good once) and is challenged. `control` is where the simulator's `/__sim/` is.
 * The app makes the user, so the test types the key the page shows, as a person with an authenticator app would.
 */
async function enrollThenChallenge(page: Page, control: string): Promise<void> {
  const { clock } = connectSimulator(control);
  const at = async (date: Promise<Date>) => (await date).getTime();
  await page.getByRole('button', { name: 'New user' }).click();
  const enroll = page.locator('mfa-enroll');
  await enroll.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
  await enroll.getByText("Can't scan it?").click();
  const key = (await enroll.locator('[part="secret"]').textContent())!.replace(/\s/g, '');
  await enroll.getByLabel('Then enter the 6-digit code from the app').fill(await totp(key, await at(clock.now())));
  await enroll.getByRole('checkbox', { name: 'I have saved my recovery code' }).check();
  await enroll.getByRole('button', { name: 'Continue' }).click();
  // The app's handler of mfa-enrolled moved it on.
  await page.getByRole('button', { name: 'Sign in again' }).click();
  await page.locator('mfa-challenge').getByLabel('6-digit code').fill(await totp(key, await at(clock.advance('30s'))));
  await page.getByRole('status').filter({ hasText: 'Verified with otp.' }).waitFor();
}

before(async () => {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_CHROMIUM);
  work = mkdtempSync(join(tmpdir(), 'mfa-examples-'));
  tarball = await pack(work);
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  for (const child of children) child.kill('SIGTERM');
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the examples, installed from the packed tarball', () => {
  for (const name of ['react', 'vue']) {
    it(`${name}: built, served by vite preview with mfa-elements/vite, enrolls then verifies`, { timeout: 300_000 }, async () => {
      const dir = await install(name);
      const { seconds } = await run('npm', ['run', 'build'], dir);
      console.log(`  ${name}: npm run build ${seconds.toFixed(0)} s`);
      const url = await serve(join(dir, 'node_modules', '.bin', 'vite'), ['preview', '--host', '127.0.0.1', '--port', '0'], dir, /Local:\s+(http:\/\/\S+)/);
      const errors: string[] = [];
      const page = await openPage(errors);
      await page.goto(url);
      await enrollThenChallenge(page, `${url}/mfa-dev`);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  it('html: a static page with the elements from the CDN folder, on the mfa-simulator and mfa-proxy commands', { timeout: 300_000 }, async () => {
    const dir = await install('html');
    const host = createServer(async (req, res) => {
      const file = join(dir, normalize(new URL(req.url!, 'http://host').pathname.replace(/\/$/, '/index.html')));
      try {
        const body = await readFile(file);
        res.setHeader('Content-Type', extname(file) === '.html' ? 'text/html' : 'text/javascript');
        res.end(body);
      } catch {
        res.statusCode = 404;
        res.end();
      }
    });
    servers.push(host);
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    const { simulator, proxy } = await commandsBackend(dir, { '--web-origin': origin }, { MFA_ALLOWED_ORIGINS: origin });

    const errors: string[] = [];
    const page = await openPage(errors);
    // The CDN, as jsDelivr serves the published package: the installed tarball's files.
    const cdnFiles: string[] = [];
    await page.route('https://cdn.jsdelivr.net/npm/mfa-elements@0.1/**', async (route) => {
      const path = new URL(route.request().url()).pathname.replace(/^\/npm\/mfa-elements@[^/]+\//, '');
      cdnFiles.push(path);
      await route.fulfill({ path: join(dir, 'node_modules', 'mfa-elements', path), contentType: 'text/javascript' });
    });
    await page.goto(`${origin}/?${new URLSearchParams({ proxy, simulator })}`);
    await enrollThenChallenge(page, simulator);
    assert.ok(cdnFiles.includes('cdn/define.js'), cdnFiles.join('\n'));
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('angular: served by ng serve (production build) with its proxy to the mfa-simulator and mfa-proxy commands', { timeout: 600_000 }, async () => {
    const dir = await install('angular');
    const { simulator, proxy } = await commandsBackend(dir, {}, {}, ['--prefix', '/mfa-api']);
    const started = Date.now();
    const url = await serve(join(dir, 'node_modules', '.bin', 'ng'), ['serve', '-c', 'production', '--host', '127.0.0.1', '--port', '0'], dir, /Local:\s+(http:\/\/\S+)/, {
      // mfa-proxy names its URL with the prefix; the dev server's proxy keeps the path as it is.
      MFA_PROXY_URL: new URL(proxy).origin,
      MFA_SIMULATOR_URL: simulator,
      NG_CLI_ANALYTICS: 'false',
    });
    console.log(`  angular: ng serve -c production ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const errors: string[] = [];
    const page = await openPage(errors);
    await page.goto(url);
    await enrollThenChallenge(page, simulator);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('express: password login, mfa_required, the proxy at /mfa-api, enroll then challenge, a session, a second factor', { timeout: 300_000 }, async () => {
    const dir = await install('express');
    const simulator = await serve(join(dir, 'node_modules', '.bin', 'mfa-simulator'), ['--port', '0'], dir, /listening on (http:\/\/\S+)/);
    const app = await serve(process.execPath, ['server.mjs'], dir, /Example app on (http:\/\/\S+)/, { MFA_UPSTREAM: simulator, PORT: '0' });
    const sim = connectSimulator(simulator);
    // No verified email, so no factor: mfa_required (without mfa_requirements) leads the page from the challenge to enroll.
    const email = 'ana@example.com';
    const user = await sim.createUser({ email, email_verified: false });

    const errors: string[] = [];
    const page = await openPage(errors);
    // What the elements got from the token endpoint: the proxy's onTokens keeps the tokens on the server.
    const grants: Record<string, unknown>[] = [];
    await page.exposeFunction('reportGrant', (tokens: Record<string, unknown>) => grants.push(tokens));
    await page.addInitScript(() => {
      for (const type of ['mfa-verified', 'mfa-enrolled']) {
        document.addEventListener(type, (event) => (window as any).reportGrant((event as CustomEvent).detail.tokens));
      }
    });
    const signIn = async (password: string) => {
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    };

    await page.goto(app);
    await signIn('not the password');
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();

    await signIn('correct horse battery staple');
    const enroll = page.locator('mfa-enroll');
    await enroll.getByRole('button', { name: /Authenticator app/ }).click();
    await enroll.getByText("Can't scan it?").click();
    // The key on screen is the simulator's; the codes come from its authenticator app (on the user's phone).
    const phone = sim.authenticatorApp(user);
    assert.equal((await enroll.locator('[part="secret"]').textContent())!.replace(/\s/g, ''), await phone.secret());
    await enroll.getByLabel('Then enter the 6-digit code from the app').fill(await phone.code());
    await enroll.getByRole('checkbox', { name: 'I have saved my recovery code' }).check();
    await enroll.getByRole('button', { name: 'Continue' }).click();
    await page.getByText(`Signed in as ${email}`).waitFor();
    // The account page has loaded its script (its element shows the choice) before the test leaves it: signing
    // out sooner aborts account.js's request, a failed request that says nothing about the app.
    await page.locator('mfa-enroll').getByRole('button', { name: /Email/ }).waitFor();

    // Signed out, then back through the challenge, 30 s later: a TOTP code is good once.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn('correct horse battery staple');
    await page.locator('mfa-challenge').getByLabel('6-digit code').fill(await phone.freshCode());
    await page.getByText(`Signed in as ${email}`).waitFor();

    // Signed in, the account page adds email with the session's MFA-audience access token.
    const add = page.locator('mfa-enroll');
    await add.getByRole('button', { name: /Email/ }).click();
    await add.getByLabel('Email address').fill(email);
    await add.getByRole('button', { name: 'Send code' }).click();
    // The code step shows once the association answered, after the message went out.
    await add.getByLabel('6-digit code').waitFor();
    await add.getByLabel('6-digit code').fill(await sim.inbox(user).lastCode('email'));
    await page.getByRole('status').filter({ hasText: 'Added: email.' }).waitFor();

    assert.equal(grants.length, 3, 'enrolled, verified, added');
    for (const grant of grants) assert.ok(!('access_token' in grant) && !('id_token' in grant), JSON.stringify(grant));
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('testing-playwright: playwright test enrolls and challenges otp, push and email in the app on vite', { timeout: 300_000 }, async () => {
    const dir = await install('testing-playwright');
    // The tests' calls of mfa-elements/testing, type-checked against the tarball's declarations.
    await run('npm', ['run', 'typecheck'], dir);
    // The config's port (default 5173), free on this machine; CI=true (as in CI) starts vite rather than reusing one.
    const port = await new Promise<number>((resolve) => {
      const probe = createNetServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const { stdout, seconds } = await run('npm', ['test'], dir, { PORT: String(port), CI: 'true' });
    console.log(`  testing-playwright: npm test (playwright test) ${seconds.toFixed(0)} s`);
    assert.match(stdout, /^\s*3 passed/m, stdout);
  });

  it('testing-server: npm test (node:test) of the login and proxy routes in front of the simulator', { timeout: 120_000 }, async () => {
    const dir = await install('testing-server');
    const { stdout, seconds } = await run('npm', ['test'], dir);
    console.log(`  testing-server: npm test ${seconds.toFixed(0)} s`);
    assert.match(stdout, /^# pass 3\n# fail 0$/m, stdout);
  });
});
