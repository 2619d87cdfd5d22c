/** mfa-elements/vite in a Vite dev server of an app that is not the demo: proxy, dev login, control API, and nothing in a build. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build, createServer, resolveConfig, type ViteDevServer } from 'vite';
import { GRANT_TYPES } from '../../src/api/types.ts';
import { totp } from '../../src/simulator/totp.ts';
import { connectSimulator } from '../../src/testing/index.ts';
import { auth0FromEnv, mfaElements } from '../../src/vite/index.ts';

const app = mkdtempSync(join(tmpdir(), 'mfa-vite-plugin-'));
writeFileSync(join(app, 'index.html'), '<!doctype html><title>app</title><script type="module" src="/main.js"></script>');
writeFileSync(join(app, 'main.js'), 'document.title = "built";\n');

async function serve(options: Parameters<typeof mfaElements>[0]): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    configFile: false,
    root: app,
    logLevel: 'error',
    plugins: [mfaElements(options)],
    server: { port: 0, host: '127.0.0.1', hmr: false, watch: null },
  });
  await server.listen();
  return { server, url: server.resolvedUrls!.local[0].replace(/\/$/, '') };
}

let url: string;
let server: ViteDevServer;
before(async () => ({ server, url } = await serve({ apiBase: '/auth/mfa', auth0: false })));
after(async () => {
  await server.close();
  rmSync(app, { recursive: true, force: true });
});

async function call(path: string, body?: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.json().catch(() => undefined) };
}

describe('the Vite plugin in a dev server', () => {
  it('logs in a new simulated user and enrolls an authenticator app through the proxy at the chosen path', async () => {
    const login = await call('/mfa-dev/login', {});
    assert.equal(login.status, 200);
    assert.match(login.body.mfa_token, /\S{20,}/);
    assert.match(login.body.email, /@example\.com$/);
    const bearer = { 'Content-Type': 'application/json', Authorization: `Bearer ${login.body.mfa_token}` };
    const associated = await call('/auth/mfa/mfa/associate', { authenticator_types: ['otp'] }, bearer);
    assert.equal(associated.status, 200);

    // The control API is the simulator's: its clock gives the code an authenticator app would show.
    const now = Date.parse((await call('/mfa-dev/__sim/clock')).body.now);
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const otp = await totp(associated.body.secret, now);
    const grant = await call('/auth/mfa/oauth/token', new URLSearchParams({ grant_type: GRANT_TYPES.otp, mfa_token: login.body.mfa_token, otp }).toString(), form);
    assert.equal(grant.status, 200);
    assert.equal(grant.body.token_type, 'Bearer');

    // The same user again, by password (as with a tenant) and by id: a new mfa_token each time, and it is challenged.
    const again = await call('/mfa-dev/login', { email: login.body.email, password: login.body.password });
    assert.equal(again.body.user_id, login.body.user_id);
    const byId = await call('/mfa-dev/login', { user_id: login.body.user_id });
    assert.equal(byId.status, 200);
    assert.notEqual(byId.body.mfa_token, again.body.mfa_token);
    const factors = await call('/auth/mfa/mfa/authenticators', undefined, { Authorization: `Bearer ${byId.body.mfa_token}` });
    // The verified email is an authenticator too, listed last, as Auth0 lists verified emails (FIDELITY.md).
    const active = factors.body.filter((a: { active: boolean }) => a.active);
    assert.deepEqual(active.map((a: { authenticator_type: string }) => a.authenticator_type), ['otp', 'recovery-code', 'oob']);
    assert.equal(active[2].oob_channel, 'email');
  });

  it('is the simulator at /mfa-dev for mfa-elements/testing: a user who enrolled earlier signs in with the app', async () => {
    const sim = connectSimulator(`${url}/mfa-dev`);
    const user = await sim.createUser();
    const { authenticator_id } = await sim.enroll(user, 'otp');
    const login = await call('/mfa-dev/login', { email: user.email, password: user.password });
    assert.equal(login.status, 200);
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const otp = await sim.authenticatorApp(user).freshCode();
    const grant = await call('/auth/mfa/oauth/token', new URLSearchParams({ grant_type: GRANT_TYPES.otp, mfa_token: login.body.mfa_token, otp }).toString(), form);
    assert.equal(grant.status, 200, 'the proxy takes the code of the authenticator enrolled through /mfa-dev');
    assert.match(authenticator_id, /^totp\|/);
  });

  it('answers bad logins with a JSON error', async () => {
    for (const [body, status] of [['{not json', 400], [{ email: 'a@example.com' }, 400], [{ user_id: 7 }, 400], [{ user_id: 'auth0|nobody' }, 404], [{ email: 'a@example.com', password: 'x' }, 403]] as const) {
      const answer = await call('/mfa-dev/login', body);
      assert.equal(answer.status, status, JSON.stringify(body));
      assert.match(answer.type!, /application\/json/);
      assert.equal(typeof answer.body.error, 'string');
    }
  });

  it('says which backend it is, and leaves every other path to the app', async () => {
    assert.deepEqual((await call('/mfa-dev/config')).body, { mode: 'simulator', apiBase: '/auth/mfa', mfaAudience: 'https://simulator.mfa-elements.test/mfa/' });
    assert.equal((await call('/mfa-dev/nothing')).status, 404);
    const page = await fetch(`${url}/`);
    assert.match(await page.text(), /<title>app<\/title>/);
  });

  it('points the proxy at a tenant when AUTH0_* is set, and refuses half a configuration', async () => {
    const tenant = await serve({ auth0: { domain: 'tenant.example.com', clientId: 'id', clientSecret: 'secret' } });
    try {
      const config = await (await fetch(`${tenant.url}/mfa-dev/config`)).json();
      assert.deepEqual(config, { mode: 'auth0', apiBase: '/mfa-api', mfaAudience: 'https://tenant.example.com/mfa/' });
      // No simulator: no control API, and a login needs a real user's credentials.
      assert.equal((await fetch(`${tenant.url}/mfa-dev/__sim/clock`)).status, 404);
      assert.equal((await fetch(`${tenant.url}/mfa-dev/login`, { method: 'POST' })).status, 400);
    } finally {
      await tenant.server.close();
    }
    assert.deepEqual(auth0FromEnv({ AUTH0_DOMAIN: 'https://t.eu.auth0.com/', AUTH0_CLIENT_ID: 'i', AUTH0_CLIENT_SECRET: 's' }), { domain: 't.eu.auth0.com', clientId: 'i', clientSecret: 's' });
    assert.throws(() => auth0FromEnv({ AUTH0_DOMAIN: 't.eu.auth0.com' }), /all three of AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET/);
  });

  it('adds nothing to a production build', async () => {
    const outDir = join(app, 'dist');
    const inBuild = await resolveConfig({ configFile: false, root: app, plugins: [mfaElements()] }, 'build');
    assert.ok(!inBuild.plugins.some((plugin) => plugin.name === 'mfa-elements'));
    await build({ configFile: false, root: app, logLevel: 'error', build: { outDir, emptyOutDir: true } });
    const files = () => readdirSync(join(outDir, 'assets')).map((name) => readFileSync(join(outDir, 'assets', name), 'utf8'));
    const without = files();
    await build({ configFile: false, root: app, logLevel: 'error', plugins: [mfaElements()], build: { outDir, emptyOutDir: true } });
    assert.deepEqual(files(), without);
  });
});
