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
  /** Customizable MFA: `mfa_required` carries `mfa_requirements` (off: Auth0's default body). */
  mfaRequirements?: boolean;
  /** The tenant enables both sms and voice: associating one phone channel creates both authenticators. */
  smsAndVoice?: boolean;
  /**
   * The tenant's API limit: `limit` requests at once, refilled at `perSecond`, reported by `X-RateLimit-*` on every
   * answer and enforced with 429. `false`: no limit and no headers (load tests of what sits in front).
   */
  rateLimit?: RateLimit | false;
}

export interface RateLimit {
  limit: number;
  perSecond: number;
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
  mfaRequirements: false,
  smsAndVoice: false,
  // Size assumed; the headers' presence follows community thread 56087.
  rateLimit: { limit: 1000, perSecond: 100 } as RateLimit | false,
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
