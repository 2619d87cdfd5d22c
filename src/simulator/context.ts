/** What every route of the simulator sees: its options, its state and its signing key. */
import { DEFAULT_BODY_TIMEOUT_MS } from '../server/http.ts';
import type { Clock } from './clock.ts';
import type { JwtSigner } from './jwt.ts';
import type { State } from './state.ts';

export interface SimulatorOptions {
  /** The confidential application: sends client_id and client_secret. */
  clientId?: string;
  clientSecret?: string;
  /** The public application (an SPA): sends only its client_id. */
  publicClientId?: string;
  /** Origins that get CORS answers, as a tenant's "Allowed Web Origins". */
  webOrigins?: string[];
  /** The public URL named by discovery and tokens; default: the URL each request reached. */
  issuer?: string;
  /** The tenant's friendly name, shown by authenticator apps. */
  tenantName?: string;
  /** Time moves only through `/__sim/clock` (for tests of exact expiry boundaries); default: real time plus the offset. */
  frozenClock?: boolean;
  /** Serve the /__sim/ control API (default true); false answers 404 there, as Auth0 would. */
  control?: boolean;
  /** A request body must arrive within this (default 10000 ms); a slower one is 408. */
  bodyTimeoutMs?: number;
}

export const DEFAULT_OPTIONS = {
  clientId: 'sim-confidential-client',
  clientSecret: 'sim-confidential-secret',
  publicClientId: 'sim-public-client',
  webOrigins: [] as string[],
  tenantName: 'MFA Elements Simulator',
  frozenClock: false,
  control: true,
  bodyTimeoutMs: DEFAULT_BODY_TIMEOUT_MS,
};

export type ResolvedOptions = typeof DEFAULT_OPTIONS & { issuer?: string };

export interface Context {
  options: ResolvedOptions;
  state: State;
  clock: Clock;
  signer: JwtSigner;
  /** `https://host/`, with the trailing slash Auth0's issuers have. */
  issuer: string;
}
