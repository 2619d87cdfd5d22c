/**
 * `<mfa-enroll>`'s flow, without DOM: choose a factor, associate it (a QR code for an app or Guardian push, an
 * address for codes), confirm it with the first valid code or the phone's scan, keep the recovery code of a first
 * enrollment until it is saved, and hand back the confirming grant's tokens.
 */
import { MfaError } from '../api/errors.ts';
import type { AssociateRequest, AssociateResponse, OobChannel, TokenResponse } from '../api/types.ts';
import { PollController } from '../controllers/poll-controller.ts';
import { isEmailAddress } from '../internal/email.ts';
import { isOtpauthUri } from '../internal/otpauth.ts';
import { associateRequest, ENROLL_ORDER, type EnrollFactor } from '../internal/factors.ts';
import { toE164, type PhoneProblem } from '../internal/phone.ts';
import { Flow, type FlowOptions } from './flow.ts';

/** A push enrollment's QR code lives 5 minutes on Auth0's side, from the associate answer. */
export const QR_LIFETIME_S = 300;
export const RESEND_COOLDOWN_S = 30;

export type CodeFactor = 'email' | 'sms' | 'voice';
export type QrFactor = 'otp' | 'push';
export type PushStatus = 'waiting' | 'expired' | 'rejected';

export type EnrollState<Q = unknown> =
  | { step: 'loading' }
  | { step: 'choose' }
  /** `qr` is missing when the generator could not load: the key still works. */
  | { step: 'otp'; secret: string; barcodeUri: string; qr?: Q }
  /** `expiresAt`: the QR code's end (clock ms); an expired or refused one is gone. */
  | { step: 'push'; push: 'waiting'; qr: Q; expiresAt: number }
  | { step: 'push'; push: 'expired' | 'rejected' }
  | { step: 'address'; factor: CodeFactor }
  /** `address`: where the code went (E.164 for phones); `destination`: the same as the user typed it. */
  | { step: 'code'; factor: CodeFactor; address: string; destination: string; resendAt: number }
  | { step: 'recovery-codes'; recoveryCodes: string[] }
  /**
   * `destination`: the address enrolled, as typed; '' for otp and push. `recoveryCodeElsewhere`: no code came with
   * this enrollment, but the user has one from an earlier association.
   */
  | { step: 'done'; destination: string; recoveryCodeElsewhere?: boolean }
  | { step: 'error'; error: MfaError };

/** The steps `<mfa-enroll>` shows, as `mfa-step-change` names them. */
export type EnrollStep = EnrollState['step'];

export interface EnrolledDetail {
  factor: EnrollFactor;
  authenticatorType: 'otp' | 'oob';
  oobChannel?: OobChannel;
  tokens: TokenResponse;
}

export type EnrollEvent = { type: 'enrolled'; detail: EnrolledDetail } | { type: 'focus' };

export interface EnrollOptions {
  /** Start with this factor, without a choice. */
  factor?: EnrollFactor;
  /** The factors to offer, in this order; all when empty. */
  factors?: EnrollFactor[];
  /** The country calling code for numbers typed without one. */
  defaultCountryCode?: string;
}

/** How QR codes are drawn: the view's generator, a chunk of its own that can start loading early. */
export interface QrMaker<Q> {
  load(): Promise<unknown>;
  create(text: string): Promise<Q>;
}

export const PHONE_PROBLEMS = {
  empty: 'enrollPhoneEmpty',
  characters: 'enrollPhoneCharacters',
  'country-code': 'enrollPhoneCountryCode',
  length: 'enrollPhoneLength',
} as const satisfies Record<PhoneProblem, string>;

const CHANNELS = { push: 'auth0', email: 'email', sms: 'sms', voice: 'voice' } as const;

export class EnrollFlow<Q = unknown> extends Flow<EnrollState<Q>, EnrollEvent> {
  /** The factor being enrolled. */
  factor?: EnrollFactor;
  /** What the user typed in the address fields, kept when they come back to change it. */
  readonly typed: { email?: string; phone?: string } = {};
  readonly poll: PollController<TokenResponse>;
  #options: EnrollOptions = {};
  readonly #qr: QrMaker<Q>;
  /** The association being confirmed: its oob_code is the grant's, never shown. */
  #association?: AssociateResponse;
  /** A first enrollment's recovery code, kept until the user saved it. */
  #recoveryCodes: string[] = [];
  #enrolled?: EnrolledDetail;
  /** The address enrolled, as typed. */
  #destination = '';

  constructor(options: FlowOptions & { qr: QrMaker<Q> }) {
    super(options, { step: 'loading' });
    this.#qr = options.qr;
    this.poll = new PollController<TokenResponse>(this, this.clock);
  }

  /** The factors offered, in order. */
  get offered(): EnrollFactor[] {
    return this.#options.factors?.length ? this.#options.factors : ENROLL_ORDER;
  }

  /** True when the user can go back to the choice of factors. */
  get canChooseAnother(): boolean {
    return !this.#options.factor && this.offered.length > 1;
  }

  /** (Re)starts: the `factor`, the only offered factor, or the choice of factors. */
  begin(options: EnrollOptions = this.#options): void {
    this.#options = options;
    this.#leave();
    this.factor = undefined;
    // Recovery codes stay: only the user's first association brings them, whichever factor they finish with.
    this.#enrolled = undefined;
    const first = options.factor ?? (this.offered.length === 1 ? this.offered[0] : undefined);
    if (first) this.choose(first);
    else this.goto({ step: 'choose' });
  }

  /** Starts enrolling `factor`: its QR code, or the address form. */
  choose(factor: EnrollFactor): void {
    this.#leave();
    this.factor = factor;
    if (factor === 'otp' || factor === 'push') this.#associateQr(factor);
    else this.goto({ step: 'address', factor });
  }

  /** Back to the choice of factors. */
  chooseAnother(): void {
    this.begin();
  }

  /** An email address or phone number as typed: checked here first, since Auth0 would refuse it later and less clearly. */
  submitAddress(typed: string): void {
    const state = this.state;
    if (state.step !== 'address' || this.locked) return;
    if (state.factor === 'email') {
      this.typed.email = typed;
      const email = typed.trim();
      if (!email) return this.showError({ key: 'enrollEmailEmpty' });
      if (!isEmailAddress(email)) return this.showError({ key: 'enrollEmailInvalid' });
      this.#sendCode(state.factor, email, email);
    } else {
      this.typed.phone = typed;
      const phone = toE164(typed, this.#options.defaultCountryCode);
      if (!phone.ok) return this.showError({ key: PHONE_PROBLEMS[phone.problem] });
      this.#sendCode(state.factor, phone.e164, typed.trim());
    }
  }

  /** Sends another code: associating again sends a new one. */
  resend(): void {
    const state = this.state;
    if (state.step === 'code') this.#sendCode(state.factor, state.address, state.destination);
  }

  /** Back to the address form, with what was typed. */
  changeAddress(): void {
    const state = this.state;
    if (state.step !== 'code') return;
    this.#leave();
    this.goto({ step: 'address', factor: state.factor });
  }

  /** A new QR code after the last expired or was refused. */
  renewQr(): void {
    if (this.state.step === 'push' && !this.locked) this.#associateQr('push');
  }

  /** From the error step: the same factor again when that can work, else from the start. */
  retry(): void {
    const state = this.state;
    if (state.step === 'error' && state.error.recoverable && this.factor) this.choose(this.factor);
    else this.begin();
  }

  /** The first valid code confirms the enrollment: the mfa-otp or mfa-oob grant. */
  submitCode(code: string): void {
    const state = this.state;
    if (!this.acceptCode(code)) return;
    const confirmed = (tokens: TokenResponse) => this.#confirmed(tokens);
    if (state.step === 'otp') this.grant('otp', { otp: code }, confirmed);
    else if (state.step === 'code') this.grant('oob', { oob_code: this.#association?.oob_code ?? '', binding_code: code }, confirmed);
  }

  /** The user saved the recovery code: the page gets the enrollment. */
  confirmSaved(): void {
    if (this.state.step === 'recovery-codes') this.#finish();
  }

  override abort(): void {
    super.abort();
    // Secrets do not outlive the view's time on the page.
    this.#association = undefined;
    this.#recoveryCodes = [];
    this.#enrolled = undefined;
  }

  /** Drops what belonged to the factor being left: polling, timers, the association. */
  #leave(): void {
    this.poll.stop();
    this.clearTimer('qr');
    this.#association = undefined;
  }

  async #associate(body: AssociateRequest, signal: AbortSignal): Promise<AssociateResponse> {
    return this.session.withToken((token) => this.session.client.associate(token, body, signal), signal);
  }

  /** Only the user's first association carries the recovery code: it is kept until the user saved it. */
  #associated(answer: AssociateResponse): void {
    this.#association = answer;
    if (answer.recovery_codes?.length) this.#recoveryCodes = answer.recovery_codes;
  }

  /** OTP and push: associates and draws the QR code; for push, polls until the phone scanned it. */
  #associateQr(factor: QrFactor): void {
    const again = this.state.step === factor;
    if (!again) this.goto({ step: 'loading' });
    // The generator downloads while the request is out.
    this.#qr.load().catch(() => undefined);
    this.request(async (signal) => {
      const answer = await this.#associate(associateRequest(factor), signal);
      const expiresAt = this.clock.now() + QR_LIFETIME_S * 1000;
      const { barcode_uri: uri, secret, oob_code: oobCode } = answer;
      if (!isOtpauthUri(uri) || (factor === 'otp' ? !secret : !oobCode)) {
        throw new MfaError('bad_response', 'The associate answer lacks its otpauth: barcode_uri, secret or oob_code.', 200);
      }
      let qr: Q | undefined;
      try {
        qr = await this.#qr.create(uri);
      } catch {
        // The generator did not load. The key still works without the picture; push cannot.
        if (factor === 'push') throw new MfaError('network', 'The QR code generator could not be loaded.');
      }
      return () => {
        this.#associated(answer);
        const state: EnrollState<Q> =
          factor === 'otp' ? { step: 'otp', secret: secret!, barcodeUri: uri, qr } : { step: 'push', push: 'waiting', qr: qr!, expiresAt };
        if (factor === 'push') this.#startPolling(oobCode!, expiresAt);
        if (!again) return this.goto(state);
        this.update(state);
        this.announce({ key: 'enrollNewQrReady' });
        this.emit({ type: 'focus' });
      };
    });
  }

  #startPolling(oobCode: string, expiresAt: number): void {
    this.poll.start(
      (signal) => this.session.withToken((token) => this.session.client.token('oob', token, { oob_code: oobCode }, signal), signal),
      { done: (tokens) => this.#confirmed(tokens), failed: (error) => this.#pushFailed(error) },
    );
    // The QR code's 5 minutes are over: no scan can work any more.
    this.at('qr', expiresAt, () => this.#qrGone(new MfaError('oob_code_expired', 'The QR code expired before it was scanned.')));
  }

  #pushFailed(error: unknown): void {
    if (error instanceof MfaError && (error.code === 'oob_code_expired' || error.code === 'rejected')) return this.#qrGone(error);
    this.fail(error);
  }

  /** The QR code can no longer be scanned: it expired, or Auth0 refused it. One click gets a new one. */
  #qrGone(error: MfaError): void {
    this.poll.stop();
    this.clearTimer('qr');
    this.#association = undefined;
    this.update({ step: 'push', push: error.code === 'rejected' ? 'rejected' : 'expired' });
    // Said by the alert that replaces the QR code.
    this.emit({ type: 'error', error });
  }

  /** Email, sms, voice: associates the address, which sends a code. */
  #sendCode(factor: CodeFactor, address: string, destination: string): void {
    const again = this.state.step === 'code';
    this.request(async (signal) => {
      const answer = await this.#associate(associateRequest(factor, address), signal);
      if (!answer.oob_code) throw new MfaError('bad_response', 'The associate answer has no oob_code.', 200);
      return () => {
        this.#associated(answer);
        const state = { step: 'code', factor, address, destination, resendAt: this.clock.now() + RESEND_COOLDOWN_S * 1000 } as const;
        if (again) {
          this.update(state);
          this.submitted = '';
          this.announce({ key: 'codeResent' });
          this.emit({ type: 'focus' });
        } else {
          this.goto(state);
          this.announce({ key: factor === 'voice' ? 'codeCalled' : 'codeSent', params: { name: destination } });
        }
      };
    });
  }

  #confirmed(tokens: TokenResponse): void {
    const factor = this.factor!;
    const state = this.state;
    this.#destination = state.step === 'code' ? state.destination : '';
    const channel = factor === 'otp' ? undefined : CHANNELS[factor];
    this.#enrolled = { factor, authenticatorType: factor === 'otp' ? 'otp' : 'oob', ...(channel && { oobChannel: channel }), tokens };
    this.#leave();
    // A first factor came with a recovery code: the user saves it before the page moves on.
    const recoveryCodes = this.#recoveryCodes;
    if (recoveryCodes.length) return this.showRecoveryCodes(() => this.goto({ step: 'recovery-codes', recoveryCodes }));
    this.#finish();
    this.#lookForRecoveryCode();
  }

  /**
   * No recovery code came with this enrollment: Auth0 sends it with a user's first association only, which may have
   * been abandoned. When the user has one, the done step says so; the flow never shows a code it did not get.
   */
  #lookForRecoveryCode(): void {
    const destination = this.#destination;
    this.request(async (signal) => {
      try {
        const list = await this.session.withToken((token) => this.session.client.listAuthenticators(token, signal), signal);
        if (!list.some((a) => a.authenticator_type === 'recovery-code')) return () => undefined;
      } catch {
        // A token without read:authenticators cannot tell: nothing is said.
        return () => undefined;
      }
      return () => {
        this.update({ step: 'done', destination, recoveryCodeElsewhere: true });
        this.announce({ key: 'enrollNoRecoveryCode' });
      };
    });
  }

  #finish(): void {
    const detail = this.#enrolled!;
    this.#enrolled = undefined;
    this.#recoveryCodes = [];
    this.goto({ step: 'done', destination: this.#destination });
    this.emit({ type: 'enrolled', detail });
  }

  protected override failed(error: MfaError): void {
    if (error.code === 'already_enrolled') {
      // What the page's developer needs to know, in the event.
      error = new MfaError(
        'already_enrolled',
        `${error.description} An mfa_token can enroll only a first factor: the user verifies with an existing ` +
          'factor, and the page passes an access token for the https://{domain}/mfa/ audience with the enroll scope.',
        error.status,
      );
    }
    this.#leave();
    this.goto({ step: 'error', error });
    this.emit({ type: 'error', error });
  }
}
