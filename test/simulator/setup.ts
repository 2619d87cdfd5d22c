/**
 * What the simulator's Node tests share: one simulator per test file on a loopback socket, and
 * the few steps most tests start from (a user, an enrolled factor). Each test makes its own users,
 * so a clock moved by one test only expires tokens that test no longer holds.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { SimulatorOptions } from '../../src/simulator/index.ts';
import { serveSimulator } from '../../src/simulator/node.ts';
import { totp } from '../../src/simulator/totp.ts';
import type { NewUser } from '../../src/testing/index.ts';
import { GRANTS, mfaApi, type MfaApi } from '../support/mfa-api.ts';

/** The client the recordings were made with. */
export const CLIENT = { client_id: 'test-client_id', client_secret: 'test-client_secret' };
export const PUBLIC_CLIENT_ID = 'sim-public-client';

export const FORMATS = {
  secret: /^[A-Z2-7]{32}$/,
  oobCode: /^Fe26\.2\*[\w*-]+$/,
  // Uppercase letters and digits without 0, O and I, as every recorded code.
  recoveryCode: /^[A-HJ-NP-Z1-9]{24}$/,
  authenticatorId: /^(totp|push|sms|voice|email|recovery-code)\|dev_[A-Za-z0-9]{16}$/,
  maskedPhone: /^X+\d{4}$/,
  maskedEmail: /^\*+@[^@*]{1,4}\*+$/,
  bindingCode: /^\d{6}$/,
  enrollmentTxId: /^[A-Za-z0-9]{32}$/,
  jwt: /^[\w-]+\.[\w-]+\.[\w-]+$/,
};

const SECRET_KEY = /token|secret|code|barcode_uri|password/i;

/** A body fit for a failure message: tokens, secrets and codes masked, since tests never print them. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) && typeof item === 'string' ? '[redacted]' : redact(item)]));
  }
  return value;
}
export const show = (body: unknown): string => JSON.stringify(redact(body));

/** Asserts the format of a secret value without printing it when it fails. */
export function assertFormat(value: unknown, format: RegExp, what: string): void {
  assert.ok(typeof value === 'string' && format.test(value), `${what} is not in its format`);
}

export const BEARER_INVALID = 'The mfa_token provided is invalid. Try getting a new token.';

export async function startSimulator(options: SimulatorOptions = {}) {
  // A frozen clock: the tests' expiry boundaries hold however long the machine takes between requests.
  const running = await serveSimulator({ port: 0, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret, frozenClock: true, ...options });
  const api = mfaApi({ base: running.url, control: running.url, client: CLIENT });
  return { running, api, url: running.url, close: () => running.close() };
}

export type RunningTestSimulator = Awaited<ReturnType<typeof startSimulator>>;

/** One simulator for a test file: started before its tests, handed to `onStart`, closed after. */
export function useSimulator(onStart: (sim: RunningTestSimulator) => void): void {
  let sim: RunningTestSimulator | undefined;
  before(async () => {
    sim = await startSimulator();
    onStart(sim);
  });
  after(() => sim?.close());
}

export interface TestUser {
  user_id: string;
  email: string;
  mfa_token: string;
}

/** A new user (through mfa-elements/testing) and an mfa_token, as a login that needs the second factor gives. */
export async function newUser(api: MfaApi, fields: NewUser = {}): Promise<TestUser> {
  return api.newUser(fields);
}

export async function mfaToken(api: MfaApi, user: TestUser): Promise<string> {
  return api.sim.mfaToken(user);
}

export async function accessToken(api: MfaApi, user: TestUser, scope?: string): Promise<string> {
  return api.sim.accessToken(user, { scope });
}

/** The user's authenticators, read with a fresh MFA-API access token. */
export async function listOf(api: MfaApi, user: TestUser): Promise<any[]> {
  const answer = await api.authenticators(await accessToken(api, user));
  assert.equal(answer.status, 200);
  return answer.body;
}

/** The newest code the simulator sent the user on `channel`. */
export async function lastCode(api: MfaApi, user: TestUser, channel: 'email' | 'sms' | 'voice'): Promise<string> {
  return api.sim.inbox(user).lastCode(channel, { timeout: 0 });
}

export interface Enrolled {
  id: string;
  recoveryCode?: string;
  secret?: string;
}

/** Associates and confirms a TOTP authenticator; `token` defaults to the user's mfa_token. */
export async function enrollOtp(api: MfaApi, user: TestUser, token = user.mfa_token): Promise<Enrolled> {
  const before = new Set((await listOf(api, user)).map((a) => a.id));
  const associated = await api.associate(token, { authenticator_types: ['otp'] });
  assert.equal(associated.status, 200, show(associated.body));
  const confirmed = await api.token({ grant_type: GRANTS.otp, mfa_token: token, otp: await api.code(associated.body.secret) });
  assert.equal(confirmed.status, 200, show(confirmed.body));
  const id = (await listOf(api, user)).find((a) => a.authenticator_type === 'otp' && !before.has(a.id))!.id;
  return { id, secret: associated.body.secret, recoveryCode: associated.body.recovery_codes?.[0] };
}

/** Associates and confirms an email, sms or voice authenticator with the code from the outbox. */
export async function enrollOob(
  api: MfaApi,
  user: TestUser,
  channel: 'email' | 'sms' | 'voice',
  address: string,
  token = user.mfa_token,
): Promise<Enrolled> {
  const before = new Set((await listOf(api, user)).map((a) => a.id));
  const associated = await api.associate(token, {
    authenticator_types: ['oob'],
    oob_channels: [channel],
    ...(channel === 'email' ? { email: address } : { phone_number: address }),
  });
  assert.equal(associated.status, 200, show(associated.body));
  const confirmed = await api.token({
    grant_type: GRANTS.oob,
    mfa_token: token,
    oob_code: associated.body.oob_code,
    binding_code: await lastCode(api, user, channel),
  });
  assert.equal(confirmed.status, 200, show(confirmed.body));
  const id = (await listOf(api, user)).find((a) => a.oob_channel === channel && a.active && !before.has(a.id))!.id;
  return { id, recoveryCode: associated.body.recovery_codes?.[0] };
}

/** Associates push, lets the Guardian app scan the QR code, and polls the enrollment to its tokens. */
export async function enrollPush(api: MfaApi, user: TestUser, token = user.mfa_token): Promise<Enrolled & { totpId: string }> {
  const before = new Set((await listOf(api, user)).map((a) => a.id));
  const associated = await api.associate(token, { authenticator_types: ['oob'], oob_channels: ['auth0'] });
  assert.equal(associated.status, 200, show(associated.body));
  const txId = new URL(associated.body.barcode_uri).searchParams.get('enrollment_tx_id')!;
  await api.sim.guardian(user).confirmEnrollment(txId, { device_name: 'Test phone' });
  const polled = await api.token({ grant_type: GRANTS.oob, mfa_token: token, oob_code: associated.body.oob_code });
  assert.equal(polled.status, 200, show(polled.body));
  const added = (await listOf(api, user)).filter((a) => !before.has(a.id));
  const push = added.find((a) => a.oob_channel === 'auth0')!;
  const totp = added.find((a) => a.authenticator_type === 'otp')!;
  return { id: push.id, totpId: totp.id, recoveryCode: associated.body.recovery_codes?.[0] };
}

/** Starts a push challenge and returns its oob_code and the id the Guardian app answers. */
export async function pushChallenge(api: MfaApi, user: TestUser, authenticatorId: string, token: string) {
  const challenged = await api.challenge({ mfa_token: token, challenge_type: 'oob', authenticator_id: authenticatorId });
  assert.equal(challenged.status, 200, show(challenged.body));
  const challenges = await api.sim.guardian(user).challenges();
  const guardianId = challenges.find((c) => c.authenticator_id === authenticatorId)!.id;
  return { oobCode: challenged.body.oob_code as string, guardianId };
}

/** Moves the simulator 1 s into a fresh 30 s TOTP step, so codes computed next stay current for 29 s. */
export async function alignToStep(api: MfaApi): Promise<void> {
  const now = (await api.sim.clock.now()).getTime();
  await api.sim.clock.advance(30 - ((now / 1000) % 30) + 1);
}

/** A six-digit code that none of the secret's codes around now is, to fail on purpose. */
export async function wrongCode(api: MfaApi, secret: string): Promise<string> {
  const now = (await api.sim.clock.now()).getTime();
  const near = await Promise.all([-30_000, 0, 30_000].map((offset) => totp(secret, now + offset)));
  return ['000000', '111111', '222222', '333333'].find((code) => !near.includes(code))!;
}

/** Asserts an Auth0 error answer: status, error and error_description. */
export function assertError(answer: { status: number; body: any }, status: number, error: string, description?: string | RegExp) {
  const context = show(answer.body);
  assert.equal(answer.status, status, context);
  assert.equal(answer.body?.error, error, context);
  if (typeof description === 'string') assert.equal(answer.body.error_description, description);
  else if (description) assert.match(answer.body.error_description, description);
  else assert.equal(typeof answer.body.error_description, 'string');
}

/** The claims of a JWT, unverified. */
export function claimsOf(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}
