import { html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { Authenticator, MfaRequirements } from '../../api/types.ts';
import '../../events/mfa-recovery-codes-saved.ts';
import '../../events/mfa-verified.ts';
import { ChallengeFlow, deviceOf, type ChallengeEvent, type ChallengeState } from '../../flows/challenge-flow.ts';
import type { FlowEvent } from '../../flows/flow.ts';
import { renderFieldError } from '../../internal/code-form.ts';
import { FACTOR_NAMES, factorOf, parseFactors, type Factor } from '../../internal/factors.ts';
import { FlowElement } from '../../internal/flow-element.ts';
import { MfaElement } from '../../internal/mfa-element.ts';
import { errorMessage, type Message } from '../../internal/messages.ts';
import { challengeStyles } from './mfa-challenge.styles.ts';

type CodeState = Extract<ChallengeState, { step: 'email' | 'sms' | 'voice' }>;
type PushState = Extract<ChallengeState, { step: 'push' }>;

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
 * @csspart recovery-codes - The nested `<mfa-recovery-codes>` that shows a new recovery code.
 * @csspart recovery-codes-list - Its list (its `codes` part).
 * @csspart recovery-code - The new recovery code (its `code` part).
 * @csspart copy-button - The new recovery code's copy button.
 * @csspart actions - The row of Download and Print.
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
export class MfaChallenge extends FlowElement<ChallengeState, ChallengeEvent> {
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

  protected readonly flow = new ChallengeFlow({ session: this.session, recoveryCodesReady: () => this.recoveryCodesReady() });
  protected readonly fields = 'input.code, input[name="recovery_code"]';
  protected readonly recoveryCodesAhead = ['recovery-code', 'new-recovery-code'];

  /** (Re)starts: asks for the token (waiting for a `tokenProvider`), lists the authenticators, challenges the first. */
  start(): void {
    this.flow.begin({
      factors: parseFactors(this.factors),
      preferred: parseFactors(this.preferred)?.[0],
      requirements: this.mfaRequirements,
    });
  }

  protected override stepFactor(): Factor | undefined {
    return this.flow.current && factorOf(this.flow.current);
  }

  protected override onFlow(event: FlowEvent | ChallengeEvent): void {
    if (event.type === 'verified') {
      const { recovery_code, ...rest } = event.tokens;
      const tokens = this.includeRecoveryCode || recovery_code === undefined ? event.tokens : rest;
      this.emit('mfa-verified', { tokens, authenticator: event.authenticator });
    }
    super.onFlow(event);
  }

  // Rendering

  protected override renderStep(): TemplateResult {
    const state = this.flow.state;
    switch (state.step) {
      case 'loading':
        return html`<p class="status" part="status"><span class="spinner" aria-hidden="true"></span>${this.t('loading')}</p>`;
      case 'select':
        return this.#renderSelect(state.current);
      case 'otp':
        return this.#renderCodeForm(this.t('otpHeading'), nothing);
      case 'email':
      case 'sms':
      case 'voice':
        return this.#renderCodeForm(
          this.t(`${state.step}Heading`),
          html`<p part="description" class="muted">${this.say(sentMessage(state))}</p>`,
          this.#renderResend(state),
        );
      case 'push':
        return this.#renderPush(state);
      case 'recovery-code':
        return this.#renderRecovery();
      case 'new-recovery-code':
        return this.#renderNewRecoveryCode(state.recoveryCode);
      case 'done':
        return html`<h2 part="heading" tabindex="-1" data-focus class="done">${this.t('verified')}</h2>`;
      case 'error':
        return html`<p part="error" class="error" role="alert" tabindex="-1" data-focus>
            ${errorMessage(state.error, (key, params) => this.t(key, params))}
          </p>
          <div class="actions">
            <button part="button" class="button" type="button" @click=${() => this.start()}>
              ${state.error.recoverable ? this.t('retry') : this.t('startOver')}
            </button>
          </div>`;
    }
  }

  #renderSelect(current: Authenticator): TemplateResult {
    const others = this.flow.methods.filter((a) => a !== current);
    return html`${this.heading(this.t('chooseMethod'))}
      <ul part="methods" class="methods">
        ${others.map(
          (a) => html`<li>
            <button part="method" class="method" type="button" @click=${() => this.flow.choose(a)}>
              <span class="method__name">${this.t(FACTOR_NAMES[factorOf(a)!])}</span>
              <span class="method__hint">${this.say(methodHint(a))}</span>
            </button>
          </li>`,
        )}
      </ul>`;
  }

  #renderCodeForm(
    heading: string,
    description: TemplateResult | typeof nothing,
    extra: TemplateResult | typeof nothing = nothing,
  ): TemplateResult {
    return html`${this.heading(heading, false)} ${description} ${this.renderCodeForm()}
      <div class="actions">${extra} ${this.#renderTryAnother()}</div>`;
  }

  /** Resend, held back during its cooldown and while a request is on its way (a push `sending`). */
  #renderResend(state: CodeState | PushState): TemplateResult {
    const wait = this.countdown.secondsUntil(state.resendAt);
    return html`<button part="link" class="link" type="button" ?disabled=${wait > 0 || this.flow.busy || ('push' in state && state.push === 'sending')}
      @click=${() => this.flow.resend()}>
      ${wait > 0 ? this.t('resendIn', { time: this.time(wait) }) : this.t('resend')}
    </button>`;
  }

  #renderTryAnother(): TemplateResult | typeof nothing {
    if (this.flow.methods.length < 2) return nothing;
    return html`<button part="link" class="link" type="button" @click=${() => this.flow.chooseAnother()}>
      ${this.t('tryAnother')}
    </button>`;
  }

  #renderPush(state: PushState): TemplateResult {
    const totp = this.flow.methods.find((a) => factorOf(a) === 'otp');
    // Until the challenge answers, nothing was sent yet: say so, and offer no second push.
    const sending = state.push === 'sending';
    const waiting = state.push === 'waiting' || sending;
    const device = deviceOf(state.authenticator);
    const notice = sending
      ? this.say({ key: 'pushSending', params: { device } })
      : this.t(this.flow.poll.reconnecting ? 'reconnecting' : 'pushWaiting');
    return html`${this.heading(this.t('pushHeading'))}
      ${sending ? nothing : html`<p part="description" class="muted">${this.say({ key: 'pushSent', params: { device } })}</p>`}
      ${waiting
        ? html`<p part="status" class="status"><span class="spinner" aria-hidden="true"></span>${notice}</p>`
        : html`<p part="error" class="error" role="alert">
              ${this.t(state.push === 'rejected' ? 'pushRejected' : 'pushExpired')}
            </p>
            <button part="button" class="button" type="button" @click=${() => this.flow.retry()}>${this.t('retry')}</button>`}
      <div class="actions">
        ${waiting ? this.#renderResend(state) : nothing}
        ${totp
          ? html`<button part="link" class="link" type="button" @click=${() => this.flow.choose(totp)}>
              ${this.t('enterCodeInstead')}
            </button>`
          : nothing}
        ${this.#renderTryAnother()}
      </div>`;
  }

  #renderRecovery(): TemplateResult {
    const error = this.errorText();
    const busy = this.flow.busy;
    const onSubmit = (event: SubmitEvent) => {
      event.preventDefault();
      const input = (event.target as HTMLFormElement).elements.namedItem('recovery_code') as HTMLInputElement;
      this.flow.submitRecoveryCode(input.value);
    };
    return html`${this.heading(this.t('recoveryHeading'), false)}
      <form part="form" @submit=${onSubmit} novalidate>
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
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${error ? 'recovery-error recovery-hint' : 'recovery-hint'}
          ?readonly=${busy}
        />
        ${renderFieldError('recovery-error', error)}
        <button part="button" class="button" type="submit" ?disabled=${busy}>
          ${busy ? this.t('verifying') : this.t('verify')}
        </button>
      </form>
      <div class="actions">${this.#renderTryAnother()}</div>`;
  }

  /** `<mfa-recovery-codes>` (registered with the challenge by its define entry) under the challenge's own heading. */
  #renderNewRecoveryCode(code: string): TemplateResult {
    return html`${this.heading(this.t('newRecoveryHeading'))}
      <p part="description">${this.t('newRecoveryText')}</p>
      ${this.renderRecoveryCodes([code], true)}`;
  }
}

/** Where the code went: "We sent a code to …", or "We are calling …". */
function sentMessage(state: CodeState): Message {
  return { key: state.step === 'voice' ? 'codeCalled' : 'codeSent', params: { name: state.authenticator.name ?? '' } };
}

function methodHint(a: Authenticator): Message {
  const factor = factorOf(a)!;
  if (factor === 'otp') return { key: 'methodOtpHint' };
  if (factor === 'push') return { key: 'methodPushHint', params: { device: deviceOf(a) } };
  if (factor === 'recovery-code') return { key: 'methodRecoveryHint' };
  return { key: 'methodCodeHint', params: { name: a.name ?? '' } };
}
