/** What every mfa-elements element shares: the API client, the token, strings, events, focus and announcements. */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { MfaClient } from '../api/client.ts';
import { MfaError } from '../api/errors.ts';
import type { StringKey, Strings } from '../i18n/en.ts';
import { LocaleController } from '../i18n/locale.ts';
import { baseStyles } from './styles.ts';

/**
 * Returns the token: the mfa_token of Auth0's `mfa_required` answer (the only one `<mfa-challenge>` can use), or for
 * `<mfa-enroll>` an access token for the MFA API audience.
 */
export type TokenProvider = () => string | Promise<string>;

const TOKEN_PROBLEMS = new Set(['mfa_token_expired', 'invalid_token']);

export class MfaElement extends LitElement {
  static override styles = [baseStyles];

  /** The proxy's prefix, or an Auth0 domain URL for public applications (with `client-id`). */
  @property({ attribute: 'api-base' }) apiBase = '';

  /** A public application's client_id; leave unset behind a proxy. */
  @property({ attribute: 'client-id' }) clientId = '';

  /** Called for the token; called once more when Auth0 says it expired. */
  @property({ attribute: false }) tokenProvider?: TokenProvider;

  /** Overrides for any of the shown strings. */
  @property({ attribute: false }) strings?: Partial<Strings>;

  /** The current step; focus moves to its `[data-focus]` element when it changes. */
  @state() protected step = 'loading';

  /** Said by the polite live region. */
  @state() protected announcement = '';

  protected readonly locale = new LocaleController(this);
  #client?: MfaClient;
  #clientKey = '';
  #token?: string;
  #abort = new AbortController();

  protected get client(): MfaClient {
    const key = `${this.apiBase}\n${this.clientId}`;
    if (!this.#client || key !== this.#clientKey) {
      this.#client = new MfaClient({ baseUrl: this.apiBase, clientId: this.clientId });
      this.#clientKey = key;
    }
    return this.#client;
  }

  /** Aborted when the element leaves the page. */
  protected get signal(): AbortSignal {
    return this.#abort.signal;
  }

  protected t(key: StringKey, params?: Record<string, string | number>): string {
    return this.locale.t(key, params);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort.abort();
    this.#token = undefined;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('step') && changed.get('step') !== undefined) {
      this.renderRoot.querySelector<HTMLElement>('[data-focus]')?.focus();
    }
  }

  protected emit<K extends keyof GlobalEventHandlersEventMap>(
    type: K,
    detail: GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never,
  ): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  protected announce(text: string): void {
    // Re-announce a repeated message: live regions speak changes only.
    this.announcement = this.announcement === text ? `${text}\u00a0` : text;
  }

  protected async freshToken(): Promise<string> {
    if (!this.tokenProvider) throw new MfaError('no_token', 'No tokenProvider is set.');
    let token: string;
    try {
      token = await this.tokenProvider();
    } catch {
      throw new MfaError('no_token', 'The tokenProvider failed.');
    }
    if (!token) throw new MfaError('no_token', 'The tokenProvider returned no token.');
    this.#token = token;
    return token;
  }

  /** Runs `call` with the token; when Auth0 says it expired, asks the provider once more and retries. */
  protected async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = this.#token ?? (await this.freshToken());
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof MfaError) || !TOKEN_PROBLEMS.has(error.code)) throw error;
      return call(await this.freshToken());
    }
  }

  /** Every element's frame: its language and direction, and the polite live region. */
  override render(): TemplateResult {
    return html`<div part="base" class="base" dir=${this.locale.dir} lang=${this.locale.language}>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.renderStep()}
    </div>`;
  }

  /** The current step's content. */
  protected renderStep(): unknown {
    return nothing;
  }
}
