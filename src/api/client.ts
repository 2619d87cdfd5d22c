/**
 * The five calls of the Auth0 MFA API, JSON for /mfa/* and a form for /oauth/token, each abortable.
 * `baseUrl` is a backend proxy's prefix (it adds the client credentials) or an Auth0 domain with
 * `clientId` for a public application.
 */
import { MfaError, classify } from './errors.ts';
import {
  GRANT_TYPES,
  type AssociateRequest,
  type AssociateResponse,
  type Authenticator,
  type ChallengeResponse,
  type Grant,
  type TokenResponse,
} from './types.ts';

export interface MfaClientOptions {
  baseUrl: string;
  /** A public application's client_id; leave unset behind a proxy. */
  clientId?: string;
  fetch?: typeof fetch;
}

export class MfaClient {
  readonly #base: string;
  readonly #clientId?: string;
  readonly #fetch: typeof fetch;

  constructor({ baseUrl, clientId, fetch: fetchImpl }: MfaClientOptions) {
    this.#base = baseUrl.replace(/\/+$/, '');
    this.#clientId = clientId || undefined;
    this.#fetch = fetchImpl ?? ((input, init) => fetch(input, init));
  }

  associate(token: string, body: AssociateRequest, signal?: AbortSignal): Promise<AssociateResponse> {
    return this.#send('/mfa/associate', { method: 'POST', headers: json(token), body: JSON.stringify(body), signal });
  }

  async listAuthenticators(token: string, signal?: AbortSignal): Promise<Authenticator[]> {
    const list = await this.#send<(Authenticator & { oob_channels?: Authenticator['oob_channel'] })[]>(
      '/mfa/authenticators',
      { headers: { Authorization: `Bearer ${token}` }, signal },
    );
    if (!Array.isArray(list)) throw new MfaError('bad_response', 'The authenticator list is not an array.', 200);
    const malformed = list.find((item) => !isAuthenticator(item));
    if (malformed !== undefined) {
      throw new MfaError('bad_response', `The authenticator list holds ${JSON.stringify(malformed).slice(0, 80)}, not an authenticator.`, 200);
    }
    return list.map(({ oob_channels, ...authenticator }) => ({
      ...authenticator,
      ...(oob_channels && !authenticator.oob_channel && { oob_channel: oob_channels }),
    }));
  }

  deleteAuthenticator(token: string, id: string, signal?: AbortSignal): Promise<void> {
    return this.#send(`/mfa/authenticators/${encodeURIComponent(id)}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}` },
      signal,
    });
  }

  challenge(
    mfaToken: string,
    challengeType: 'otp' | 'oob',
    authenticatorId?: string,
    signal?: AbortSignal,
  ): Promise<ChallengeResponse> {
    const body = {
      ...(this.#clientId && { client_id: this.#clientId }),
      mfa_token: mfaToken,
      challenge_type: challengeType,
      ...(authenticatorId && { authenticator_id: authenticatorId }),
    };
    return this.#send('/mfa/challenge', { method: 'POST', headers: json(), body: JSON.stringify(body), signal });
  }

  /** One of the three MFA grants: `otp`, `oob` (with `oob_code`, and `binding_code` for prompts) or `recoveryCode`. */
  token(grant: Grant, mfaToken: string, fields: Record<string, string>, signal?: AbortSignal): Promise<TokenResponse> {
    const body = new URLSearchParams({
      grant_type: GRANT_TYPES[grant],
      ...(this.#clientId && { client_id: this.#clientId }),
      mfa_token: mfaToken,
      ...fields,
    });
    return this.#send(
      '/oauth/token',
      { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body, signal },
      grant,
    );
  }

  async #send<T>(path: string, init: RequestInit, grant?: Grant): Promise<T> {
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}${path}`, { ...init, credentials: 'same-origin', cache: 'no-store' });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new MfaError('network', 'The server could not be reached.');
    }
    const retryAfter = Number(response.headers.get('Retry-After'));
    const retryAfterS = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
    if (response.status === 204) return undefined as T;
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      if (init.signal?.aborted) throw error;
      const code = response.status >= 500 ? 'server_error' : 'bad_response';
      throw new MfaError(code, `The server answered ${response.status} without JSON.`, response.status, retryAfterS);
    }
    if (response.ok) return body as T;
    const { error = '', error_description = '' } = (body ?? {}) as { error?: string; error_description?: string };
    const description = error_description || error || `HTTP ${response.status}`;
    const code = classify(response.status, error, description, grant);
    // What the page's developer needs to know, in the mfa-error event.
    const explained = code === 'mfa_token_required' ? `${description}. ${MFA_TOKEN_REQUIRED}` : description;
    throw new MfaError(code, explained, response.status, retryAfterS);
  }
}

/**
 * What the views and flows read of a listed authenticator, with the types they need: a string `id` (a removal's URL),
 * a boolean `active`, text for `name`. An `authenticator_type` or `oob_channel` this version does not know is no error.
 */
function isAuthenticator(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return false;
  const { id, authenticator_type, active, name } = item as Record<string, unknown>;
  return typeof id === 'string' && id !== '' && typeof authenticator_type === 'string' && typeof active === 'boolean' &&
    (name === undefined || typeof name === 'string');
}

const MFA_TOKEN_REQUIRED =
  'Auth0 takes only the mfa_token of its mfa_required answer here; an access token for the MFA API is not one.';

const json = (token?: string): Record<string, string> => ({
  'Content-Type': 'application/json',
  ...(token && { Authorization: `Bearer ${token}` }),
});
