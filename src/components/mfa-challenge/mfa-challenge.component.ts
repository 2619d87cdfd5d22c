import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { MfaError } from '../../api/errors.ts';
import type { Authenticator, Grant, MfaRequirements, TokenResponse } from '../../api/types.ts';
import { CountdownController, formatDuration } from '../../controllers/countdown-controller.ts';
import { PollController } from '../../controllers/poll-controller.ts';
import '../../events/mfa-error.ts';
import '../../events/mfa-step-change.ts';
import '../../events/mfa-recovery-codes-saved.ts';
import '../../events/mfa-verified.ts';
import { focusField, renderCodeForm, renderFieldError } from '../../internal/code-form.ts';
import { isRecoveryCode, normalizeRecoveryCode } from '../../internal/codes.ts';
import { allowedFactors, challengeable, factorOf, parseFactors, type Factor } from '../../internal/factors.ts';
import { MfaElement } from '../../internal/mfa-element.ts';
import { LOCKOUT, LOCKOUT_S, errorMessage, lockoutKey } from '../../internal/messages.ts';
import { challengeStyles } from './mfa-challenge.styles.ts';

type Step = 'loading' | 'select' | Factor | 'new-recovery-code' | 'done' | 'error';
type PushState = 'sending' | 'waiting' | 'rejected' | 'expired';

const RESEND_COOLDOWN_S = 30;

/**
 * Challenges one of the user's authenticators when Auth0 answers `mfa_required`, and hands the page the tokens.
 *
 * The token is the `mfa_token` of that `mfa_required` answer: Auth0 refuses an access token for the MFA API at
 * `/mfa/challenge` ("Malformed mfa_token"), which the element reports as `mfa-error` code `mfa_token_required`.
 *
 * @tagname mfa-challenge
 *
 * @fires mfa-verified - The user verified; `detail.tokens` is the token response as the base URL returned it, less
 * the new `recovery_code` after a recovery-code login unless `include-recovery-code` is set.
 * @fires mfa-error - An error the user sees: `{code, description, status, recoverable}`.
 * @fires mfa-step-change - A new step is shown: `{step, factor}`.
 *
 * @csspart base - The card around everything.
 * @csspart heading - Each step's heading.
 * @csspart description - Text under a heading.
 * @csspart methods - The list of methods to choose from.
 * @csspart method - One method's button.
 * @csspart form - A code form.
 * @csspart label - A field's label.
 * @csspart input - The code field.
 * @csspart error - An error message.
 * @csspart button - The main button of a step.
 * @csspart link - Secondary actions: try another method, resend, enter a code instead.
 * @csspart status - Waiting and reconnecting notices.
 * @csspart recovery-code - The new recovery code (the nested `<mfa-recovery-codes>`'s `code` part).
 * @csspart copy-button - The new recovery code's copy button.
 * @csspart action - Download and Print for the new recovery code.
 * @csspart confirm - The "I have saved my recovery code" checkbox and its label.
 * @csspart checkbox - That checkbox.
 *
 * @cssprop --mfa-color-primary - Buttons, links, focus rings.
 * @cssprop --mfa-color-on-primary - Text on primary buttons.
 * @cssprop --mfa-color-text - Text.
 * @cssprop --mfa-color-muted - Secondary text.
 * @cssprop --mfa-color-surface - The card's background.
 * @cssprop --mfa-color-subtle - Notices and hovered methods.
 * @cssprop --mfa-color-border - Borders.
 * @cssprop --mfa-color-danger - Errors.
 * @cssprop --mfa-color-success - Success.
 * @cssprop --mfa-radius - Corner radius.
 * @cssprop --mfa-spacing - The base gap.
 * @cssprop --mfa-font-family - Font.
 * @cssprop --mfa-font-size - Base font size.
 */
export class MfaChallenge extends MfaElement {
  static override styles = [...MfaElement.styles, challengeStyles];

  /** The `mfa_requirements` object from `mfa_required`: limits the factors offered. */
  @property({ attribute: false }) mfaRequirements?: MfaRequirements;

  /** Space-separated subset of `otp push email sms voice recovery-code`. */
  @property() factors = '';

  /** The factor to start with. */
  @property() preferred = '';

  /**
   * Keep the new `recovery_code` in `mfa-verified`'s tokens after a recovery-code login. Off by default: the element
   * has shown it to the user, and an event on the document reaches every listener on the page (analytics included).
   */
  @property({ type: Boolean, attribute: 'include-recovery-code' }) includeRecoveryCode = false;

  @state() protected override step: Step = 'loading';
  @state() private methods: Authenticator[] = [];
  @state() private current?: Authenticator;
  /** The shown error, worded at render time so that it follows a change of language. */
  @state() private error?: () => string;
  @state() private busy = false;
  @state() private pushState: PushState = 'sending';
  @state() private newRecoveryCode = '';
  @state() private recoverable = true;

  private readonly countdown = new CountdownController(this);
  private readonly poll = new PollController(this);
  #oobCodes = new Map<string, string>();
  #tokens?: TokenResponse;
  #submitted = '';
  #started = false;
  #lockoutKey?: 'tooManyAttempts' | 'rateLimited';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.poll.stop();
    // Secrets do not outlive the element's time on the page.
    this.#oobCodes.clear();
    this.#tokens = undefined;
    this.newRecoveryCode = '';
    this.#started = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // A page may set tokenProvider after the element is on the page: start then.
    if (changed.has('tokenProvider') && this.tokenProvider && this.isConnected && !this.#started) void this.start();
  }

  /** (Re)starts: asks for the token, lists the authenticators, challenges the first. */
  async start(): Promise<void> {
    if (this.#started && this.step === 'loading') return;
    // Without a provider yet, wait on the loading step for one.
    if (!this.tokenProvider) return;
    this.#started = true;
    this.#goto('loading');
    this.error = undefined;
    try {
      await this.freshToken();
      const list = await this.withToken((token) => this.client.listAuthenticators(token, this.signal));
      const allowed = allowedFactors(parseFactors(this.factors), this.mfaRequirements);
      this.methods = challengeable(list, allowed, parseFactors(this.preferred)?.[0]);
      const first = this.methods[0];
      if (!first) throw new MfaError('no_authenticators', 'No active authenticator can be challenged.');
      this.#choose(first);
    } catch (error) {
      this.#fail(error);
    }
  }

  #goto(step: Step): void {
    this.step = step;
    this.emit('mfa-step-change', { step, factor: this.current && factorOf(this.current) });
  }

  #choose(authenticator: Authenticator): void {
    this.poll.stop();
    this.current = authenticator;
    this.error = undefined;
    this.#submitted = '';
    const factor = factorOf(authenticator)!;
    this.#goto(factor);
    if (factor === 'push') void this.#sendPush();
    else if (factor === 'email' || factor === 'sms' || factor === 'voice') {
      if (!this.#oobCodes.has(authenticator.id)) void this.#sendCode();
    }
  }

  async #challenge(): Promise<string> {
    const { id } = this.current!;
    const answer = await this.withToken((token) => this.client.challenge(token, 'oob', id, this.signal));
    if (!answer.oob_code) throw new MfaError('bad_response', 'The challenge answer has no oob_code.', 200);
    this.#oobCodes.set(id, answer.oob_code);
    this.countdown.start(`resend:${id}`, RESEND_COOLDOWN_S);
    return answer.oob_code;
  }

  async #sendPush(): Promise<void> {
    this.pushState = 'sending';
    try {
      const oobCode = await this.#challenge();
      this.pushState = 'waiting';
      this.announce(this.t('pushSent', { device: this.#device() }));
      const authenticator = this.current!;
      this.poll.start(
        async (signal) => {
          this.#tokens = await this.withToken((token) => this.client.token('oob', token, { oob_code: oobCode }, signal));
        },
        {
          done: () => this.#verified(this.#tokens!, authenticator),
          failed: (error) => this.#pushFailed(error),
        },
      );
    } catch (error) {
      this.#pushFailed(error);
    }
  }

  #pushFailed(error: unknown): void {
    if (error instanceof MfaError && (error.code === 'rejected' || error.code === 'oob_code_expired')) {
      this.pushState = error.code === 'rejected' ? 'rejected' : 'expired';
      this.announce(this.t(error.code === 'rejected' ? 'pushRejected' : 'pushExpired'));
      this.emit('mfa-error', error.toDetail());
      return;
    }
    this.#fail(error);
  }

  async #sendCode(): Promise<void> {
    this.busy = true;
    this.error = undefined;
    try {
      const resend = this.#oobCodes.has(this.current!.id);
      await this.#challenge();
      this.#submitted = '';
      this.announce(resend ? this.t('codeResent') : this.#sentText());
    } catch (error) {
      this.#showError(error);
    } finally {
      this.busy = false;
    }
  }

  async #verify(grant: Grant, fields: Record<string, string>): Promise<void> {
    const authenticator = this.current!;
    this.busy = true;
    this.error = undefined;
    this.announce(this.t('verifying'));
    try {
      const tokens = await this.withToken((token) => this.client.token(grant, token, fields, this.signal));
      this.#verified(tokens, authenticator);
    } catch (error) {
      this.#showError(error);
    } finally {
      this.busy = false;
    }
  }

  #verified(tokens: TokenResponse, authenticator: Authenticator): void {
    this.#oobCodes.delete(authenticator.id);
    if (tokens.recovery_code) {
      this.#tokens = tokens;
      this.newRecoveryCode = tokens.recovery_code;
      this.#goto('new-recovery-code');
      return;
    }
    this.#goto('done');
    this.announce(this.t('verified'));
    this.emit('mfa-verified', { tokens, authenticator });
  }

  /** Errors the user can fix where they are stay on the step, next to the field. */
  #showError(error: unknown): void {
    if (!(error instanceof MfaError) || !error.recoverable) return this.#fail(error);
    const lockout = lockoutKey(error);
    if (lockout) {
      this.countdown.start(LOCKOUT, error.retryAfterS ?? LOCKOUT_S);
      this.#lockoutKey = lockout;
    }
    if (error.code === 'oob_code_expired') this.#oobCodes.delete(this.current!.id);
    this.error = () => this.#message(error);
    this.emit('mfa-error', error.toDetail());
    this.#focusField();
  }

  #fail(error: unknown): void {
    if (this.signal.aborted) return;
    const mfaError =
      error instanceof MfaError ? error : new MfaError('server_error', error instanceof Error ? error.message : String(error));
    this.error = () => this.#message(mfaError);
    this.recoverable = mfaError.recoverable;
    this.#goto('error');
    this.emit('mfa-error', mfaError.toDetail());
  }

  #message(error: MfaError): string {
    return errorMessage(error, (key, params) => this.t(key, params), this.countdown.remaining(LOCKOUT));
  }

  #focusField(): Promise<void> {
    return focusField(this, 'input.code, input[name="recovery_code"]');
  }

  #device(): string {
    return this.current?.name || this.t('yourPhone');
  }

  #sentText(): string {
    const name = this.current?.name ?? '';
    return this.step === 'voice' ? this.t('codeCalled', { name }) : this.t('codeSent', { name });
  }

  #submitCode(code: string): void {
    if (this.countdown.remaining(LOCKOUT)) return;
    if (code.length !== 6) {
      this.error = () => this.t('incompleteCode');
      void this.#focusField();
      return;
    }
    this.#submitted = code;
    if (this.step === 'otp') void this.#verify('otp', { otp: code });
    else void this.#verify('oob', { oob_code: this.#oobCodes.get(this.current!.id) ?? '', binding_code: code });
  }

  #onRecoverySubmit(event: SubmitEvent): void {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('recovery_code') as HTMLInputElement;
    const code = normalizeRecoveryCode(input.value);
    if (!isRecoveryCode(code)) {
      this.error = () => this.t('recoveryFormat');
      void this.#focusField();
      return;
    }
    void this.#verify('recoveryCode', { recovery_code: code });
  }

  #confirmSaved(event: Event): void {
    // The page hears of it as mfa-verified, the challenge's own event.
    event.stopPropagation();
    const { recovery_code, ...rest } = this.#tokens!;
    const tokens = this.includeRecoveryCode ? { ...rest, recovery_code } : rest;
    this.newRecoveryCode = '';
    this.#tokens = undefined;
    this.#goto('done');
    this.announce(this.t('verified'));
    this.emit('mfa-verified', { tokens, authenticator: this.current! });
  }

  // Rendering

  protected override renderStep(): TemplateResult {
    switch (this.step) {
      case 'loading':
        return html`<p class="status" part="status"><span class="spinner" aria-hidden="true"></span>${this.t('loading')}</p>`;
      case 'select':
        return this.#renderSelect();
      case 'otp':
        return this.#renderCodeForm(this.t('otpHeading'), nothing);
      case 'email':
      case 'sms':
      case 'voice':
        return this.#renderCodeForm(
          this.t(`${this.step}Heading`),
          html`<p part="description" class="muted">${this.#sentText()}</p>`,
          this.#renderResend(() => this.#sendCode()),
        );
      case 'push':
        return this.#renderPush();
      case 'recovery-code':
        return this.#renderRecovery();
      case 'new-recovery-code':
        return this.#renderNewRecoveryCode();
      case 'done':
        return html`<h2 part="heading" tabindex="-1" data-focus class="done">${this.t('verified')}</h2>`;
      case 'error':
        return this.#renderError();
    }
  }

  #heading(text: string, focus = true): TemplateResult {
    return html`<h2 part="heading" tabindex="-1" ?data-focus=${focus}>${text}</h2>`;
  }

  #renderSelect(): TemplateResult {
    const others = this.methods.filter((a) => a !== this.current);
    return html`${this.#heading(this.t('chooseMethod'))}
      <ul part="methods" class="methods">
        ${others.map(
          (a) => html`<li>
            <button part="method" class="method" type="button" @click=${() => this.#choose(a)}>
              <span class="method__name">${this.#methodName(a)}</span>
              <span class="method__hint">${this.#methodHint(a)}</span>
            </button>
          </li>`,
        )}
      </ul>`;
  }

  #methodName(a: Authenticator): string {
    const names = { otp: 'methodOtp', push: 'methodPush', email: 'methodEmail', sms: 'methodSms', voice: 'methodVoice', 'recovery-code': 'methodRecovery' } as const;
    return this.t(names[factorOf(a)!]);
  }

  #methodHint(a: Authenticator): string {
    const factor = factorOf(a)!;
    if (factor === 'otp') return this.t('methodOtpHint');
    if (factor === 'push') return this.t('methodPushHint', { device: a.name || this.t('yourPhone') });
    if (factor === 'recovery-code') return this.t('methodRecoveryHint');
    return this.t('methodCodeHint', { name: a.name ?? '' });
  }

  #renderFieldError(id: string): TemplateResult | typeof nothing {
    return renderFieldError(id, this.error ? this.#liveError() : '');
  }

  /** A lockout message counts down with the lockout. */
  #liveError(): string {
    const left = this.countdown.remaining(LOCKOUT);
    if (!this.#lockoutKey) return this.error?.() ?? '';
    if (!left) {
      this.#lockoutKey = undefined;
      this.error = undefined;
      return '';
    }
    return this.t(this.#lockoutKey, { time: formatDuration(left) });
  }

  #renderCodeForm(
    heading: string,
    description: TemplateResult | typeof nothing,
    extra: TemplateResult | typeof nothing = nothing,
  ): TemplateResult {
    return html`${this.#heading(heading, false)} ${description}
      ${renderCodeForm({
        t: (key, params) => this.t(key, params),
        error: this.error ? this.#liveError() : '',
        busy: this.busy,
        locked: this.countdown.remaining(LOCKOUT) > 0,
        submitted: this.#submitted,
        onCode: (code) => this.#submitCode(code),
        onEdit: () => (this.error = undefined),
      })}
      <div class="actions">${extra} ${this.#renderTryAnother()}</div>`;
  }

  /** Resend, held back during its cooldown and while a request is on its way (`sending`). */
  #renderResend(send: () => void, sending = false): TemplateResult {
    const wait = this.countdown.remaining(`resend:${this.current!.id}`);
    return html`<button part="link" class="link" type="button" ?disabled=${wait > 0 || this.busy || sending} @click=${send}>
      ${wait > 0 ? this.t('resendIn', { seconds: wait }) : this.t('resend')}
    </button>`;
  }

  #renderTryAnother(): TemplateResult | typeof nothing {
    if (this.methods.length < 2) return nothing;
    return html`<button part="link" class="link" type="button" @click=${() => this.#goto('select')}>${this.t('tryAnother')}</button>`;
  }

  #renderPush(): TemplateResult {
    const totp = this.methods.find((a) => factorOf(a) === 'otp');
    // Until the challenge answers, nothing was sent yet: say so, and offer no second push.
    const sending = this.pushState === 'sending';
    const waiting = this.pushState === 'waiting' || sending;
    const notice = sending
      ? this.t('pushSending', { device: this.#device() })
      : this.poll.reconnecting
        ? this.t('reconnecting')
        : this.t('pushWaiting');
    return html`${this.#heading(this.t('pushHeading'))}
      ${sending ? nothing : html`<p part="description" class="muted">${this.t('pushSent', { device: this.#device() })}</p>`}
      ${waiting
        ? html`<p part="status" class="status"><span class="spinner" aria-hidden="true"></span>${notice}</p>`
        : html`<p part="error" class="error" role="alert">
              ${this.t(this.pushState === 'rejected' ? 'pushRejected' : 'pushExpired')}
            </p>
            <button part="button" class="button" type="button" @click=${() => this.#sendPush()}>${this.t('retry')}</button>`}
      <div class="actions">
        ${waiting ? this.#renderResend(() => this.#sendPush(), sending) : nothing}
        ${totp
          ? html`<button part="link" class="link" type="button" @click=${() => this.#choose(totp)}>${this.t('enterCodeInstead')}</button>`
          : nothing}
        ${this.#renderTryAnother()}
      </div>`;
  }

  #renderRecovery(): TemplateResult {
    return html`${this.#heading(this.t('recoveryHeading'), false)}
      <form part="form" @submit=${this.#onRecoverySubmit} novalidate>
        <label part="label" for="recovery-code">${this.t('recoveryLabel')}</label>
        <p id="recovery-hint" class="muted">${this.t('recoveryHint')}</p>
        <input
          part="input"
          id="recovery-code"
          name="recovery_code"
          type="text"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          data-focus
          aria-invalid=${this.error ? 'true' : 'false'}
          aria-describedby=${this.error ? 'recovery-error recovery-hint' : 'recovery-hint'}
          ?readonly=${this.busy}
        />
        ${this.#renderFieldError('recovery-error')}
        <button part="button" class="button" type="submit" ?disabled=${this.busy}>
          ${this.busy ? this.t('verifying') : this.t('verify')}
        </button>
      </form>
      <div class="actions">${this.#renderTryAnother()}</div>`;
  }

  /** `<mfa-recovery-codes>` (registered with the challenge by its define entry) under the challenge's own heading. */
  #renderNewRecoveryCode(): TemplateResult {
    return html`${this.#heading(this.t('newRecoveryHeading'))}
      <p part="description">${this.t('newRecoveryText')}</p>
      <mfa-recovery-codes
        headless
        lang=${this.locale.language}
        .strings=${this.strings}
        .codes=${[this.newRecoveryCode]}
        exportparts="code:recovery-code, copy-button, action, error, confirm, checkbox, button"
        @mfa-recovery-codes-saved=${this.#confirmSaved}
      ></mfa-recovery-codes>`;
  }


  #renderError(): TemplateResult {
    return html`<p part="error" class="error" role="alert" tabindex="-1" data-focus>${this.error?.()}</p>
      <div class="actions">
        <button part="button" class="button" type="button" @click=${() => void this.start()}>
          ${this.recoverable ? this.t('retry') : this.t('startOver')}
        </button>
      </div>`;
  }
}
