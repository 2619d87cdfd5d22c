/**
 * Replays every recorded Auth0 exchange (test/fixtures/auth0-recordings/) against the simulator.
 *
 * Five recordings are one user's sequence (see ONE_USER): they are replayed in their order on one user, so
 * that an answer that depends on what came before (recovery codes, the list) is checked as Auth0 gave it.
 * Each other request is sent as recorded, after setting up a user whose state makes it meaningful and
 * substituting the recording's placeholders (`mfa-token`, `oob-token`, authenticator ids, the
 * recovery code, the TOTP code) with live values; associate and delete get back the
 * `Authorization` header the recordings stripped. The answer must have the recorded status, the
 * exact error and error_description, every recorded field and no other, with values in the
 * recorded formats. One extra field is allowed: `id_token`, which Auth0 also sends when the scope
 * includes `openid` and the recordings' test tenant left out; the simulator always issues one then.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SIMULATOR_DEFAULTS } from '../../src/simulator/index.ts';
import { GRANTS, type Answer, type MfaApi } from '../support/mfa-api.ts';
import { RECORDINGS_DIR, loadRecordings, parseYaml, type Exchange } from './recordings.ts';
import {
  FORMATS,
  accessToken,
  assertFormat,
  enrollOtp,
  enrollPush,
  mfaToken,
  newUser,
  pushChallenge,
  redact,
  show,
  useSimulator,
} from './setup.ts';

/** Fields a simulator answer may carry beyond the recorded ones (see the file comment). */
const EXTRA_ALLOWED = ['id_token'];
/** Values the recordings' authors put in place of secrets: they say nothing about the format. */
const PLACEHOLDERS = new Set(['mfa-token', 'oob-token', 'test-access-token']);

let api: MfaApi;
useSimulator((started) => (api = started.api));

const recordings = loadRecordings();

type Check = (value: unknown, what: string) => void;
const matches =
  (format: RegExp): Check =>
  (value, what) =>
    assertFormat(value, format, what);

/** The format of every field the recordings have; a new recorded field fails until it gets a rule here. */
const FORMAT_RULES: Record<string, Check> = {
  secret: matches(FORMATS.secret),
  oob_code: matches(FORMATS.oobCode),
  recovery_code: matches(FORMATS.recoveryCode),
  id: matches(FORMATS.authenticatorId),
  id_token: matches(FORMATS.jwt),
  access_token: matches(/^\S+$/),
  active: (value, what) => assert.equal(typeof value, 'boolean', what),
  recovery_codes: (value, what) => {
    assert.ok(Array.isArray(value) && value.length === 1, `${what}: one recovery code`);
    matches(FORMATS.recoveryCode)(value[0], what);
  },
  name: (value, what) => assert.ok(FORMATS.maskedPhone.test(String(value)) || FORMATS.maskedEmail.test(String(value)), `${what}: ${value}`),
};
/** Fields whose recorded value is the only right one. */
const SAME_VALUE = ['authenticator_type', 'oob_channel', 'binding_method', 'challenge_type', 'token_type', 'scope', 'expires_in'];

/** otpauth URIs: same scheme and label shape, the same query parameters in the same order, in their formats. */
function compareBarcodeUri(recorded: string, actual: string, owner: Record<string, unknown>): void {
  const [r, a] = [new URL(recorded), new URL(actual)];
  assert.equal(a.protocol, 'otpauth:');
  assert.equal(a.host, r.host);
  const label = (uri: URL) => decodeURIComponent(uri.pathname.slice(1));
  for (const uri of [r, a]) assert.match(label(uri), /^[^:]+:[^:@]+@[^:@]+$/, 'label is "tenant:email"');
  assert.deepEqual([...a.searchParams.keys()], [...r.searchParams.keys()]);
  for (const [key, value] of r.searchParams) {
    const mine = a.searchParams.get(key)!;
    if (key === 'secret') {
      matches(FORMATS.secret)(mine, 'barcode_uri secret');
      assert.equal(mine, owner.secret, 'barcode_uri carries the same secret');
    } else if (key === 'issuer') {
      assert.equal(mine, label(a).split(':')[0], 'issuer is the label’s tenant');
      assert.equal(value, label(r).split(':')[0]);
    } else if (key === 'enrollment_tx_id') {
      for (const id of [value, mine]) matches(FORMATS.enrollmentTxId)(id, 'enrollment_tx_id');
    } else if (key === 'base_url') {
      for (const url of [value, mine]) assert.match(new URL(url).protocol, /^https?:$/);
    } else {
      assert.equal(mine, value, `barcode_uri ${key}`);
    }
  }
}

function compareObject(recorded: Record<string, unknown>, actual: Record<string, unknown>, where: string): void {
  assert.equal(typeof actual, 'object', `${where}: ${show(actual)}`);
  for (const [key, value] of Object.entries(recorded)) {
    assert.ok(key in actual, `${where}: recorded field ${key} is missing`);
    if (key === 'barcode_uri') compareBarcodeUri(String(value), String(actual[key]), actual);
    else if (SAME_VALUE.includes(key)) assert.deepEqual(actual[key], value, `${where}: ${key}`);
    else {
      const rule = FORMAT_RULES[key];
      assert.ok(rule, `${where}: no format rule for recorded field ${key}`);
      if (!(typeof value === 'string' && PLACEHOLDERS.has(value))) rule(value, `${where}: recorded ${key}`);
      rule(actual[key], `${where}: ${key}`);
    }
  }
  const extra = Object.keys(actual).filter((key) => !(key in recorded));
  assert.deepEqual(extra.filter((key) => !EXTRA_ALLOWED.includes(key)), [], `${where}: fields Auth0 did not send`);
  for (const key of extra) FORMAT_RULES[key](actual[key], `${where}: ${key}`);
}

const kindOf = (authenticator: { id: string }) => authenticator.id.split('|')[0];

/** A recorded value before substitution must be the placeholder the replay expects. */
function substitute(fields: Record<string, unknown>, name: string, placeholder: string | RegExp, live: string): void {
  if (typeof placeholder === 'string') assert.equal(fields[name], placeholder, `recorded ${name}`);
  else assert.match(String(fields[name]), placeholder, `recorded ${name}`);
  fields[name] = live;
}

interface Replay {
  path: string;
  body?: string;
  authorization?: string;
}

/** Sets up what the recorded request needs, and returns it with live values. */
async function prepare({ request, response }: Exchange): Promise<Replay> {
  const path = new URL(request.url).pathname;
  const user = await newUser(api);

  if (request.method === 'POST' && path === '/mfa/challenge') {
    const fields = JSON.parse(request.body);
    const enrolled = kindOf({ id: fields.authenticator_id }) === 'push' ? await enrollPush(api, user) : await enrollOtp(api, user);
    substitute(fields, 'authenticator_id', /^(push|totp)\|dev_\w+$/, enrolled.id);
    substitute(fields, 'mfa_token', 'mfa-token', await mfaToken(api, user));
    return { path, body: JSON.stringify(fields) };
  }

  if (request.method === 'POST' && path === '/oauth/token') {
    const fields: Record<string, string> = Object.fromEntries(Object.entries(request.form).map(([key, [value]]) => [key, value]));
    let token: string | undefined;
    if (fields.grant_type === GRANTS.otp) {
      const { secret } = await enrollOtp(api, user);
      await api.sim.clock.advance(30); // a code the enrollment did not use
      substitute(fields, 'otp', /^\d{6}$/, await api.code(secret!));
    } else if (fields.grant_type === GRANTS.recoveryCode) {
      const { recoveryCode } = await enrollOtp(api, user);
      substitute(fields, 'recovery_code', 'M67LWV6ZJGNDUGH43BADW46N', recoveryCode!);
    } else if (fields.grant_type === GRANTS.oob) {
      const { id } = await enrollPush(api, user);
      token = await mfaToken(api, user);
      const { oobCode, guardianId } = await pushChallenge(api, user, id, token);
      // The recorded answer says what the user did on the phone.
      const { error } = JSON.parse(response.body);
      if (error === 'access_denied') await api.sim.guardian().answer(guardianId, 'reject');
      else if (!error) await api.sim.guardian().answer(guardianId, 'approve');
      else assert.equal(error, 'authorization_pending');
      substitute(fields, 'oob_code', 'oob-token', oobCode);
    } else {
      assert.fail(`no replay for grant ${fields.grant_type}`);
    }
    substitute(fields, 'mfa_token', 'mfa-token', token ?? (await mfaToken(api, user)));
    return { path, body: new URLSearchParams(fields).toString() };
  }

  assert.fail(`no replay for ${request.method} ${path}`);
}

function compare(exchange: Exchange, answer: Answer): void {
  const { response } = exchange;
  assert.equal(answer.status, response.code, show(answer.body));
  // The media type as recorded, an empty 204 included (its parameters, such as charset, vary).
  const mediaType = (value: string | null | undefined) => value?.split(';')[0].trim();
  assert.equal(mediaType(answer.headers.get('content-type')), mediaType(response.headers['Content-Type']?.[0]), 'Content-Type');
  if (response.body === '') {
    assert.equal(answer.body, undefined, 'an empty body');
    return;
  }
  const recorded = JSON.parse(response.body);
  if ('error' in recorded) {
    assert.deepEqual(redact(answer.body), recorded);
    return;
  }
  if (!Array.isArray(recorded)) {
    compareObject(recorded, answer.body, 'answer');
    return;
  }
  // A list: the same kinds in the same order, each entry in its recorded shape and state.
  assert.ok(Array.isArray(answer.body));
  assert.deepEqual(answer.body.map(kindOf), recorded.map(kindOf), 'the same authenticators in the same order');
  recorded.forEach((entry: any, i: number) => {
    compareObject(entry, answer.body[i], kindOf(entry));
    assert.equal(answer.body[i].active, entry.active, `${kindOf(entry)} active`);
  });
}

/**
 * One user's recorded sequence: three associations with the login's mfa_token, none confirmed (the sms answer
 * carries the recovery code; its oob_code's timestamp is 414 ms before the push's), the list that shows them
 * beside the user's verified email, and the deletion of the push the list names.
 */
const ONE_USER = [
  'TestMFAAddAuthenticator__Should_return_response_for_OOB_SMS_channel',
  'TestMFAAddAuthenticator__Should_return_response_for_OOB_Auth0_channel',
  'TestMFAAddAuthenticator__Should_return_response_for_OTP',
  'TestMFAListAuthenticators',
  'TestMFADeleteAuthenticator',
];

const byName = (name: string) => recordings.find((r) => r.name === name)!.interactions[0];
/** The issue time Auth0 seals into an oob_code: `Fe26.2*…*<ms>*…`. */
const sealedAt = (exchange: Exchange) => Number(/\*(\d{13})\*/.exec(JSON.parse(exchange.response.body).oob_code)![1]);

async function send(exchange: Exchange, { path, body, authorization }: Replay): Promise<Answer> {
  const headers = Object.fromEntries(Object.entries(exchange.request.headers).map(([name, values]) => [name, values.join(', ')]));
  if (authorization) headers.Authorization = `Bearer ${authorization}`;
  return api.request(path, { method: exchange.request.method, headers, body: body || undefined });
}

test('the fixtures hold every recording and the README with its attribution and license', () => {
  const files = readdirSync(RECORDINGS_DIR);
  assert.equal(files.filter((f) => f.endsWith('.yaml')).length, 12);
  assert.equal(recordings.length, 12);
  const readme = readFileSync(join(RECORDINGS_DIR, 'README.md'), 'utf8');
  assert.match(readme, /auth0\/go-auth0/);
  assert.match(readme, /MIT License, Copyright \(c\) 2022-present Auth0, Inc\./);
  for (const { name, interactions } of recordings) {
    assert.ok(interactions.length >= 1, name);
    for (const { request, response } of interactions) {
      assert.match(request.method, /^(GET|POST|DELETE)$/, name);
      assert.ok(new URL(request.url), name);
      assert.equal(typeof response.code, 'number', name);
      assert.equal(typeof response.body, 'string', name);
    }
  }
});

test('the YAML reader reads the recordings’ subset and refuses the rest', () => {
  const parsed = parseYaml(
    [
      '---',
      'version: 2',
      'items:',
      '    - id: 0',
      "      body: 'it''s: {\"a\":1}'",
      '      form: {}',
      '      list: []',
      '      headers:',
      '        Content-Type:',
      '          - application/json',
      '      url: https://example.com/a?b=c',
      '      quoted: "x\\ty"',
      '    - plain',
    ].join('\n'),
  );
  assert.deepEqual(parsed, {
    version: 2,
    items: [
      {
        id: 0,
        body: 'it\'s: {"a":1}',
        form: {},
        list: [],
        headers: { 'Content-Type': ['application/json'] },
        url: 'https://example.com/a?b=c',
        quoted: 'x\ty',
      },
      'plain',
    ],
  });
  assert.throws(() => parseYaml('a: |\n  text'), /unsupported/);
  assert.throws(() => parseYaml('a: 1\n   b: 2'), /indent/);
});

test('the one-user sequence is what the recordings say it is', () => {
  const [sms, push, otp, list, remove] = ONE_USER.map(byName);
  assert.ok(sealedAt(sms) < sealedAt(push) && sealedAt(push) - sealedAt(sms) < 1000, 'sms, then push, within a second');
  assert.deepEqual(
    [sms, push, otp].map((e) => 'recovery_codes' in JSON.parse(e.response.body)),
    [true, false, false],
    'the first association only carries the recovery code',
  );
  const listed = JSON.parse(list.response.body).map((a: { id: string }) => a.id);
  assert.ok(listed.includes(decodeURIComponent(new URL(remove.request.url).pathname.split('/').pop()!)), 'the deleted push is the listed one');
});

test('replays the one-user sequence in order: associate sms, push, otp; list; delete the push', async () => {
  // The recordings' user: user@example.com (the barcode_uri labels), a verified email.
  const user = await newUser(api, { email: 'user@example.com' });
  let pushId = '';
  for (const name of ONE_USER) {
    const exchange = byName(name);
    const path = new URL(exchange.request.url).pathname;
    let replay: Replay;
    if (path === '/mfa/associate') replay = { path, body: exchange.request.body, authorization: user.mfa_token };
    else if (exchange.request.method === 'GET') replay = { path, authorization: user.mfa_token };
    else replay = { path: `/mfa/authenticators/${encodeURIComponent(pushId)}`, authorization: await accessToken(api, user) };
    const answer = await send(exchange, replay);
    compare(exchange, answer);
    if (exchange.request.method === 'GET') pushId = answer.body.find((a: { id: string }) => kindOf(a) === 'push').id;
  }
  assert.ok(!(await api.authenticators(user.mfa_token)).body.some((a: { id: string }) => a.id === pushId), 'the push is gone');
});

for (const recording of recordings.filter((r) => !ONE_USER.includes(r.name))) {
  test(`replays ${recording.name}`, async () => {
    for (const exchange of recording.interactions) compare(exchange, await send(exchange, await prepare(exchange)));
  });
}

test('the simulator names the tenant as authenticator apps show it', async () => {
  // The recordings' tenant is "My Test Tenant"; the simulator's is configurable, with a default.
  const user = await newUser(api);
  const { body } = await api.associate(user.mfa_token, { authenticator_types: ['otp'] });
  const uri = new URL(body.barcode_uri);
  assert.equal(uri.searchParams.get('issuer'), SIMULATOR_DEFAULTS.tenantName);
  assert.equal(decodeURIComponent(uri.pathname.slice(1)), `${SIMULATOR_DEFAULTS.tenantName}:${user.email}`);
});
