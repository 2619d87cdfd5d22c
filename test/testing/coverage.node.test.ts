/**
 * mfa-elements/testing makes every call of the control API that docs/simulator.md documents: a call added to the
 * simulator's table without a client method fails here, and so does a documented call the client no longer makes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createSimulator, SIMULATOR_DEFAULTS } from '../../src/simulator/index.ts';
import { connectSimulator } from '../../src/testing/index.ts';

/** `POST /__sim/users/auth0%7C…/mfa-token` and `POST /__sim/users/{user_id}/mfa-token` are both `POST /__sim/users/{}/mfa-token`. */
const shape = (method: string, path: string) =>
  `${method} ${path.split('?')[0].replace(/\/(users|enrollments|challenges)\/[^/]+\//, '/$1/{}/')}`;

/** The control calls of docs/simulator.md's table, `…/reject` spelled out. */
function documented(): Set<string> {
  const markdown = readFileSync(new URL('../../docs/simulator.md', import.meta.url), 'utf8');
  const calls = new Set<string>();
  for (const row of markdown.split('\n').filter((line) => line.startsWith('| `') && line.includes('/__sim/'))) {
    const cell = row.split('|')[1];
    let last = '';
    for (const [, method, path] of cell.matchAll(/`(?:([A-Z]+) )?([^`]+)`/g)) {
      const full = path.startsWith('…') ? last.replace(/\/[^/]+$/, path.slice(1)) : path;
      if (!full.startsWith('/__sim/')) continue;
      calls.add(shape(method ?? 'POST', full));
      last = full;
    }
  }
  return calls;
}

test('the client makes every control call of docs/simulator.md, and no other', async () => {
  const simulator = createSimulator({ frozenClock: true });
  const made = new Set<string>();
  const sim = connectSimulator({
    fetch: (request: Request) => {
      const { pathname } = new URL(request.url);
      if (pathname.startsWith('/__sim/')) made.add(shape(request.method, pathname));
      return simulator.fetch(request);
    },
  });
  /** An MFA API call, as a page makes it: not a control call. */
  const mfa = (path: string, token: string | undefined, json: Record<string, unknown>) =>
    sim.connection.call<Record<string, string>>('POST', path, { json }, token);

  await sim.config();
  const user = await sim.createUser();
  await sim.enroll(user, 'otp');
  await sim.authenticatorApp(user).freshCode();
  await sim.clock.now();
  await sim.inbox(user).messages();
  const { authenticator_id } = await sim.enroll(user, 'push');
  // Another user's push enrollment that the phone refuses; then two pushes: one approved, one rejected.
  const other = await sim.createUser();
  const associated = await mfa('/mfa/associate', await sim.accessToken(other), { authenticator_types: ['oob'], oob_channels: ['auth0'] });
  assert.ok(associated.barcode_uri, JSON.stringify(associated));
  await sim.guardian(other).rejectNextEnrollment();
  for (const answer of ['approve', 'reject'] as const) {
    const mfa_token = await sim.mfaToken(user);
    await mfa('/mfa/challenge', undefined, { client_id: SIMULATOR_DEFAULTS.publicClientId, mfa_token, challenge_type: 'oob', authenticator_id });
    await (answer === 'approve' ? sim.guardian(user).approveNext() : sim.guardian(user).rejectNext());
  }
  await sim.guardian(user).view();
  await sim.faults.inject({ path: '/mfa/challenge', status: 503 });
  await sim.faults.clear();
  await sim.reset();

  assert.deepEqual([...made].sort(), [...documented()].sort());
});
