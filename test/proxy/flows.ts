/**
 * The proxy's flow suite: every MFA flow of the simulator, run directly and through a proxy, whose
 * answers must be the same (status, error, field names and their stable values). The browser side
 * sends no client credentials; the proxy adds them. It runs once per runtime the proxy runs on
 * (flows.*.node.test.ts), each given the proxy's base URL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GRANTS, mfaApi, type Answer, type MfaApi } from '../support/mfa-api.ts';
import { CLIENT, call, startUpstream } from './setup.ts';

/** Values that do not change from one user or run to the next; other fields count by name and type. */
const STABLE = new Set([
  'error', 'error_description', 'authenticator_type', 'active', 'oob_channel', 'challenge_type',
  'binding_method', 'token_type', 'scope', 'expires_in',
]);

function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value !== 'object' || value === null) return typeof value;
  return Object.fromEntries(
    Object.keys(value).sort().map((key) => {
      const field = (value as Record<string, unknown>)[key];
      return [key, STABLE.has(key) ? field : Array.isArray(field) ? field.map(shape) : typeof field];
    }),
  );
}

type Step = { step: string; status: number; body: unknown };
type Flow = (api: MfaApi, step: (name: string, answer: Answer) => Answer) => Promise<void>;

async function trace(api: MfaApi, flow: Flow): Promise<Step[]> {
  const steps: Step[] = [];
  await flow(api, (name, answer) => {
    steps.push({ step: name, status: answer.status, body: shape(answer.body) });
    return answer;
  });
  return steps;
}

const newUser = async (api: MfaApi, fields: Record<string, unknown> = {}) => (await api.newUser(fields));
const lastCode = async (api: MfaApi, userId: string) => api.sim.inbox(userId).lastCode();
const freshToken = async (api: MfaApi, userId: string) => (await api.sim.mfaToken(userId));

const flows: Record<string, Flow> = {
  async 'otp: enroll, confirm, challenge, wrong and right code'(api, step) {
    const user = await newUser(api, { email_verified: false });
    const associated = step('associate', await api.associate(user.mfa_token, { authenticator_types: ['otp'] }));
    step('list pending', await api.authenticators(user.mfa_token));
    step('challenge before confirmation', await api.challenge({ mfa_token: user.mfa_token, challenge_type: 'otp' }));
    step('wrong code', await api.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: 'abcdef' }));
    step('confirm', await api.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: await api.code(associated.body.secret) }));
    step('associate again', await api.associate(user.mfa_token, { authenticator_types: ['otp'] }));
    const login = await freshToken(api, user.user_id);
    const [totp] = step('list active', await api.authenticators(login)).body.filter((a: any) => a.authenticator_type === 'otp');
    step('challenge', await api.challenge({ mfa_token: login, challenge_type: 'otp', authenticator_id: totp.id }));
    step('challenge oob not enrolled', await api.challenge({ mfa_token: login, challenge_type: 'oob' }));
    step('reuse the confirming code', await api.token({ grant_type: GRANTS.otp, mfa_token: login, otp: await api.code(associated.body.secret) }));
    await api.sim.clock.advance(30);
    step('verify', await api.token({ grant_type: GRANTS.otp, mfa_token: login, otp: await api.code(associated.body.secret) }));
  },

  async 'recovery code: spend, rotate, refuse the old one'(api, step) {
    const user = await newUser(api);
    const associated = await api.associate(user.mfa_token, { authenticator_types: ['otp'] });
    await api.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: await api.code(associated.body.secret) });
    const [first] = associated.body.recovery_codes;
    const login = await freshToken(api, user.user_id);
    const rotated = step('recover', await api.token({ grant_type: GRANTS.recoveryCode, mfa_token: login, recovery_code: first }));
    step('old code', await api.token({ grant_type: GRANTS.recoveryCode, mfa_token: login, recovery_code: first }));
    step('new code', await api.token({ grant_type: GRANTS.recoveryCode, mfa_token: login, recovery_code: rotated.body.recovery_code }));
  },

  async 'push: enroll by QR code, poll, approve and reject'(api, step) {
    const user = await newUser(api);
    const associated = step('associate', await api.associate(user.mfa_token, { authenticator_types: ['oob'], oob_channels: ['auth0'] }));
    const poll = () => api.token({ grant_type: GRANTS.oob, mfa_token: user.mfa_token, oob_code: associated.body.oob_code });
    step('pending', await poll());
    step('too fast', await poll());
    await api.sim.clock.advance(10);
    const txId = new URL(associated.body.barcode_uri).searchParams.get('enrollment_tx_id')!;
    await api.sim.guardian().confirmEnrollment(txId, { device_name: 'Test phone' });
    step('enrolled', await poll());

    const login = await freshToken(api, user.user_id);
    const push = step('list', await api.authenticators(login)).body.find((a: any) => a.oob_channel === 'auth0');
    for (const answer of ['approve', 'reject'] as const) {
      const challenged = step(`challenge to ${answer}`, await api.challenge({ mfa_token: login, challenge_type: 'oob', authenticator_id: push.id }));
      const { challenges } = (await api.sim.guardian(user.user_id).view());
      await api.sim.guardian().answer(challenges.at(-1)!.id, answer);
      await api.sim.clock.advance(5);
      step(`${answer}: polled`, await api.token({ grant_type: GRANTS.oob, mfa_token: login, oob_code: challenged.body.oob_code }));
      await api.sim.clock.advance(5);
    }
  },

  async 'email, sms and voice: enroll and challenge with the code sent'(api, step) {
    const user = await newUser(api);
    const addresses = { email: { email: user.email }, sms: { phone_number: '+15555550123' }, voice: { phone_number: '+15555550123' } };
    const accessToken = (await api.sim.accessToken(user.user_id));
    for (const [channel, address] of Object.entries(addresses)) {
      // The first factor is enrolled with the mfa_token; later ones need an access token.
      const token = channel === 'email' ? user.mfa_token : accessToken;
      const associated = step(`${channel} associate`, await api.associate(token, { authenticator_types: ['oob'], oob_channels: [channel], ...address }));
      const grant = { grant_type: GRANTS.oob, mfa_token: user.mfa_token, oob_code: associated.body.oob_code };
      step(`${channel} without binding code`, await api.token(grant));
      step(`${channel} wrong code`, await api.token({ ...grant, binding_code: '00000a' }));
      step(`${channel} confirm`, await api.token({ ...grant, binding_code: await lastCode(api, user.user_id) }));
    }
    const login = await freshToken(api, user.user_id);
    const list = step('list', await api.authenticators(login)).body;
    for (const channel of ['email', 'sms', 'voice']) {
      const authenticator = list.find((a: any) => a.oob_channel === channel);
      const challenged = step(`${channel} challenge`, await api.challenge({ mfa_token: login, challenge_type: 'oob', authenticator_id: authenticator.id }));
      const code = await lastCode(api, user.user_id);
      step(`${channel} verify`, await api.token({ grant_type: GRANTS.oob, mfa_token: login, oob_code: challenged.body.oob_code, binding_code: code }));
    }
  },

  async 'manage: list and delete with an access token; an mfa_token cannot delete'(api, step) {
    const user = await newUser(api);
    const associated = await api.associate(user.mfa_token, { authenticator_types: ['oob'], oob_channels: ['email'], email: user.email });
    await api.token({ grant_type: GRANTS.oob, mfa_token: user.mfa_token, oob_code: associated.body.oob_code, binding_code: await lastCode(api, user.user_id) });
    const accessToken = (await api.sim.accessToken(user.user_id));
    const readOnly = (await api.sim.accessToken(user.user_id, { scope: 'read:authenticators' }));
    step('associate otp with access token', await api.associate(accessToken, { authenticator_types: ['otp'] }));
    const list = step('list', await api.authenticators(accessToken)).body;
    const email = list.find((a: any) => a.oob_channel === 'email');
    step('delete with mfa_token', await api.remove(user.mfa_token, email.id));
    step('delete without scope', await api.remove(readOnly, email.id));
    step('delete', await api.remove(accessToken, email.id));
    step('delete again', await api.remove(accessToken, email.id));
    step('list after', await api.authenticators(accessToken));
  },

  async 'errors: bad tokens and missing factors'(api, step) {
    const user = await newUser(api);
    step('list with a bad bearer', await api.authenticators('not-a-token'));
    step('list without bearer', await api.request('/mfa/authenticators'));
    step('challenge with a malformed mfa_token', await api.challenge({ mfa_token: 'garbage', challenge_type: 'otp' }));
    step('challenge without authenticators', await api.challenge({ mfa_token: user.mfa_token, challenge_type: 'otp' }));
    step('otp grant without authenticators', await api.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: '123456' }));
    step('oob grant with an unknown oob_code', await api.token({ grant_type: GRANTS.oob, mfa_token: user.mfa_token, oob_code: 'nope' }));
    step('invalid phone number', await api.associate(user.mfa_token, { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: '12' }));
    step('missing mfa_token', await api.token({ grant_type: GRANTS.otp, otp: '123456' }));
    await api.sim.clock.advance(601);
    step('expired mfa_token', await api.token({ grant_type: GRANTS.otp, mfa_token: user.mfa_token, otp: '123456' }));
  },
};

/** A proxy running somewhere, in front of `upstream`, with the client credentials of CLIENT. */
export interface ProxyUnderTest {
  /** Its base URL, as http://127.0.0.1:port. */
  url: string;
  close(): Promise<void>;
}

export type ServeProxy = (upstream: string) => Promise<ProxyUnderTest>;

export function describeFlows(runtime: string, serve: ServeProxy): void {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let proxy: ProxyUnderTest | undefined;
  let direct: MfaApi;
  let proxied: MfaApi;
  before(async () => {
    upstream = await startUpstream();
    proxy = await serve(upstream.url);
    const control = upstream.simulator.url;
    direct = mfaApi({ base: control, control, client: CLIENT });
    proxied = mfaApi({ base: proxy.url, control, client: {} });
  });
  after(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  describe(`through the proxy on ${runtime}, every flow answers as it does directly`, () => {
    for (const [name, flow] of Object.entries(flows)) {
      test(name, async () => {
        const expected = await trace(direct, flow);
        const actual = await trace(proxied, flow);
        assert.ok(expected.length > 2);
        assert.deepEqual(actual, expected);
      });
    }

    test('the browser side sent no client credentials, and upstream got them on every challenge and grant', () => {
      const withCredentials = upstream.recorded.filter((r) => r.path === '/mfa/challenge' || r.path === '/oauth/token');
      assert.ok(withCredentials.length > 20);
      for (const request of withCredentials) {
        const fields = request.path === '/oauth/token' ? Object.fromEntries(new URLSearchParams(request.body)) : JSON.parse(request.body);
        assert.equal(fields.client_id, CLIENT.client_id);
        assert.equal(fields.client_secret, CLIENT.client_secret);
      }
    });

    // One of each of the proxy's own refusals (refusals.node.test.ts has them all, on Node): the
    // runtime's Request, body stream and headers must give the same answers.
    test('refusals: answered by the proxy, as JSON, and nothing reaches upstream', async () => {
      const reachedBefore = upstream.recorded.length;
      const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
      const json = (body: string, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
      const big = JSON.stringify({ mfa_token: 'x', challenge_type: 'otp', padding: 'x'.repeat(20 * 1024) });
      const cases: [string, string, RequestInit, number, string][] = [
        ['a grant other than the three MFA grants', '/oauth/token', form({ grant_type: 'password', username: 'a@example.com', password: 'p' }), 400, 'unsupported_grant_type'],
        ['the same as JSON', '/oauth/token', json(JSON.stringify({ grant_type: 'client_credentials' })), 400, 'unsupported_grant_type'],
        ['the control API', '/__sim/reset', json('{}'), 404, 'not_found'],
        ['an encoded slash in an id', '/mfa/authenticators/a%2Fb', { method: 'DELETE', headers: { Authorization: 'Bearer x' } }, 400, 'invalid_request'],
        ['a wrong method', '/oauth/token', { method: 'GET' }, 405, 'method_not_allowed'],
        ['a content type Auth0 does not take', '/mfa/challenge', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' }, 415, 'invalid_request'],
        ['JSON that does not parse', '/mfa/challenge', json('{"mfa_token":'), 400, 'invalid_request'],
        ['a body over the limit', '/mfa/challenge', json(big), 413, 'invalid_request'],
        ['a body over the limit, streamed', '/mfa/challenge', { ...json(''), body: new Blob([big]).stream(), duplex: 'half' } as RequestInit, 413, 'invalid_request'],
        ['an origin not allowed', '/mfa/authenticators', { headers: { Origin: 'https://evil.example', Authorization: 'Bearer x' } }, 403, 'access_denied'],
      ];
      for (const [what, path, init, status, error] of cases) {
        const answer = await call(`${proxy!.url}${path}`, init);
        const where = `${what}: ${answer.status} ${answer.text}`;
        assert.equal(answer.status, status, where);
        assert.equal(answer.body?.error, error, where);
        assert.match(answer.headers.get('content-type') ?? '', /^application\/json/, where);
        assert.equal(answer.headers.get('cache-control'), 'no-store', where);
        if (status === 405) assert.equal(answer.headers.get('allow'), 'POST, OPTIONS', where);
      }
      assert.equal(upstream.recorded.length, reachedBefore, 'a refused call reached upstream');
    });
  });
}
