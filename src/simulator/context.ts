/** What every route of the simulator sees: its options, its state and its signing key. */
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
  /** Customizable MFA: `mfa_required` carries `mfa_requirements` (off: Auth0's default body). */
  mfaRequirements?: boolean;
  /** The tenant enables both sms and voice: associating one phone channel creates both authenticators. */
  smsAndVoice?: boolean;
}

export const DEFAULT_OPTIONS = {
  clientId: 'sim-confidential-client',
  clientSecret: 'sim-confidential-secret',
  publicClientId: 'sim-public-client',
  webOrigins: [] as string[],
  tenantName: 'MFA Elements Simulator',
  mfaRequirements: false,
  smsAndVoice: false,
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
