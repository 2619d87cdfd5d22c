/** `<mfa-authenticators>`' flow in Node, against the simulator: list, remove, refuse, clean up, add. */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { MfaClient } from '../../src/api/client.ts';
import { MfaSession, type TokenProvider } from '../../src/api/session.ts';
import type { Authenticator } from '../../src/api/types.ts';
import { AuthenticatorsFlow, methodsOf, type AuthenticatorsState } from '../../src/flows/authenticators-flow.ts';
import { loadRecordings } from '../simulator/recordings.ts';
import { PUBLIC_CLIENT_ID, accessToken, enrollOob, enrollOtp, enrollPush, listOf, mfaToken, newUser, type TestUser } from '../simulator/setup.ts';
import { record, until, useWorld } from './support.ts';

const world = useWorld();
const flows: AuthenticatorsFlow[] = [];
afterEach(() => flows.splice(0).forEach((flow) => flow.abort()));

function start(provider: TokenProvider, enrollReady?: () => Promise<unknown>) {
  const { clock, session } = world();
  const flow = new AuthenticatorsFlow({ session: session(provider), clock, enrollReady });
  flows.push(flow);
  const log = record(flow);
  flow.begin();
  return { flow, log };
}

/** A flow whose lists are the simulator's with `tamper` applied: what a broken or hostile server could answer. */
function startTampered(provider: TokenProvider, tamper: (list: unknown[]) => unknown) {
  const { sim, clock } = world();
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await sim.running.simulator.fetch(new Request(input, init));
    if (new URL(String(input)).pathname !== '/mfa/authenticators' || !response.ok) return response;
    return Response.json(tamper(await response.json()));
  };
  const session = new MfaSession(new MfaClient({ baseUrl: sim.url, clientId: PUBLIC_CLIENT_ID, fetch }), provider);
  const flow = new AuthenticatorsFlow({ session, clock });
  flows.push(flow);
  const log = record(flow);
  flow.begin();
  return { flow, log };
}

type Step = AuthenticatorsState['step'];
const settled = (flow: AuthenticatorsFlow, step: Step) =>
  until(() => flow.state.step === step && !flow.busy, () => `the ${step} step; at ${flow.state.step}, error ${JSON.stringify(flow.error)}`);
const api = () => world().sim.api;
const access = (user: TestUser, scope?: string) => () => accessToken(api(), user, scope);
const kinds = (flow: AuthenticatorsFlow, which: 'active' | 'pending') => flow[which].map((m) => m.factor);
const deletes = () => world().requests.filter((r) => r.startsWith('DELETE ')).length;

/** An authenticator app and an sms phone, besides the verified email every new user has. */
async function userWithMethods(): Promise<TestUser> {
  const user = await newUser(api());
  await enrollOtp(api(), user);
  await enrollOob(api(), user, 'sms', '+14155550123', await accessToken(api(), user));
  return user;
}

async function associateOnly(user: TestUser, body: Record<string, unknown>): Promise<void> {
  const answer = await api().associate(await accessToken(api(), user), body);
  assert.equal(answer.status, 200);
}

describe('methodsOf', () => {
  const item = (id: string, fields: Partial<Authenticator> = {}): Authenticator => ({
    id,
    authenticator_type: id.startsWith('totp') ? 'otp' : id.startsWith('recovery') ? 'recovery-code' : 'oob',
    active: true,
    ...fields,
  });

  it('folds the totp listed right after a push into it, and orders methods as the challenge offers them', () => {
    const methods = methodsOf([
      item('recovery-code|dev_1'),
      item('totp|dev_2'),
      item('push|dev_3', { oob_channel: 'auth0', name: 'Pixel 9' }),
      item('totp|dev_4'),
      item('sms|dev_5', { oob_channel: 'sms', name: 'XXXXXXXX0123' }),
      item('webauthn|dev_6', { authenticator_type: 'webauthn' as never }),
    ]);
    assert.deepEqual(
      methods.map((m) => [m.authenticator.id, m.factor, m.paired?.id]),
      [
        ['push|dev_3', 'push', 'totp|dev_4'],
        ['totp|dev_2', 'otp', undefined],
        ['sms|dev_5', 'sms', undefined],
        ['recovery-code|dev_1', 'recovery-code', undefined],
        ['webauthn|dev_6', undefined, undefined],
      ],
    );
  });

  it("reads Auth0's recorded list: the email in use; push with its totp, an app and a phone unfinished", () => {
    const recording = loadRecordings().find((r) => r.name === 'TestMFAListAuthenticators')!;
    const list: Authenticator[] = JSON.parse(recording.interactions.at(-1)!.response.body);
    const shown = methodsOf(list).map((m) => [m.authenticator.id, m.authenticator.active, m.paired?.id, m.removable]);
    assert.deepEqual(shown, [
      ['push|dev_BBTKYpxKHOXVBnql', false, 'totp|dev_WzMZ2sZbUw1wbC2F', true],
      ['totp|dev_wLdxko6pjg6ziKL9', false, undefined, true],
      ['email|dev_hdkmORJuqOmjRRQU', true, undefined, true],
      ['sms|dev_klnv5yshzzoosSUm', false, undefined, true],
    ]);
  });
});

describe('AuthenticatorsFlow', () => {
  it('lists active methods apart from pending ones, and offers to add only the kinds the user lacks', async () => {
    const user = await userWithMethods();
    await associateOnly(user, { authenticator_types: ['oob'], oob_channels: ['auth0'] });
    const { flow, log } = start(access(user));
    assert.equal(flow.state.step, 'loading');
    await settled(flow, 'list');
    assert.deepEqual(kinds(flow, 'active'), ['otp', 'email', 'sms', 'recovery-code']);
    // The pending push brought its pending totp: one unfinished device.
    assert.deepEqual(kinds(flow, 'pending'), ['push']);
    assert.equal(flow.pending[0].paired?.authenticator_type, 'otp');
    assert.deepEqual(flow.addable, ['push', 'sms', 'voice']);
    assert.equal(log.steps(), 2);
  });

  it('removes a method after its confirmation, says which, and lists again', async () => {
    const user = await userWithMethods();
    const { flow, log } = start(access(user));
    await settled(flow, 'list');
    const sms = flow.active.find((m) => m.factor === 'sms')!;
    const before = deletes();
    flow.askRemove(sms);
    assert.deepEqual(flow.state, { step: 'confirm', methods: flow.methods, remove: [sms], last: false });
    assert.equal(deletes(), before, 'asking sends nothing');
    flow.confirmRemove();
    await settled(flow, 'list');
    assert.deepEqual(log.of('removed').map((e) => e.authenticator), [sms.authenticator]);
    assert.deepEqual(kinds(flow, 'active'), ['otp', 'email', 'recovery-code']);
    assert.ok(!(await listOf(api(), user)).some((a) => a.id === sms.authenticator.id));
    assert.deepEqual(log.of('announce').at(-1).message, { key: 'authenticatorsRemoved', params: { name: { key: 'methodSms' } } });
  });

  it('removes a push with the totp it brought', async () => {
    const user = await newUser(api(), { email_verified: false });
    await enrollPush(api(), user);
    const { flow } = start(access(user));
    await settled(flow, 'list');
    assert.deepEqual(kinds(flow, 'active'), ['push', 'recovery-code']);
    flow.askRemove(flow.active[0]);
    assert.equal(flow.state.step === 'confirm' && flow.state.last, true, 'the recovery code alone is no factor');
    flow.confirmRemove();
    await settled(flow, 'list');
    assert.deepEqual(kinds(flow, 'active'), ['recovery-code']);
    assert.equal((await listOf(api(), user)).filter((a) => a.authenticator_type === 'otp').length, 0);
  });

  it('never offers to remove the recovery code (Auth0 does not let the MFA API), and hides one not yet in use', async () => {
    const user = await newUser(api());
    // An abandoned first association: its recovery code lists inactive and works only once a factor is confirmed.
    await associateOnly(user, { authenticator_types: ['otp'] });
    const { flow } = start(access(user));
    await settled(flow, 'list');
    assert.deepEqual(kinds(flow, 'active'), ['email']);
    assert.deepEqual(kinds(flow, 'pending'), ['otp']);
    flow.askRemovePending();
    assert.deepEqual(flow.state.step === 'confirm' && flow.state.remove.map((m) => m.factor), ['otp']);
    flow.cancel();

    const enrolled = await userWithMethods();
    const second = start(access(enrolled)).flow;
    await settled(second, 'list');
    const recovery = second.active.find((m) => m.factor === 'recovery-code')!;
    assert.equal(recovery.removable, false);
    assert.ok(second.active.filter((m) => m.factor !== 'recovery-code').every((m) => m.removable));
    second.askRemove(recovery);
    assert.equal(second.state.step, 'list');
  });

  it('says which method cannot be removed when Auth0 refuses it for another reason than the scope', async () => {
    const user = await userWithMethods();
    const { flow, log } = start(access(user));
    await settled(flow, 'list');
    const email = flow.active.find((m) => m.factor === 'email')!;
    flow.askRemove(email);
    // As Auth0 answers for a verified email, which the list does not tell apart from an enrolled one.
    await api().sim.faults.inject({ path: '/mfa/authenticators/', status: 403 });
    flow.confirmRemove();
    await settled(flow, 'list');
    assert.equal(log.of('error')[0].error.status, 403);
    assert.deepEqual(flow.error, { key: 'authenticatorsCannotRemove', params: { name: { key: 'methodEmail' } } });
    assert.ok(flow.methods.includes(email));
  });

  it('cancels back to the list with nothing removed', async () => {
    const user = await userWithMethods();
    const { flow } = start(access(user));
    await settled(flow, 'list');
    const before = deletes();
    flow.askRemove(flow.active[0]);
    flow.cancel();
    assert.equal(flow.state.step, 'list');
    assert.equal(deletes(), before);
  });

  it('keeps the list and says why when the token may not remove', async () => {
    const user = await userWithMethods();
    const { flow, log } = start(access(user, 'read:authenticators enroll'));
    await settled(flow, 'list');
    const before = flow.methods.length;
    flow.askRemove(flow.active[0]);
    flow.confirmRemove();
    await settled(flow, 'list');
    assert.deepEqual(log.errors(), ['insufficient_scope']);
    assert.deepEqual(flow.error, { key: 'authenticatorsRemoveRefused' });
    assert.equal(flow.methods.length, before);
    assert.equal(log.of('removed').length, 0);
  });

  it('keeps the list when an mfa_token is asked to remove (Auth0 refuses it)', async () => {
    const user = await userWithMethods();
    const { flow, log } = start(() => mfaToken(api(), user));
    await settled(flow, 'list');
    flow.askRemove(flow.active[0]);
    flow.confirmRemove();
    await settled(flow, 'list');
    assert.equal(log.of('error')[0].error.status, 403);
    // An mfa_token has no remove:authenticators (FIDELITY.md): the page may not remove, which is not the method's fault.
    assert.equal(log.of('error')[0].error.code, 'insufficient_scope');
    assert.deepEqual(flow.error, { key: 'authenticatorsRemoveRefused' });
    assert.equal(log.of('removed').length, 0);
  });

  it('removes every pending method in one confirmation', async () => {
    const user = await userWithMethods();
    await associateOnly(user, { authenticator_types: ['otp'] });
    await associateOnly(user, { authenticator_types: ['oob'], oob_channels: ['voice'], phone_number: '+14155550188' });
    const { flow, log } = start(access(user));
    await settled(flow, 'list');
    assert.equal(flow.pending.length, 2);
    flow.askRemovePending();
    assert.equal(flow.state.step === 'confirm' && flow.state.remove.length, 2);
    flow.confirmRemove();
    await settled(flow, 'list');
    assert.equal(log.of('removed').length, 2);
    assert.equal(flow.pending.length, 0);
    assert.equal((await listOf(api(), user)).filter((a) => !a.active).length, 0);
    assert.deepEqual(log.of('announce').at(-1).message, { key: 'authenticatorsRemovedPending', params: { count: 2 } });
  });

  it('keeps what is left to remove, and the error, when the network fails half way', async () => {
    const user = await userWithMethods();
    await associateOnly(user, { authenticator_types: ['otp'] });
    await associateOnly(user, { authenticator_types: ['oob'], oob_channels: ['voice'], phone_number: '+14155550188' });
    const { flow, log } = start(access(user));
    await settled(flow, 'list');
    flow.askRemovePending();
    const [first, second] = flow.pending;
    // The first DELETE goes through, the second meets a server error.
    await api().sim.faults.inject({ path: `/mfa/authenticators/${encodeURIComponent(second.authenticator.id)}`, status: 503 });
    flow.confirmRemove();
    await until(() => !flow.busy && flow.error, 'the error');
    assert.equal(log.of('removed').length, 1);
    assert.equal(log.of('removed')[0].authenticator, first.authenticator);
    assert.deepEqual(log.errors(), ['server_error']);
    assert.equal(flow.state.step === 'confirm' && flow.state.remove[0], second);
    assert.ok(!flow.methods.includes(first));
    flow.confirmRemove();
    await settled(flow, 'list');
    assert.equal(flow.pending.length, 0);
  });

  it('shows the error step when the list cannot be read, and lists on retry', async () => {
    const user = await userWithMethods();
    await api().sim.faults.inject({ path: '/mfa/authenticators', status: 503 });
    const { flow, log } = start(access(user));
    await settled(flow, 'error');
    assert.deepEqual(log.errors(), ['server_error']);
    flow.retry();
    await settled(flow, 'list');
    assert.equal(flow.active.length, 4);
  });

  it('shows the error step, not a list, when the answer holds something that is not an authenticator', async () => {
    const user = await userWithMethods();
    const entries = [
      null,
      'totp|dev_1',
      {},
      { id: 7, authenticator_type: 'otp', active: true },
      { id: 'totp|dev_1', authenticator_type: 'otp', active: 'yes' },
      { id: 'sms|dev_1', authenticator_type: 'oob', active: true, oob_channel: 'sms', name: { html: '<b>' } },
    ];
    for (const entry of entries) {
      const { flow, log } = startTampered(access(user), (list) => [...list, entry]);
      await settled(flow, 'error');
      assert.deepEqual(log.errors(), ['bad_response'], JSON.stringify(entry));
      assert.match(flow.state.step === 'error' ? flow.state.error.message : '', /not an authenticator/);
    }
    // An unknown kind is no malformed entry: still listed.
    const { flow } = startTampered(access(user), (list) => [...list, { id: 'webauthn|dev_1', authenticator_type: 'webauthn', active: true }]);
    await settled(flow, 'list');
    assert.equal(flow.active.filter((m) => !m.factor).length, 1);
  });

  it('refuses a token without read:authenticators with insufficient_scope', async () => {
    const user = await userWithMethods();
    const { flow, log } = start(access(user, 'enroll remove:authenticators'));
    await settled(flow, 'error');
    assert.deepEqual(log.errors(), ['insufficient_scope']);
  });

  it('adds: waits for <mfa-enroll>, offers what the user lacks, and lists again once enrolled', async () => {
    const user = await userWithMethods();
    let ready!: () => void;
    const { flow } = start(access(user), () => new Promise<void>((resolve) => (ready = resolve)));
    await settled(flow, 'list');
    flow.add();
    await until(() => ready, 'the view is asked for <mfa-enroll>');
    assert.equal(flow.state.step, 'list');
    ready();
    await settled(flow, 'add');
    const state = flow.state as AuthenticatorsState;
    assert.deepEqual(state.step === 'add' && state.factors, ['push', 'sms', 'voice']);
    // What <mfa-enroll> does, through the API: a second phone.
    await enrollOob(api(), user, 'voice', '+14155550177', await accessToken(api(), user));
    flow.enrolled();
    await settled(flow, 'list');
    assert.deepEqual(kinds(flow, 'active'), ['otp', 'email', 'sms', 'voice', 'recovery-code']);
  });

  it('stays on the list with a retryable error when <mfa-enroll> cannot load', async () => {
    const user = await userWithMethods();
    const { flow, log } = start(access(user), () => Promise.reject(new Error('chunk')));
    await settled(flow, 'list');
    flow.add();
    await until(() => !flow.busy && flow.error, 'the error');
    assert.equal(flow.state.step, 'list');
    assert.deepEqual(log.errors(), ['network']);
  });
});
