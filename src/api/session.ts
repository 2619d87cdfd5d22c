/**
 * One user's session with the MFA API: the client, the page's token provider, the token it last gave, and the one
 * retry with a fresh token when Auth0 says it expired. A provider set late is waited for. No DOM: flows use it in
 * Node as in a page.
 */
import type { MfaClient } from './client.ts';
import { MfaError } from './errors.ts';

/**
 * Returns the token: the mfa_token of Auth0's `mfa_required` answer (the only one `<mfa-challenge>` can use), or for
 * `<mfa-enroll>` an access token for the MFA API audience.
 */
export type TokenProvider = () => string | Promise<string>;

const TOKEN_PROBLEMS = new Set(['mfa_token_expired', 'invalid_token']);

export class MfaSession {
  #client: MfaClient | (() => MfaClient);
  #provider?: TokenProvider;
  #token?: string;
  #providerSet = new Set<() => void>();

  /** `client` may be a function: an element's client follows its `api-base` and `client-id`. */
  constructor(client: MfaClient | (() => MfaClient), tokenProvider?: TokenProvider) {
    this.#client = client;
    this.#provider = tokenProvider;
  }

  get client(): MfaClient {
    return typeof this.#client === 'function' ? this.#client() : this.#client;
  }

  get tokenProvider(): TokenProvider | undefined {
    return this.#provider;
  }

  /** A new provider: the cached token was the old one's; whoever waited for a provider goes on. */
  set tokenProvider(provider: TokenProvider | undefined) {
    if (provider === this.#provider) return;
    this.#provider = provider;
    this.#token = undefined;
    if (provider) for (const resume of this.#providerSet) resume();
  }

  /** True while no provider is set: a token request waits for one. */
  get waitingForProvider(): boolean {
    return !this.#provider;
  }

  /** Asks the provider for a token (waiting for a provider to be set), and keeps it. */
  async freshToken(signal?: AbortSignal): Promise<string> {
    if (!this.#provider) await this.#whenProvider(signal);
    let token: string;
    try {
      token = await this.#provider!();
    } catch {
      throw new MfaError('no_token', 'The tokenProvider failed.');
    }
    if (!token) throw new MfaError('no_token', 'The tokenProvider returned no token.');
    this.#token = token;
    return token;
  }

  /** Runs `call` with the token; when Auth0 says it expired, asks the provider once more and retries. */
  async withToken<T>(call: (token: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const token = this.#token ?? (await this.freshToken(signal));
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof MfaError) || !TOKEN_PROBLEMS.has(error.code)) throw error;
      return call(await this.freshToken(signal));
    }
  }

  /** Drops the token: it does not outlive the page's use of it. */
  forget(): void {
    this.#token = undefined;
  }

  #whenProvider(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => {
        this.#providerSet.delete(done);
        signal?.removeEventListener('abort', aborted);
        resolve();
      };
      const aborted = () => {
        this.#providerSet.delete(done);
        reject(signal!.reason);
      };
      if (signal?.aborted) return aborted();
      this.#providerSet.add(done);
      signal?.addEventListener('abort', aborted, { once: true });
    });
  }
}
