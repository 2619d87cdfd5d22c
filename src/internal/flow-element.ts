/**
 * An element that is the view of a flow: it starts the flow when it is on the page and aborts it when it leaves,
 * turns the flow's events into DOM events, announcements and focus, and words the flow's messages at render time.
 */
import { html, type TemplateResult } from 'lit';
import { CountdownController } from '../controllers/countdown-controller.ts';
import '../events/mfa-error.ts';
import type { MfaStep } from '../events/mfa-step-change.ts';
import '../events/mfa-step-change.ts';
import type { Flow, FlowEvent } from '../flows/flow.ts';
import { focusField, renderCodeForm } from './code-form.ts';
import type { Factor } from './factors.ts';
import { errorMessage, formatDuration, say, type Message } from './messages.ts';
import { MfaElement } from './mfa-element.ts';
import { recoveryCodesExportParts } from './parts.ts';

/** What a view asks of its flow beyond the base, when it shows a code form or recovery codes. */
export interface ViewedFlow<S extends { step: string }, E extends { type: string }> extends Flow<S, E> {
  submitCode?(code: string): void;
  confirmSaved?(): void;
}

export abstract class FlowElement<S extends { step: string }, E extends { type: string }> extends MfaElement {
  /**
   * Registers `<mfa-recovery-codes>`, set by the define entry: the element calls it on the steps that can lead to
   * recovery codes. Without it (a page registering the classes itself), the page registers that tag too.
   * @internal
   */
  static loadRecoveryCodes?: () => Promise<unknown>;

  /** The steps on which to start loading `<mfa-recovery-codes>`, before the step that shows it. */
  protected abstract readonly recoveryCodesAhead: readonly string[];
  protected abstract readonly flow: ViewedFlow<S, E>;
  protected readonly countdown = new CountdownController(this);
  /** The fields focus goes to after an error the user can fix there. */
  protected abstract readonly fields: string;
  #unsubscribe?: () => void;
  /** The element's current time on the page: a start queued during an earlier one is dropped. */
  #joined?: object;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#unsubscribe ??= this.flow.subscribe((event) => this.onFlow(event));
    // Not now: frameworks (@lit/react, Angular) set `factor` and the other properties just after adding the
    // element. A microtask later they are all set, and the flow starts once.
    const joined = (this.#joined = {});
    queueMicrotask(() => {
      if (this.isConnected && this.#joined === joined) this.start();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#joined = undefined;
    // No request, poll or timer outlives the element's time on the page, nor any secret the flow held.
    this.flow.abort();
    this.requestUpdate();
  }

  /** (Re)starts the flow from its first step. */
  abstract start(): void;

  /** The factor of the step shown, for `mfa-step-change`. */
  protected abstract stepFactor(): Factor | undefined;

  protected onFlow(event: FlowEvent | E): void {
    const { state } = this.flow;
    switch (event.type) {
      case 'step':
        if (this.recoveryCodesAhead.includes(state.step)) this.#loadRecoveryCodes();
        this.step = state.step;
        this.emit('mfa-step-change', { step: state.step as MfaStep, factor: this.stepFactor() });
        break;
      case 'error':
        this.emit('mfa-error', (event as Extract<FlowEvent, { type: 'error' }>).error.toDetail());
        if (state.step !== 'error') void focusField(this, this.fields);
        break;
      case 'announce':
        this.announce(this.say((event as Extract<FlowEvent, { type: 'announce' }>).message));
        break;
    }
    this.requestUpdate();
  }

  #loadRecoveryCodes(): void {
    // A failed chunk load is tried again when the step comes.
    this.recoveryCodesReady().catch(() => undefined);
  }

  /** Resolves once `<mfa-recovery-codes>` is registered: the flow's recovery-code step waits for it. */
  protected recoveryCodesReady(): Promise<unknown> {
    return (this.constructor as typeof FlowElement).loadRecoveryCodes?.() ?? Promise.resolve();
  }

  protected say(message: Message): string {
    return say((key, params) => this.t(key, params), message);
  }

  /** The step's error, worded now: it follows a change of language, and a lockout counts down. */
  protected errorText(): string {
    const { error, lockedUntil } = this.flow;
    if (!error) return '';
    if ('key' in error) return this.say(error);
    return errorMessage(error, (key, params) => this.t(key, params), this.countdown.secondsUntil(lockedUntil), this.locale.language);
  }

  /** Seconds as the element's language writes a countdown. */
  protected time(seconds: number): string {
    return formatDuration(seconds, this.locale.language);
  }

  protected heading(text: string, focus = true): TemplateResult {
    return html`<h2 part="heading" tabindex="-1" ?data-focus=${focus}>${text}</h2>`;
  }

  protected renderCodeForm(label?: string): TemplateResult {
    const flow = this.flow;
    return renderCodeForm({
      t: (key, params) => this.t(key, params),
      label,
      error: this.errorText(),
      busy: flow.busy,
      locked: flow.locked,
      submitted: flow.submitted,
      onCode: (code) => flow.submitCode?.(code),
      onEdit: () => flow.edit(),
    });
  }

  /**
   * `<mfa-recovery-codes>` in this element's card (`embedded`); `headless` under this element's own heading. Its
   * parts are exported under the names the host documents; its saved event becomes the host's own event.
   */
  protected renderRecoveryCodes(codes: string[], headless: boolean): TemplateResult {
    const saved = (event: Event) => {
      event.stopPropagation();
      this.flow.confirmSaved?.();
    };
    return html`<mfa-recovery-codes
      part="recovery-codes"
      embedded
      ?headless=${headless}
      ?data-focus=${!headless}
      lang=${this.locale.language}
      .strings=${this.strings}
      .codes=${codes}
      exportparts=${recoveryCodesExportParts}
      @mfa-recovery-codes-saved=${saved}
    ></mfa-recovery-codes>`;
  }
}
