import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import '../../events/mfa-enrolled.ts';
import '../../events/mfa-recovery-codes-saved.ts';
import { EnrollFlow, type CodeFactor, type EnrollEvent, type EnrollState } from '../../flows/enroll-flow.ts';
import type { FlowEvent } from '../../flows/flow.ts';
import { focusField, renderFieldError } from '../../internal/code-form.ts';
import { groupsOfFour } from '../../internal/codes.ts';
import { copyValue, selectShown } from '../../internal/copy.ts';
import { FACTOR_NAMES, parseEnrollFactors, type Factor } from '../../internal/factors.ts';
import { isOtpauthUri } from '../../internal/otpauth.ts';
import { FlowElement } from '../../internal/flow-element.ts';
import { MfaElement } from '../../internal/mfa-element.ts';
import { errorMessage } from '../../internal/messages.ts';
import { createQrCode, loadQrGenerator, renderQrCode, type QrCode } from '../../internal/qr-code.ts';
import { enrollStyles } from './mfa-enroll.styles.ts';

const COPIED_S = 2;

const METHOD_HINTS = {
  otp: 'enrollOtpHint',
  push: 'enrollPushHint',
  email: 'enrollEmailHint',
  sms: 'enrollSmsHint',
  voice: 'enrollVoiceHint',
} as const;
const DONE_TEXTS = {
  otp: 'enrollDoneOtp',
  push: 'enrollDonePush',
  email: 'enrollDoneEmail',
  sms: 'enrollDoneSms',
  voice: 'enrollDoneVoice',
} as const;
const ADDRESS_HEADINGS = { email: 'enrollEmailHeading', sms: 'enrollSmsHeading', voice: 'enrollVoiceHeading' } as const;
const ADDRESS_TEXTS = { email: 'enrollEmailText', sms: 'enrollSmsText', voice: 'enrollVoiceText' } as const;
const CODE_HEADINGS = { email: 'emailHeading', sms: 'smsHeading', voice: 'voiceHeading' } as const;

type State = EnrollState<QrCode>;

/**
 * Enrolls a new factor: an authenticator app, Auth0 Guardian push, or codes by email, text message or phone call;
 * shows the recovery code of a first enrollment, and hands the page the tokens of the confirming grant.
 *
 * The token is the login's `mfa_token` (it can enroll only a user's first factor) or an access token for the
 * `https://{domain}/mfa/` audience with the `enroll` scope. Secrets (the TOTP key, the QR code's URI, codes) live in
 * memory only while the element is on the page, and never in an attribute.
 *
 * @tagname mfa-enroll
 *
 * @fires mfa-enrolled - The enrollment is confirmed (and a first enrollment's recovery code saved):
 *   `{factor, authenticatorType, oobChannel?, tokens}`, `tokens` being the confirming grant's answer.
 * @fires mfa-error - An error the user sees: `{code, description, status, recoverable}`. `already_enrolled` when
 *   an `mfa_token` meets a user who already has a factor.
 * @fires mfa-step-change - A new step is shown: `{step, factor}`; steps are `loading`, `choose`, `otp`, `push`,
 *   `address`, `code`, `recovery-codes`, `done`, `error`.
 *
 * @csspart base - The card around everything.
 * @csspart heading - Each step's heading.
 * @csspart description - Text under a heading.
 * @csspart methods - The list of methods to choose from.
 * @csspart method - One method's button.
 * @csspart qr-code - The QR code (an SVG image).
 * @csspart qr-expired - What replaces an expired QR code.
 * @csspart countdown - How long the QR code still works.
 * @csspart manual - The "Can't scan it?" disclosure.
 * @csspart secret - The setup key, in groups of four.
 * @csspart copy-button - The setup key's copy button, and the recovery code's.
 * @csspart form - A form: address or code.
 * @csspart label - A field's label.
 * @csspart hint - Help under a label.
 * @csspart input - An address or code field.
 * @csspart error - An error message.
 * @csspart button - The main button of a step.
 * @csspart link - Secondary actions: choose another method, resend, use a different address, open in an app.
 * @csspart status - Waiting and reconnecting notices.
 * @csspart recovery-codes - The `<mfa-recovery-codes>` of a first enrollment.
 * @csspart recovery-codes-list - Its list of codes.
 * @csspart recovery-code - A recovery code.
 * @csspart actions - The row of Download and Print for the recovery code.
 * @csspart action - Download and Print.
 * @csspart confirm - The "I have saved my recovery code" checkbox and its label.
 * @csspart checkbox - That checkbox.
 *
 * @cssprop --mfa-enroll-qr-size - The QR code's largest width (default 15.5rem).
 * @cssprop --mfa-color-primary - Buttons, links, focus rings.
 * @cssprop --mfa-color-on-primary - Text on primary buttons.
 * @cssprop --mfa-color-text - Text.
 * @cssprop --mfa-color-muted - Secondary text.
 * @cssprop --mfa-color-surface - The card's background.
 * @cssprop --mfa-color-subtle - Notices, the setup key, hovered methods.
 * @cssprop --mfa-color-border - Borders.
 * @cssprop --mfa-color-danger - Errors.
 * @cssprop --mfa-color-success - Success.
 * @cssprop --mfa-radius - Corner radius.
 * @cssprop --mfa-spacing - The base gap.
 * @cssprop --mfa-font-family - Font.
 * @cssprop --mfa-font-size - Base font size.
 */
export class MfaEnroll extends FlowElement<State, EnrollEvent> {
  static override styles = [...MfaElement.styles, enrollStyles];

  /** Space-separated subset of `otp push email sms voice`: the methods to offer, in this order. */
  @property() factors = '';

  /** One of `otp push email sms voice`: starts with it, without offering a choice. */
  @property() factor = '';

  /** Prefills the email address. */
  @property() email = '';

  /** Prefills the phone number, in any format people type. */
  @property({ attribute: 'phone-number' }) phoneNumber = '';

  /** The country calling code (`1`, `+44`) for numbers typed without one; none by default: a `+` is needed. */
  @property({ attribute: 'default-country-code' }) defaultCountryCode = '';

  @state() private copyFailed = false;

  protected readonly flow = new EnrollFlow<QrCode>({
    session: this.session,
    qr: { load: loadQrGenerator, create: createQrCode },
    recoveryCodesReady: () => this.recoveryCodesReady(),
  });
  protected readonly fields = 'input.code, input#address';
  protected readonly recoveryCodesAhead = ['otp', 'push', 'address', 'code', 'recovery-codes'];

  protected override firstUpdated(): void {
    // The first step shown is a step too: focus goes to it as to any later one.
    this.renderRoot.querySelector<HTMLElement>('[data-focus]')?.focus();
  }

  /** (Re)starts: the `factor`, the only offered factor, or the choice of factors. */
  start(): void {
    this.flow.begin({
      factor: parseEnrollFactors(this.factor)[0],
      factors: parseEnrollFactors(this.factors),
      defaultCountryCode: this.defaultCountryCode,
    });
  }

  protected override stepFactor(): Factor | undefined {
    return this.flow.factor;
  }

  protected override onFlow(event: FlowEvent | EnrollEvent): void {
    if (event.type === 'step') this.copyFailed = false;
    else if (event.type === 'enrolled') this.emit('mfa-enrolled', event.detail);
    // A new QR code, or a code sent again: focus goes back to the step's heading or field.
    else if (event.type === 'focus') void focusField(this, '[data-focus]');
    super.onFlow(event);
  }

  async #copyKey(secret: string): Promise<void> {
    this.copyFailed = false;
    try {
      await copyValue(secret);
    } catch {
      this.copyFailed = true;
      return selectShown(this, '.key__value');
    }
    this.countdown.start('copied', COPIED_S);
    this.announce(this.t('enrollKeyCopied'));
  }

  // Rendering

  protected override renderStep(): TemplateResult {
    const state = this.flow.state;
    switch (state.step) {
      case 'loading':
        return html`<p class="status" part="status"><span class="spinner" aria-hidden="true"></span>${this.t('enrollSettingUp')}</p>`;
      case 'choose':
        return this.#renderChoose();
      case 'otp':
        return this.#renderOtp(state);
      case 'push':
        return this.#renderPush(state);
      case 'address':
        return this.#renderAddress(state.factor);
      case 'code':
        return this.#renderCode(state);
      case 'recovery-codes':
        return this.renderRecoveryCodes(state.recoveryCodes, false);
      case 'done':
        return html`<h2 part="heading" class="done" tabindex="-1" data-focus>
            <svg class="done__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <circle cx="12" cy="12" r="11" fill="currentColor"></circle>
              <path d="M7 12.5l3.2 3.2L17 9" fill="none" stroke="var(--_surface)" stroke-width="2.2"
                stroke-linecap="round" stroke-linejoin="round"></path></svg
            >${this.t('enrollDoneHeading')}
          </h2>
          <p part="description">${this.t(DONE_TEXTS[this.flow.factor!], { name: state.destination })}</p>
          ${state.recoveryCodeElsewhere ? html`<p part="description" class="muted">${this.t('enrollNoRecoveryCode')}</p>` : nothing}`;
      case 'error':
        return this.#renderError(state);
    }
  }

  #renderChoose(): TemplateResult {
    return html`${this.heading(this.t('enrollChooseHeading'))}
      <p part="description" class="muted">${this.t('enrollChooseText')}</p>
      <ul part="methods" class="methods">
        ${this.flow.offered.map(
          (factor) => html`<li>
            <button part="method" class="method" type="button" @click=${() => this.flow.choose(factor)}>
              <span class="method__name">${this.t(FACTOR_NAMES[factor])}</span>
              <span class="method__hint">${this.t(METHOD_HINTS[factor])}</span>
            </button>
          </li>`,
        )}
      </ul>`;
  }

  /** The row of secondary actions, left out when it would be empty (an empty row still takes a gap). */
  #renderActions(...actions: (TemplateResult | typeof nothing)[]): TemplateResult | typeof nothing {
    const shown = actions.filter((action) => action !== nothing);
    return shown.length ? html`<div class="actions">${shown}</div>` : nothing;
  }

  #renderChooseAnother(): TemplateResult | typeof nothing {
    if (!this.flow.canChooseAnother) return nothing;
    return html`<button part="link" class="link" type="button" @click=${() => this.flow.chooseAnother()}>
      ${this.t('enrollChooseAnother')}
    </button>`;
  }

  #renderQr(qr: QrCode | undefined, label: string): TemplateResult {
    if (qr) return renderQrCode(qr, label);
    return html`<p part="error" class="error" role="alert">${this.t('enrollQrFailed')}</p>`;
  }

  #renderOtp(state: Extract<State, { step: 'otp' }>): TemplateResult {
    const copied = this.countdown.remaining('copied') > 0;
    return html`${this.heading(this.t('enrollOtpHeading'))}
      <p part="description" class="muted">${this.t('enrollOtpText')}</p>
      ${this.#renderQr(state.qr, this.t('enrollQrOtpLabel'))}
      <details part="manual" class="manual" ?open=${!state.qr}>
        <summary>${this.t('enrollCantScan')}</summary>
        <div class="manual__body">
          <p id="key-text">${this.t('enrollKeyText')}</p>
          <div class="key">
            <code part="secret" class="key__value" aria-describedby="key-text">${renderKey(state.secret)}</code>
            <button part="copy-button" class="button button--secondary key__copy" type="button"
              @click=${() => this.#copyKey(state.secret)}>
              ${copied ? this.t('enrollKeyCopied') : this.t('enrollCopyKey')}
            </button>
          </div>
          ${this.copyFailed ? html`<p part="error" class="error" role="alert">${this.t('enrollCopyFailed')}</p>` : nothing}
          <button part="link" class="link" type="button" @click=${() => isOtpauthUri(state.barcodeUri) && (window.location.href = state.barcodeUri)}>
            ${this.t('enrollOpenApp')}
          </button>
        </div>
      </details>
      ${this.renderCodeForm(this.t('enrollOtpCodeLabel'))} ${this.#renderActions(this.#renderChooseAnother())}`;
  }

  #renderPush(state: Extract<State, { step: 'push' }>): TemplateResult {
    const busy = this.flow.busy;
    return html`${this.heading(this.t('enrollPushHeading'))}
      <p part="description" class="muted">${this.t('enrollPushText')}</p>
      ${state.push === 'waiting'
        ? html`${this.#renderQr(state.qr, this.t('enrollQrPushLabel'))}
            <p part="countdown" class="countdown">
              ${this.t('enrollQrExpiresIn', { time: this.time(this.countdown.secondsUntil(state.expiresAt)) })}
            </p>
            <p part="status" class="status">
              <span class="spinner" aria-hidden="true"></span>${this.flow.poll.reconnecting
                ? this.t('reconnecting')
                : this.t('enrollPushWaiting')}
            </p>`
        : html`<div part="qr-expired" class="qr-expired">
            <p class="error" role="alert">${this.t(state.push === 'rejected' ? 'enrollPushRejected' : 'enrollQrExpired')}</p>
            ${renderFieldError('push-error', this.errorText())}
            <button part="button" class="button" type="button" ?disabled=${busy || this.flow.locked}
              @click=${() => this.flow.renewQr()}>
              ${busy ? this.t('enrollSettingUp') : this.t('enrollNewQr')}
            </button>
          </div>`}
      ${this.#renderActions(this.#renderChooseAnother())}`;
  }

  #renderAddress(factor: CodeFactor): TemplateResult {
    const flow = this.flow;
    const email = factor === 'email';
    const error = this.errorText();
    const described = [error && 'address-error', !email && 'address-hint'].filter(Boolean).join(' ');
    const onSubmit = (event: SubmitEvent) => {
      event.preventDefault();
      flow.submitAddress(((event.target as HTMLFormElement).elements.namedItem('address') as HTMLInputElement).value);
    };
    return html`${this.heading(this.t(ADDRESS_HEADINGS[factor]), false)}
      <p part="description" class="muted">${this.t(ADDRESS_TEXTS[factor])}</p>
      <form part="form" @submit=${onSubmit} novalidate>
        <label part="label" for="address">${this.t(email ? 'enrollEmailLabel' : 'enrollPhoneLabel')}</label>
        ${email ? nothing : html`<p part="hint" id="address-hint" class="muted hint">${this.t('enrollPhoneHint')}</p>`}
        <input
          part="input"
          id="address"
          name="address"
          type=${email ? 'email' : 'tel'}
          inputmode=${email ? 'email' : 'tel'}
          autocomplete=${email ? 'email' : 'tel'}
          autocapitalize="off"
          spellcheck="false"
          data-focus
          .value=${(email ? flow.typed.email ?? this.email : flow.typed.phone ?? this.phoneNumber) || ''}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${described || nothing}
          ?readonly=${flow.busy}
          @input=${() => flow.edit()}
        />
        ${renderFieldError('address-error', error)}
        <button part="button" class="button" type="submit" ?disabled=${flow.busy || flow.locked}>
          ${flow.busy ? this.t('enrollSending') : this.t(factor === 'voice' ? 'enrollCallMe' : 'enrollSendCode')}
        </button>
      </form>
      ${this.#renderActions(this.#renderChooseAnother())}`;
  }

  #renderCode(state: Extract<State, { step: 'code' }>): TemplateResult {
    const wait = this.countdown.secondsUntil(state.resendAt);
    const voice = state.factor === 'voice';
    const name = state.destination;
    return html`${this.heading(this.t(CODE_HEADINGS[state.factor]), false)}
      <p part="description" class="muted">${voice ? this.t('codeCalled', { name }) : this.t('codeSent', { name })}</p>
      ${this.renderCodeForm()}
      <div class="actions">
        <button part="link" class="link" type="button" ?disabled=${wait > 0 || this.flow.busy} @click=${() => this.flow.resend()}>
          ${wait > 0
            ? this.t(voice ? 'enrollCallAgainIn' : 'resendIn', { time: this.time(wait) })
            : this.t(voice ? 'enrollCallAgain' : 'resend')}
        </button>
        <button part="link" class="link" type="button" @click=${() => this.flow.changeAddress()}>
          ${this.t(state.factor === 'email' ? 'enrollChangeEmail' : 'enrollChangePhone')}
        </button>
        ${this.#renderChooseAnother()}
      </div>`;
  }

  #renderError({ error }: Extract<State, { step: 'error' }>): TemplateResult {
    const message = errorMessage(error, (key, params) => this.t(key, params));
    if (error.code === 'already_enrolled') {
      // Guidance rather than a fault: said like an error, shown as text.
      return html`${this.heading(this.t('enrollAlreadyEnrolledHeading'))}
        <p part="description" role="alert">${message}</p>`;
    }
    return html`${this.heading(this.t('enrollErrorHeading'))}
      <p part="error" class="error" role="alert">${message}</p>
      <div class="actions">
        <button part="button" class="button" type="button" @click=${() => this.flow.retry()}>
          ${error.recoverable ? this.t('retry') : this.t('startOver')}
        </button>
      </div>`;
  }
}

/** The key in groups of four, four groups a line at most, so that it never breaks 3 + 3 + 2. */
function renderKey(secret: string): TemplateResult[] {
  const groups = groupsOfFour(secret).split(' ');
  const lines: string[] = [];
  for (let i = 0; i < groups.length; i += 4) lines.push(groups.slice(i, i + 4).join(' '));
  return lines.map((line, i) => html`${i ? ' ' : ''}<span class="key__line">${line}</span>`);
}
