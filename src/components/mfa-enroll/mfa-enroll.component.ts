import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { MfaError } from '../../api/errors.ts';
import type { AssociateRequest, AssociateResponse, Grant, TokenResponse } from '../../api/types.ts';
import { CountdownController, formatDuration } from '../../controllers/countdown-controller.ts';
import { PollController } from '../../controllers/poll-controller.ts';
import '../../events/mfa-enrolled.ts';
import type { MfaEnrolledDetail } from '../../events/mfa-enrolled.ts';
import '../../events/mfa-error.ts';
import '../../events/mfa-recovery-codes-saved.ts';
import '../../events/mfa-step-change.ts';
import { focusField, renderCodeForm, renderFieldError } from '../../internal/code-form.ts';
import { groupsOfFour } from '../../internal/codes.ts';
import { isEmailAddress } from '../../internal/email.ts';
import { ENROLL_ORDER, parseEnrollFactors, type EnrollFactor } from '../../internal/factors.ts';
import { MfaElement } from '../../internal/mfa-element.ts';
import { LOCKOUT, LOCKOUT_S, errorMessage, lockoutKey } from '../../internal/messages.ts';
import { toE164, type PhoneProblem } from '../../internal/phone.ts';
import { isOtpauthUri } from '../../internal/otpauth.ts';
import { createQrCode, loadQrGenerator, renderQrCode, type QrCode } from '../../internal/qr-code.ts';
import { enrollStyles } from './mfa-enroll.styles.ts';

type Step = 'loading' | 'choose' | 'otp' | 'push' | 'address' | 'code' | 'recovery-codes' | 'done' | 'error';
type PushState = 'waiting' | 'expired' | 'rejected';
type CodeFactor = 'email' | 'sms' | 'voice';

/** A push enrollment's QR code lives 5 minutes on Auth0's side, from the associate answer. */
const QR_LIFETIME_S = 300;
const RESEND_COOLDOWN_S = 30;
const COPIED_S = 2;
/** Countdown names. */
const QR = 'qr';
const RESEND = 'resend';
const COPIED = 'copied';

const METHOD_NAMES = { otp: 'methodOtp', push: 'methodPush', email: 'methodEmail', sms: 'methodSms', voice: 'methodVoice' } as const;
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
const PHONE_PROBLEMS: Record<PhoneProblem, 'enrollPhoneEmpty' | 'enrollPhoneCharacters' | 'enrollPhoneCountryCode' | 'enrollPhoneLength'> = {
  empty: 'enrollPhoneEmpty',
  characters: 'enrollPhoneCharacters',
  'country-code': 'enrollPhoneCountryCode',
  length: 'enrollPhoneLength',
};

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
export class MfaEnroll extends MfaElement {
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

  @state() protected override step: Step = 'loading';
  @state() private current?: EnrollFactor;
  /** The shown error, worded at render time so that it follows a change of language. */
  @state() private error?: () => string;
  @state() private failure?: MfaError;
  @state() private busy = false;
  @state() private qr?: QrCode;
  @state() private qrFailed = false;
  @state() private pushState: PushState = 'waiting';
  /** The email address or E.164 number the code went to. */
  #destination = '';
  /** The same, as the user typed it: `+1 (415) 555-0142` reads better than `+14155550142`. */
  @state() private shownDestination = '';
  @state() private copyFailed = false;
  @state() private recoveryCodes: string[] = [];
  /** No code came with this enrollment, but the user has one from an earlier association: the done step says so. */
  @state() private recoveryCodeElsewhere = false;

  private readonly countdown = new CountdownController(this);
  private readonly poll = new PollController(this);
  #association?: AssociateResponse;
  #tokens?: TokenResponse;
  #enrolled?: MfaEnrolledDetail;
  /** What the user typed in the address fields, kept when they come back to change it. */
  #typedEmail?: string;
  #typedPhone?: string;
  #submitted = '';
  #lockoutKey?: 'tooManyAttempts' | 'rateLimited';
  /** Aborted when the user leaves a factor: its answers no longer matter. */
  #intent = new AbortController();
  /** A factor waiting for the page to set `tokenProvider`, which may come after the element is on the page. */
  #waitingForToken?: 'otp' | 'push';

  /** Set when the element joins the page: it starts at the next update. */
  #startOnUpdate = false;

  override connectedCallback(): void {
    super.connectedCallback();
    // Not now: frameworks (@lit/react, Angular) set `factor` and the other properties just after adding the element.
    this.#startOnUpdate = true;
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#intent.abort();
    this.poll.stop();
    // Secrets do not outlive the element's time on the page.
    this.#forgetAssociation();
    this.#tokens = undefined;
    this.#enrolled = undefined;
    this.recoveryCodes = [];
  }

  protected override firstUpdated(): void {
    // The first step shown is a step too: focus goes to it as to any later one.
    this.renderRoot.querySelector<HTMLElement>('[data-focus]')?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.#startOnUpdate) {
      this.#startOnUpdate = false;
      this.start();
    } else if (changed.has('tokenProvider') && this.tokenProvider && this.#waitingForToken) this.#begin(this.#waitingForToken);
    // The QR code's 5 minutes are over: no scan can work any more.
    if (this.step === 'push' && this.pushState === 'waiting' && this.poll.active && !this.countdown.remaining(QR)) {
      this.#qrExpired(new MfaError('oob_code_expired', 'The QR code expired before it was scanned.'));
    }
  }

  /** (Re)starts: the `factor`, the only offered factor, or the choice of factors. */
  start(): void {
    this.#leaveFactor();
    this.current = undefined;
    this.failure = undefined;
    // Recovery codes stay: only the user's first association brings them, whichever factor they finish with.
    this.recoveryCodeElsewhere = false;
    this.#enrolled = undefined;
    const direct = parseEnrollFactors(this.factor)[0];
    const offered = this.#offered();
    if (direct) this.#begin(direct);
    else if (offered.length === 1) this.#begin(offered[0]);
    else this.#goto('choose');
  }

  #offered(): EnrollFactor[] {
    const offered = parseEnrollFactors(this.factors);
    return offered.length ? offered : ENROLL_ORDER;
  }

  #goto(step: Step): void {
    this.step = step;
    this.emit('mfa-step-change', { step, factor: this.current });
  }

  /** Drops what belonged to the factor being left: requests, polling, secrets, messages. */
  #leaveFactor(): void {
    this.#intent.abort();
    this.#intent = new AbortController();
    this.poll.stop();
    this.countdown.clear(QR);
    this.countdown.clear(RESEND);
    this.#forgetAssociation();
    this.error = undefined;
    this.busy = false;
    this.#submitted = '';
    this.#waitingForToken = undefined;
  }

  #forgetAssociation(): void {
    this.#association = undefined;
    this.qr = undefined;
    this.qrFailed = false;
    this.copyFailed = false;
  }

  /** Aborted when the element leaves the page or the user leaves the factor. */
  get #signal(): AbortSignal {
    return AbortSignal.any([this.signal, this.#intent.signal]);
  }

  #begin(factor: EnrollFactor): void {
    this.#leaveFactor();
    this.current = factor;
    if (factor !== 'otp' && factor !== 'push') this.#goto('address');
    else if (this.tokenProvider) void this.#associateQr();
    else {
      this.#waitingForToken = factor;
      this.#goto('loading');
    }
  }

  async #associate(body: AssociateRequest, signal: AbortSignal): Promise<AssociateResponse> {
    const answer = await this.withToken((token) => this.client.associate(token, body, signal));
    signal.throwIfAborted();
    // Only the user's first association carries the recovery code: it is kept until the user saved it.
    if (answer.recovery_codes?.length) this.recoveryCodes = answer.recovery_codes;
    this.#association = answer;
    return answer;
  }

  /** OTP and push: associates and draws the QR code; for push, polls until the phone scanned it. */
  async #associateQr(): Promise<void> {
    const factor = this.current as 'otp' | 'push';
    const signal = this.#signal;
    const again = this.step === factor;
    this.busy = true;
    this.error = undefined;
    if (!again) this.#goto('loading');
    // The generator downloads while the request is out.
    loadQrGenerator().catch(() => undefined);
    try {
      const answer = await this.#associate(
        factor === 'otp' ? { authenticator_types: ['otp'] } : { authenticator_types: ['oob'], oob_channels: ['auth0'] },
        signal,
      );
      if (factor === 'push') this.countdown.start(QR, QR_LIFETIME_S);
      if (!isOtpauthUri(answer.barcode_uri) || (factor === 'otp' ? !answer.secret : !answer.oob_code)) {
        throw new MfaError('bad_response', 'The associate answer lacks its otpauth: barcode_uri, secret or oob_code.', 200);
      }
      try {
        this.qr = await createQrCode(answer.barcode_uri);
      } catch {
        // The generator did not load. The key still works without the picture; push cannot.
        if (factor === 'push') throw new MfaError('network', 'The QR code generator could not be loaded.');
        this.qrFailed = true;
      }
      signal.throwIfAborted();
      if (factor === 'push') this.#startPolling(answer.oob_code!);
      this.busy = false;
      if (again) {
        this.announce(this.t('enrollNewQrReady'));
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('[data-focus]')?.focus();
      } else this.#goto(factor);
    } catch (error) {
      if (signal.aborted) return;
      this.busy = false;
      if (again) this.#showError(error);
      else this.#fail(error);
    }
  }

  #startPolling(oobCode: string): void {
    this.pushState = 'waiting';
    this.poll.start(
      async (signal) => {
        this.#tokens = await this.withToken((token) => this.client.token('oob', token, { oob_code: oobCode }, signal));
      },
      {
        done: () => this.#confirmed(this.#tokens!),
        failed: (error) => this.#pushFailed(error),
      },
    );
  }

  #pushFailed(error: unknown): void {
    if (error instanceof MfaError && (error.code === 'oob_code_expired' || error.code === 'rejected')) {
      this.#qrExpired(error);
      return;
    }
    this.#fail(error);
  }

  /** The QR code can no longer be scanned: it expired, or Auth0 refused it. One click gets a new one. */
  #qrExpired(error: MfaError): void {
    this.poll.stop();
    this.countdown.clear(QR);
    this.pushState = error.code === 'rejected' ? 'rejected' : 'expired';
    this.#forgetAssociation();
    // Said by the alert that replaces the QR code.
    this.emit('mfa-error', error.toDetail());
  }

  #onAddressSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('address') as HTMLInputElement;
    const typed = input.value;
    let destination: string | undefined;
    if (this.current === 'email') {
      this.#typedEmail = typed;
      const email = typed.trim();
      if (!email) this.error = () => this.t('enrollEmailEmpty');
      else if (!isEmailAddress(email)) this.error = () => this.t('enrollEmailInvalid');
      else destination = email;
    } else {
      this.#typedPhone = typed;
      const phone = toE164(typed, this.defaultCountryCode);
      if (phone.ok) destination = phone.e164;
      else this.error = () => this.t(PHONE_PROBLEMS[phone.problem]);
    }
    // Refused here, before any request: Auth0 would refuse it too, later and less clearly.
    if (!destination) void focusField(this, 'input#address');
    else void this.#sendCode(destination, typed.trim());
  }

  /** Email, sms, voice: associates the address, which sends a code. Sending again associates again (a new code). */
  async #sendCode(destination: string, shown: string): Promise<void> {
    const factor = this.current as CodeFactor;
    const signal = this.#signal;
    const again = this.step === 'code';
    this.busy = true;
    this.error = undefined;
    try {
      const answer = await this.#associate(
        factor === 'email'
          ? { authenticator_types: ['oob'], oob_channels: ['email'], email: destination }
          : { authenticator_types: ['oob'], oob_channels: [factor], phone_number: destination },
        signal,
      );
      if (!answer.oob_code) throw new MfaError('bad_response', 'The associate answer has no oob_code.', 200);
      this.#destination = destination;
      this.shownDestination = shown;
      this.#submitted = '';
      this.countdown.start(RESEND, RESEND_COOLDOWN_S);
      this.busy = false;
      if (again) {
        this.announce(this.t('codeResent'));
        void focusField(this);
      } else {
        this.#goto('code');
        this.announce(this.#sentText());
      }
    } catch (error) {
      if (signal.aborted) return;
      this.busy = false;
      this.#showError(error);
    }
  }

  #submitCode(code: string): void {
    if (this.countdown.remaining(LOCKOUT)) return;
    if (code.length !== 6) {
      this.error = () => this.t('incompleteCode');
      void focusField(this);
      return;
    }
    this.#submitted = code;
    if (this.current === 'otp') void this.#confirm('otp', { otp: code });
    else void this.#confirm('oob', { oob_code: this.#association?.oob_code ?? '', binding_code: code });
  }

  /** The first valid code confirms the enrollment: the mfa-otp or mfa-oob grant. */
  async #confirm(grant: Grant, fields: Record<string, string>): Promise<void> {
    const signal = this.#signal;
    this.busy = true;
    this.error = undefined;
    this.announce(this.t('verifying'));
    try {
      const tokens = await this.withToken((token) => this.client.token(grant, token, fields, signal));
      signal.throwIfAborted();
      this.busy = false;
      this.#confirmed(tokens);
    } catch (error) {
      if (signal.aborted) return;
      this.busy = false;
      this.#showError(error);
    }
  }

  #confirmed(tokens: TokenResponse): void {
    const factor = this.current!;
    const channel = ({ push: 'auth0', email: 'email', sms: 'sms', voice: 'voice' } as const)[factor as Exclude<EnrollFactor, 'otp'>];
    this.#enrolled = {
      factor,
      authenticatorType: factor === 'otp' ? 'otp' : 'oob',
      ...(channel && { oobChannel: channel }),
      tokens,
    };
    this.#tokens = undefined;
    this.#forgetAssociation();
    this.countdown.clear(QR);
    this.countdown.clear(RESEND);
    // A first factor came with a recovery code: the user saves it before the page moves on.
    if (this.recoveryCodes.length) this.#goto('recovery-codes');
    else {
      this.#finish();
      void this.#lookForRecoveryCode();
    }
  }

  /**
   * No recovery code came with this enrollment: Auth0 sends it with a user's first association only, which may have
   * been abandoned. When the user has one, the done step says so; the element never shows a code it did not get.
   */
  async #lookForRecoveryCode(): Promise<void> {
    try {
      const list = await this.withToken((token) => this.client.listAuthenticators(token, this.signal));
      this.recoveryCodeElsewhere = list.some((a) => a.authenticator_type === 'recovery-code');
      if (this.recoveryCodeElsewhere) this.announce(this.t('enrollNoRecoveryCode'));
    } catch {
      // A token without read:authenticators cannot tell: nothing is said.
    }
  }

  #onRecoveryCodesSaved(event: Event): void {
    // The page hears of it as mfa-enrolled, the enrollment's own event.
    event.stopPropagation();
    this.recoveryCodes = [];
    this.#finish();
  }

  #finish(): void {
    const detail = this.#enrolled!;
    this.#enrolled = undefined;
    // Focus moves to the "You're all set" heading, which is read out.
    this.#goto('done');
    this.emit('mfa-enrolled', detail);
  }

  /** Errors the user can fix where they are stay on the step, next to the field. */
  #showError(error: unknown): void {
    if (!(error instanceof MfaError) || !error.recoverable) return this.#fail(error);
    const lockout = lockoutKey(error);
    if (lockout) {
      this.countdown.start(LOCKOUT, error.retryAfterS ?? LOCKOUT_S);
      this.#lockoutKey = lockout;
    }
    this.error = () => this.#message(error);
    this.emit('mfa-error', error.toDetail());
    void focusField(this, 'input.code, input#address');
  }

  #fail(error: unknown): void {
    if (this.signal.aborted) return;
    let failure =
      error instanceof MfaError ? error : new MfaError('server_error', error instanceof Error ? error.message : String(error));
    if (failure.code === 'already_enrolled') {
      // What the page's developer needs to know, in the event.
      failure = new MfaError(
        'already_enrolled',
        `${failure.description} An mfa_token can enroll only a first factor: the user verifies with an existing ` +
          'factor, and the page passes an access token for the https://{domain}/mfa/ audience with the enroll scope.',
        failure.status,
      );
    }
    this.poll.stop();
    this.#forgetAssociation();
    this.failure = failure;
    this.error = () => this.#message(failure);
    this.#goto('error');
    this.emit('mfa-error', failure.toDetail());
  }

  #message(error: MfaError): string {
    return errorMessage(error, (key, params) => this.t(key, params), this.countdown.remaining(LOCKOUT));
  }

  /** A lockout message counts down with the lockout. */
  #liveError(): string {
    if (!this.error) return '';
    if (!this.#lockoutKey) return this.error();
    const left = this.countdown.remaining(LOCKOUT);
    if (!left) {
      this.#lockoutKey = undefined;
      this.error = undefined;
      return '';
    }
    return this.t(this.#lockoutKey, { time: formatDuration(left) });
  }

  #sentText(): string {
    const name = this.shownDestination;
    return this.current === 'voice' ? this.t('codeCalled', { name }) : this.t('codeSent', { name });
  }

  async #copyKey(): Promise<void> {
    const secret = this.#association?.secret;
    if (!secret) return;
    this.copyFailed = false;
    try {
      await navigator.clipboard.writeText(secret);
    } catch {
      // No permission or no clipboard: select the key so that the user can copy it.
      this.copyFailed = true;
      await this.updateComplete;
      const key = this.renderRoot.querySelector('.key__value');
      if (key) getSelection()?.selectAllChildren(key);
      return;
    }
    this.countdown.start(COPIED, COPIED_S);
    this.announce(this.t('enrollKeyCopied'));
  }

  /** Hands the otpauth:// URI to an authenticator app on this device; it never sits in an attribute. */
  #openInApp(): void {
    const uri = this.#association?.barcode_uri;
    if (isOtpauthUri(uri)) window.location.href = uri;
  }

  // Rendering

  protected override renderStep(): TemplateResult {
    switch (this.step) {
      case 'loading':
        return html`<p class="status" part="status"><span class="spinner" aria-hidden="true"></span>${this.t('enrollSettingUp')}</p>`;
      case 'choose':
        return this.#renderChoose();
      case 'otp':
        return this.#renderOtp();
      case 'push':
        return this.#renderPush();
      case 'address':
        return this.#renderAddress();
      case 'code':
        return this.#renderCode();
      case 'recovery-codes':
        return html`<mfa-recovery-codes
          part="recovery-codes"
          class="recovery-codes"
          data-focus
          lang=${this.locale.language}
          .strings=${this.strings}
          .codes=${this.recoveryCodes}
          exportparts="codes:recovery-codes-list, code:recovery-code, copy-button, actions, action, error, confirm, checkbox, button"
          @mfa-recovery-codes-saved=${this.#onRecoveryCodesSaved}
        ></mfa-recovery-codes>`;
      case 'done':
        return html`<h2 part="heading" class="done" tabindex="-1" data-focus>
            <svg class="done__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <circle cx="12" cy="12" r="11" fill="currentColor"></circle>
              <path d="M7 12.5l3.2 3.2L17 9" fill="none" stroke="var(--_surface)" stroke-width="2.2"
                stroke-linecap="round" stroke-linejoin="round"></path></svg
            >${this.t('enrollDoneHeading')}
          </h2>
          <p part="description">
            ${this.t(DONE_TEXTS[this.current!], { name: this.shownDestination })}
          </p>
          ${this.recoveryCodeElsewhere ? html`<p part="description" class="muted">${this.t('enrollNoRecoveryCode')}</p>` : nothing}`;
      case 'error':
        return this.#renderError();
    }
  }

  #heading(text: string, focus = true): TemplateResult {
    return html`<h2 part="heading" tabindex="-1" ?data-focus=${focus}>${text}</h2>`;
  }

  #renderChoose(): TemplateResult {
    return html`${this.#heading(this.t('enrollChooseHeading'))}
      <p part="description" class="muted">${this.t('enrollChooseText')}</p>
      <ul part="methods" class="methods">
        ${this.#offered().map(
          (factor) => html`<li>
            <button part="method" class="method" type="button" @click=${() => this.#begin(factor)}>
              <span class="method__name">${this.t(METHOD_NAMES[factor])}</span>
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
    if (parseEnrollFactors(this.factor).length || this.#offered().length < 2) return nothing;
    return html`<button part="link" class="link" type="button" @click=${() => this.start()}>
      ${this.t('enrollChooseAnother')}
    </button>`;
  }

  #renderQr(label: string): TemplateResult {
    if (this.qr) return renderQrCode(this.qr, label);
    return html`<p part="error" class="error" role="alert">${this.t('enrollQrFailed')}</p>`;
  }

  #renderCodeForm(label?: string): TemplateResult {
    return renderCodeForm({
      t: (key, params) => this.t(key, params),
      label,
      error: this.#liveError(),
      busy: this.busy,
      locked: this.countdown.remaining(LOCKOUT) > 0,
      submitted: this.#submitted,
      onCode: (code) => this.#submitCode(code),
      onEdit: () => (this.error = undefined),
    });
  }

  #renderOtp(): TemplateResult {
    const secret = this.#association?.secret ?? '';
    const copied = this.countdown.remaining(COPIED) > 0;
    return html`${this.#heading(this.t('enrollOtpHeading'))}
      <p part="description" class="muted">${this.t('enrollOtpText')}</p>
      ${this.#renderQr(this.t('enrollQrOtpLabel'))}
      <details part="manual" class="manual" ?open=${this.qrFailed}>
        <summary>${this.t('enrollCantScan')}</summary>
        <div class="manual__body">
          <p id="key-text">${this.t('enrollKeyText')}</p>
          <div class="key">
            <code part="secret" class="key__value" aria-describedby="key-text">${this.#renderKey(secret)}</code>
            <button part="copy-button" class="button button--secondary key__copy" type="button" @click=${this.#copyKey}>
              ${copied ? this.t('enrollKeyCopied') : this.t('enrollCopyKey')}
            </button>
          </div>
          ${this.copyFailed ? html`<p part="error" class="error" role="alert">${this.t('enrollCopyFailed')}</p>` : nothing}
          <button part="link" class="link" type="button" @click=${this.#openInApp}>${this.t('enrollOpenApp')}</button>
        </div>
      </details>
      ${this.#renderCodeForm(this.t('enrollOtpCodeLabel'))}
      ${this.#renderActions(this.#renderChooseAnother())}`;
  }

  /** The key in groups of four, four groups a line at most, so that it never breaks 3 + 3 + 2. */
  #renderKey(secret: string): TemplateResult[] {
    const groups = groupsOfFour(secret).split(' ');
    const lines: string[] = [];
    for (let i = 0; i < groups.length; i += 4) lines.push(groups.slice(i, i + 4).join(' '));
    return lines.map((line, i) => html`${i ? ' ' : ''}<span class="key__line">${line}</span>`);
  }

  #renderPush(): TemplateResult {
    const waiting = this.pushState === 'waiting';
    const left = this.countdown.remaining(QR);
    return html`${this.#heading(this.t('enrollPushHeading'))}
      <p part="description" class="muted">${this.t('enrollPushText')}</p>
      ${waiting
        ? html`${this.#renderQr(this.t('enrollQrPushLabel'))}
            <p part="countdown" class="countdown">${this.t('enrollQrExpiresIn', { time: formatDuration(left) })}</p>
            <p part="status" class="status">
              <span class="spinner" aria-hidden="true"></span>${this.poll.reconnecting
                ? this.t('reconnecting')
                : this.t('enrollPushWaiting')}
            </p>`
        : html`<div part="qr-expired" class="qr-expired">
            <p class="error" role="alert">
              ${this.t(this.pushState === 'rejected' ? 'enrollPushRejected' : 'enrollQrExpired')}
            </p>
            ${renderFieldError('push-error', this.#liveError())}
            <button
              part="button"
              class="button"
              type="button"
              ?disabled=${this.busy || this.countdown.remaining(LOCKOUT) > 0}
              @click=${() => this.#associateQr()}
            >
              ${this.busy ? this.t('enrollSettingUp') : this.t('enrollNewQr')}
            </button>
          </div>`}
      ${this.#renderActions(this.#renderChooseAnother())}`;
  }

  #renderAddress(): TemplateResult {
    const email = this.current === 'email';
    const error = this.#liveError();
    const headings = { email: 'enrollEmailHeading', sms: 'enrollSmsHeading', voice: 'enrollVoiceHeading' } as const;
    const texts = { email: 'enrollEmailText', sms: 'enrollSmsText', voice: 'enrollVoiceText' } as const;
    const described = [error && 'address-error', !email && 'address-hint'].filter(Boolean).join(' ');
    return html`${this.#heading(this.t(headings[this.current as CodeFactor]), false)}
      <p part="description" class="muted">${this.t(texts[this.current as CodeFactor])}</p>
      <form part="form" @submit=${this.#onAddressSubmit} novalidate>
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
          .value=${(email ? this.#typedEmail ?? this.email : this.#typedPhone ?? this.phoneNumber) || ''}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${described || nothing}
          ?readonly=${this.busy}
          @input=${() => error && !this.#lockoutKey && (this.error = undefined)}
        />
        ${renderFieldError('address-error', error)}
        <button part="button" class="button" type="submit" ?disabled=${this.busy || this.countdown.remaining(LOCKOUT) > 0}>
          ${this.busy ? this.t('enrollSending') : this.t(this.current === 'voice' ? 'enrollCallMe' : 'enrollSendCode')}
        </button>
      </form>
      ${this.#renderActions(this.#renderChooseAnother())}`;
  }

  #renderCode(): TemplateResult {
    const headings = { email: 'emailHeading', sms: 'smsHeading', voice: 'voiceHeading' } as const;
    const wait = this.countdown.remaining(RESEND);
    const voice = this.current === 'voice';
    const resendLabel =
      wait > 0
        ? this.t(voice ? 'enrollCallAgainIn' : 'resendIn', { seconds: wait })
        : this.t(voice ? 'enrollCallAgain' : 'resend');
    return html`${this.#heading(this.t(headings[this.current as CodeFactor]), false)}
      <p part="description" class="muted">${this.#sentText()}</p>
      ${this.#renderCodeForm()}
      <div class="actions">
        <button
          part="link"
          class="link"
          type="button"
          ?disabled=${wait > 0 || this.busy}
          @click=${() => this.#sendCode(this.#destination, this.shownDestination)}
        >
          ${resendLabel}
        </button>
        <button part="link" class="link" type="button" @click=${this.#changeAddress}>
          ${this.t(this.current === 'email' ? 'enrollChangeEmail' : 'enrollChangePhone')}
        </button>
        ${this.#renderChooseAnother()}
      </div>`;
  }

  #changeAddress(): void {
    const factor = this.current;
    this.#leaveFactor();
    this.current = factor;
    this.#goto('address');
  }

  #renderError(): TemplateResult {
    if (this.failure?.code === 'already_enrolled') {
      // Guidance rather than a fault: said like an error, shown as text.
      return html`${this.#heading(this.t('enrollAlreadyEnrolledHeading'))}
        <p part="description" role="alert">${this.error?.()}</p>`;
    }
    const recoverable = this.failure?.recoverable ?? true;
    return html`${this.#heading(this.t('enrollErrorHeading'))}
      <p part="error" class="error" role="alert">${this.error?.()}</p>
      <div class="actions">
        <button
          part="button"
          class="button"
          type="button"
          @click=${() => (recoverable && this.current ? this.#begin(this.current) : this.start())}
        >
          ${recoverable ? this.t('retry') : this.t('startOver')}
        </button>
      </div>`;
  }
}
