/**
 * `<mfa-challenge>`'s flow, without DOM: list the user's authenticators, challenge one, verify its answer, and
 * hand back the tokens (after a new recovery code is saved, when the recovery-code grant gave one).
 */
import { MfaError } from '../api/errors.ts';
import type { Authenticator, Grant, MfaRequirements, TokenResponse } from '../api/types.ts';
import { PollController } from '../controllers/poll-controller.ts';
import { isRecoveryCode, normalizeRecoveryCode } from '../internal/codes.ts';
import { allowedFactors, challengeable, factorOf, type Factor } from '../internal/factors.ts';
import type { Message } from '../internal/messages.ts';
import { Flow, asMfaError, type FlowOptions } from './flow.ts';

/** A code can be sent again 30 s after the last one. */
export const RESEND_COOLDOWN_S = 30;

export type PushStatus = 'sending' | 'waiting' | 'rejected' | 'expired';
export type CodeFactor = 'email' | 'sms' | 'voice';

export type ChallengeState =
  | { step: 'loading' }
  | { step: 'select'; current: Authenticator }
  | { step: 'otp' | 'recovery-code'; authenticator: Authenticator }
  /** `resendAt`: when a code can be sent again (clock ms). */
  | { step: CodeFactor; authenticator: Authenticator; resendAt?: number }
  | { step: 'push'; authenticator: Authenticator; push: PushStatus; resendAt?: number }
  | { step: 'new-recovery-code'; authenticator: Authenticator; recoveryCode: string }
  | { step: 'done'; authenticator: Authenticator }
  | { step: 'error'; error: MfaError };

/** The steps `<mfa-challenge>` shows, as `mfa-step-change` names them. */
export type ChallengeStep = ChallengeState['step'];

export type ChallengeEvent = { type: 'verified'; tokens: TokenResponse; authenticator: Authenticator };

export interface ChallengeOptions {
  /** The factors the page allows; all when absent. */
  factors?: Factor[];
  /** The factor to start with. */
  preferred?: Factor;
  /** `mfa_requirements` from `mfa_required`. */
  requirements?: MfaRequirements;
}

/** The push device's name, or "your phone". */
export const deviceOf = (authenticator: Authenticator): string | Message => authenticator.name || { key: 'yourPhone' };

export class ChallengeFlow extends Flow<ChallengeState, ChallengeEvent> {
  /** The authenticators the user may choose from, in the order to offer them. */
  methods: Authenticator[] = [];
  /** The authenticator last chosen. */
  current?: Authenticator;
  readonly poll: PollController<TokenResponse>;
  #options: ChallengeOptions = {};
  /** Sent challenges' oob_codes, by authenticator: coming back to a method does not send another code. */
  readonly #oobCodes = new Map<string, string>();
  readonly #resendAt = new Map<string, number>();
  /** The grant's answer, held while the user saves the new recovery code. */
  #tokens?: TokenResponse;

  constructor(options: FlowOptions) {
    super(options, { step: 'loading' });
    this.poll = new PollController<TokenResponse>(this, this.clock);
  }

  /** (Re)starts: asks for a fresh token, lists the authenticators, challenges the first. */
  begin(options: ChallengeOptions = this.#options): void {
    this.#options = options;
    this.#leave();
    this.current = undefined;
    this.goto({ step: 'loading' });
    this.request(async (signal) => {
      await this.session.freshToken(signal);
      const list = await this.session.withToken((token) => this.session.client.listAuthenticators(token, signal), signal);
      const methods = challengeable(list, allowedFactors(options.factors, options.requirements), options.preferred);
      if (!methods[0]) throw new MfaError('no_authenticators', 'No active authenticator can be challenged.');
      return () => {
        this.methods = methods;
        this.choose(methods[0]);
      };
    });
  }

  /** Shows a method; an email, sms or voice method not yet sent a code sends one, push sends a notification. */
  choose(authenticator: Authenticator): void {
    this.#leave();
    this.current = authenticator;
    const factor = factorOf(authenticator)!;
    const resendAt = this.#resendAt.get(authenticator.id);
    if (factor === 'push') {
      this.goto({ step: 'push', authenticator, push: 'sending', resendAt });
      this.#sendPush(authenticator);
    } else if (factor === 'email' || factor === 'sms' || factor === 'voice') {
      this.goto({ step: factor, authenticator, resendAt });
      if (!this.#oobCodes.has(authenticator.id)) this.#sendCode(authenticator, false);
    } else {
      this.goto({ step: factor, authenticator });
    }
  }

  /** The list of the other methods; what the current one had in flight is dropped. */
  chooseAnother(): void {
    if (!this.current) return;
    this.#leave();
    this.goto({ step: 'select', current: this.current });
  }

  /** A new code, or a new push notification, once the cooldown allows. */
  resend(): void {
    const state = this.state;
    if (state.step === 'push') this.#sendPush(state.authenticator);
    else if (state.step === 'email' || state.step === 'sms' || state.step === 'voice') this.#sendCode(state.authenticator, true);
  }

  /** After a denied or expired push: another notification; after an error: start over. */
  retry(): void {
    if (this.state.step === 'push') this.resend();
    else this.begin();
  }

  /** The 6-digit code of an authenticator app, or of an email, text message or call. */
  submitCode(code: string): void {
    const state = this.state;
    if (!this.acceptCode(code)) return;
    if (state.step === 'otp') this.#verify(state.authenticator, 'otp', { otp: code });
    else if (state.step === 'email' || state.step === 'sms' || state.step === 'voice') {
      const oobCode = this.#oobCodes.get(state.authenticator.id) ?? '';
      this.#verify(state.authenticator, 'oob', { oob_code: oobCode, binding_code: code });
    }
  }

  /** A recovery code as typed: any case, with spaces or dashes. */
  submitRecoveryCode(typed: string): void {
    const state = this.state;
    if (state.step !== 'recovery-code') return;
    const code = normalizeRecoveryCode(typed);
    if (!isRecoveryCode(code)) return this.showError({ key: 'recoveryFormat' });
    this.#verify(state.authenticator, 'recoveryCode', { recovery_code: code });
  }

  /** The user saved the new recovery code: the page gets the tokens. */
  confirmSaved(): void {
    const state = this.state;
    if (state.step !== 'new-recovery-code' || !this.#tokens) return;
    const tokens = this.#tokens;
    this.#tokens = undefined;
    this.#verified(tokens, state.authenticator, false);
  }

  override abort(): void {
    super.abort();
    // Secrets do not outlive the view's time on the page.
    this.#oobCodes.clear();
    this.#tokens = undefined;
  }

  /** Drops what belonged to the method being left: its polling and the code it last sent for checking. */
  #leave(): void {
    this.poll.stop();
    this.submitted = '';
  }

  async #challenge(authenticator: Authenticator, signal: AbortSignal): Promise<string> {
    const answer = await this.session.withToken(
      (token) => this.session.client.challenge(token, 'oob', authenticator.id, signal),
      signal,
    );
    if (!answer.oob_code) throw new MfaError('bad_response', 'The challenge answer has no oob_code.', 200);
    return answer.oob_code;
  }

  /** A code sent: kept for the grant, and the resend cooldown starts. */
  #sent(authenticator: Authenticator, oobCode: string): number {
    const resendAt = this.clock.now() + RESEND_COOLDOWN_S * 1000;
    this.#oobCodes.set(authenticator.id, oobCode);
    this.#resendAt.set(authenticator.id, resendAt);
    return resendAt;
  }

  #sendCode(authenticator: Authenticator, again: boolean): void {
    const step = this.state.step as CodeFactor;
    this.request(async (signal) => {
      const oobCode = await this.#challenge(authenticator, signal);
      return () => {
        this.submitted = '';
        this.update({ step, authenticator, resendAt: this.#sent(authenticator, oobCode) });
        const name = authenticator.name ?? '';
        this.announce(again ? { key: 'codeResent' } : { key: step === 'voice' ? 'codeCalled' : 'codeSent', params: { name } });
      };
    });
  }

  #sendPush(authenticator: Authenticator): void {
    this.poll.stop();
    this.update({ step: 'push', authenticator, push: 'sending', resendAt: this.#resendAt.get(authenticator.id) });
    this.request(async (signal) => {
      let oobCode: string;
      try {
        oobCode = await this.#challenge(authenticator, signal);
      } catch (error) {
        return () => this.#pushFailed(error);
      }
      return () => {
        this.update({ step: 'push', authenticator, push: 'waiting', resendAt: this.#sent(authenticator, oobCode) });
        this.announce({ key: 'pushSent', params: { device: deviceOf(authenticator) } });
        this.poll.start(
          (pollSignal) =>
            this.session.withToken(
              (token) => this.session.client.token('oob', token, { oob_code: oobCode }, pollSignal),
              pollSignal,
            ),
          { done: (tokens) => this.#verified(tokens, authenticator), failed: (error) => this.#pushFailed(error) },
        );
      };
    });
  }

  /** A denied or expired push stays on the step with a way to try again; anything else is the error step. */
  #pushFailed(error: unknown): void {
    const state = this.state;
    if (state.step !== 'push' || !(error instanceof MfaError) || (error.code !== 'rejected' && error.code !== 'oob_code_expired')) {
      return this.failed(asMfaError(error));
    }
    const push = error.code === 'rejected' ? 'rejected' : 'expired';
    this.update({ ...state, push });
    this.announce({ key: push === 'rejected' ? 'pushRejected' : 'pushExpired' });
    this.emit({ type: 'error', error });
  }

  #verify(authenticator: Authenticator, grant: Grant, fields: Record<string, string>): void {
    this.grant(grant, fields, (tokens) => this.#verified(tokens, authenticator));
  }

  #verified(tokens: TokenResponse, authenticator: Authenticator, mayHoldCode = true): void {
    this.#oobCodes.delete(authenticator.id);
    if (mayHoldCode && tokens.recovery_code) {
      const recoveryCode = tokens.recovery_code;
      this.#tokens = tokens;
      return this.showRecoveryCodes(() => this.goto({ step: 'new-recovery-code', authenticator, recoveryCode }));
    }
    this.goto({ step: 'done', authenticator });
    this.announce({ key: 'verified' });
    this.emit({ type: 'verified', tokens, authenticator });
  }

  protected override fail(error: unknown): void {
    // An expired code cannot be checked again: the next one is sent by resend.
    if (error instanceof MfaError && error.code === 'oob_code_expired' && this.current) this.#oobCodes.delete(this.current.id);
    super.fail(error);
  }

  protected override failed(error: MfaError): void {
    this.poll.stop();
    this.goto({ step: 'error', error });
    this.emit({ type: 'error', error });
  }
}
