/**
 * Element tests' simulator: each test file gets its own (`/sim/{name}` in the test server, test/support/servers.ts),
 * driven through mfa-elements/testing. Beside the client: the two ways a page is set up, and what the simulator answered.
 */
import { SIMULATOR_DEFAULTS } from '../../src/simulator/index.ts';
import { connectSimulator, type SimulatorClient } from '../../src/testing/index.ts';

export interface Mode {
  name: 'proxy' | 'public';
  apiBase: string;
  clientId: string;
}

export interface PageSimulator extends SimulatorClient {
  readonly name: string;
  /** Where the simulator's MFA API answers the page directly (the public application). */
  readonly base: string;
  /** The two ways a page is set up: behind the proxy (confidential app), or straight to Auth0 (public app). */
  modes(): Mode[];
  /** The API calls the simulator answered, to prove what an element sent (or did not). */
  requests(): Promise<{ method: string; path: string }[]>;
}

export function pageSimulator(name: string): PageSimulator {
  const base = `/sim/${name}`;
  return Object.assign(connectSimulator(base), {
    name,
    base,
    modes: (): Mode[] => [
      { name: 'proxy', apiBase: `/proxy/${name}`, clientId: '' },
      { name: 'public', apiBase: base, clientId: SIMULATOR_DEFAULTS.publicClientId },
    ],
    requests: async () => (await fetch(`/__test/requests/${name}`)).json(),
  });
}
