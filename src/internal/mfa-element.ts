/** What every mfa-elements element shares: the API client, the token, strings, events, focus and announcements. */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { MfaClient } from '../api/client.ts';
import { MfaError } from '../api/errors.ts';
import { MfaSession, type TokenProvider } from '../api/session.ts';
import type { StringKey, Strings } from '../i18n/en.ts';
import { LocaleController } from '../i18n/locale.ts';
import { baseStyles } from './styles.ts';

export type { TokenProvider } from '../api/session.ts';

/**
 * How long a connected element waits for `tokenProvider` before it reports that none was set. Pages often set the
 * property a moment after the element is on the page; a missing one (or a function passed as an attribute, which
 * React 18 does) must not leave the user on "Loading…" forever.
 */
export const TOKEN_PROVIDER_WAIT_MS = 2000;

/** Lit's development build (the `development` export condition, as Vite's dev server picks) defines this global. */
const isDevMode = () => 'litIssuedWarnings' in globalThis;
let warnedNoProvider = false;

export class MfaElement extends LitElement {
  static override styles = [baseStyles];

  /** Whether the element calls the MFA API and so needs `tokenProvider`. */
  protected static readonly usesToken: boolean = true;

  /** The proxy's prefix, or an Auth0 domain URL for public applications (with `client-id`). */
  @property({ attribute: 'api-base' }) apiBase = '';

  /** A public application's client_id; leave unset behind a proxy. */
  @property({ attribute: 'client-id' }) clientId = '';

  /** Called for the token; called once more when Auth0 says it expired. Set late, it is waited for. */
  @property({ attribute: false })
  get tokenProvider(): TokenProvider | undefined {
    return this.session.tokenProvider;
  }

  set tokenProvider(provider: TokenProvider | undefined) {
    const old = this.session.tokenProvider;
    this.session.tokenProvider = provider;
    this.requestUpdate('tokenProvider', old);
  }

  /** Overrides for any of the shown strings. */
  @property({ attribute: false }) strings?: Partial<Strings>;

  /** The current step; focus moves to its `[data-focus]` element when it changes. */
  @state() protected step = 'loading';

  /** Said by the polite live region. */
  @state() protected announcement = '';

  /** No `tokenProvider` came within TOKEN_PROVIDER_WAIT_MS: a loading step says so instead of spinning. */
  @state() private noTokenProvider = false;

  protected readonly locale = new LocaleController(this);
  #client?: MfaClient;
  #clientKey = '';
  #abort = new AbortController();
  #providerTimer?: ReturnType<typeof setTimeout>;
  /** The token provider, the token it gave and the client: what a flow needs of the page. */
  protected readonly session = new MfaSession(() => this.#clientFor());

  #clientFor(): MfaClient {
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
    if ((this.constructor as typeof MfaElement).usesToken && !this.tokenProvider) {
      this.#providerTimer = setTimeout(() => this.#reportNoTokenProvider(), TOKEN_PROVIDER_WAIT_MS);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#providerTimer);
    this.#abort.abort();
    // The token does not outlive the element's time on the page.
    this.session.forget();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('tokenProvider') && this.tokenProvider) {
      clearTimeout(this.#providerTimer);
      this.noTokenProvider = false;
    }
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

  #reportNoTokenProvider(): void {
    if (this.tokenProvider) return;
    const error = noTokenProviderError(this.localName);
    if (isDevMode() && !warnedNoProvider) {
      warnedNoProvider = true;
      console.warn(error.description);
    }
    this.noTokenProvider = true;
    this.emit('mfa-error', error.toDetail());
  }

  /** Every element's frame: its language and direction, and the polite live region. */
  override render(): TemplateResult {
    return html`<div part="base" class="base" dir=${this.locale.dir} lang=${this.locale.language}>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.noTokenProvider && this.step === 'loading'
        ? html`<p part="error" class="error" role="alert">${this.t('noTokenProvider')}</p>`
        : this.renderStep()}
    </div>`;
  }

  /** The current step's content. */
  protected renderStep(): unknown {
    return nothing;
  }
}

function noTokenProviderError(tag: string): MfaError {
  return new MfaError(
    'no_token_provider',
    `<${tag}> has no tokenProvider: set the property to a function that returns the mfa_token ` +
      `(element.tokenProvider = () => …); an attribute cannot carry a function.`,
  );
}
