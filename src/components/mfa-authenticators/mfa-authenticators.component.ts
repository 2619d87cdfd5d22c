import { html, nothing, svg, type PropertyValues, type SVGTemplateResult, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import '../../events/mfa-authenticator-removed.ts';
import {
  AuthenticatorsFlow,
  nameOf,
  type AuthenticatorsEvent,
  type AuthenticatorsState,
  type Method,
} from '../../flows/authenticators-flow.ts';
import type { FlowEvent } from '../../flows/flow.ts';
import { parseEnrollFactors, type Factor } from '../../internal/factors.ts';
import { FlowElement } from '../../internal/flow-element.ts';
import { errorMessage } from '../../internal/messages.ts';
import { MfaElement } from '../../internal/mfa-element.ts';
import { enrollExportParts } from '../../internal/parts.ts';
import { authenticatorsStyles } from './mfa-authenticators.styles.ts';

type State = AuthenticatorsState;

const ICONS: Record<Factor | 'other' | 'warning', SVGTemplateResult> = {
  otp: svg`<rect x="6.5" y="2.5" width="11" height="19" rx="2" /><path d="M10.5 18.5h3M9.5 10.5l2 2 3.5-3.5" />`,
  push: svg`<path d="M6 16.5V11a6 6 0 0 1 12 0v5.5l1.5 1.5h-15z" /><path d="M10 20.5a2 2 0 0 0 4 0" />`,
  email: svg`<rect x="3" y="5.5" width="18" height="13" rx="2" /><path d="M3.5 7l8.5 6 8.5-6" />`,
  sms: svg`<path d="M4.5 5h15A1.5 1.5 0 0 1 21 6.5v8a1.5 1.5 0 0 1-1.5 1.5H10l-4.5 3.5V16h-1A1.5 1.5 0 0 1 3 14.5v-8A1.5 1.5 0 0 1 4.5 5z" />`,
  voice: svg`<path d="M7 3.5h2.5l1.5 4.5-2 1.5a11 11 0 0 0 5.5 5.5l1.5-2 4.5 1.5V17a2.5 2.5 0 0 1-2.5 2.5A15 15 0 0 1 4.5 6 2.5 2.5 0 0 1 7 3.5z" />`,
  'recovery-code': svg`<circle cx="8" cy="15.5" r="4" /><path d="M11 12.5l8.5-8.5M16.5 7l2.5 2.5M14 9.5l2 2" />`,
  other: svg`<path d="M12 3l7.5 3v5.5c0 4.5-3.2 8.2-7.5 9.5-4.3-1.3-7.5-5-7.5-9.5V6z" />`,
  warning: svg`<path d="M12 3.5l9.5 16.5h-19z" /><path d="M12 10v4.5M12 17.5v.01" />`,
};

const icon = (name: keyof typeof ICONS): TemplateResult =>
  html`<svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"
    stroke-linejoin="round" aria-hidden="true" focusable="false">${ICONS[name]}</svg>`;

/** Inner `<mfa-enroll>` step changes are its own: the page hears this element's steps only. */
const stop = (event: Event) => event.stopPropagation();

/**
 * Lets a signed-in user see, add and remove their MFA methods: active ones apart from pending ones (associated but
 * never confirmed; they count toward the 51 authenticators a user may have), removal after a confirmation that names
 * the method (and warns before the last one), and "Add a method", which shows `<mfa-enroll>` with the same token.
 *
 * The token is an access token for `https://{domain}/mfa/` with `read:authenticators remove:authenticators enroll`:
 * Auth0 refuses an `mfa_token` for removal. It lives in memory only while the element is on the page.
 *
 * @tagname mfa-authenticators
 *
 * @fires mfa-authenticator-removed - An authenticator was removed: `{authenticator}`, as Auth0 listed it.
 * @fires mfa-enrolled - From the `<mfa-enroll>` shown by "Add a method", as it is; the list is read again.
 * @fires mfa-error - An error the user sees, this element's or its `<mfa-enroll>`'s: `{code, description, status,
 *   recoverable}`. `insufficient_scope` when the token lacks a scope the call needs.
 * @fires mfa-step-change - A new step is shown: `{step}`; steps are `loading`, `list`, `confirm`, `add`, `error`.
 *
 * @csspart base - The card around everything.
 * @csspart heading - Each step's heading.
 * @csspart description - Text under a heading.
 * @csspart authenticators - A list of methods (active, pending, or those a confirmation removes).
 * @csspart authenticator - One method in a list.
 * @csspart icon - A method's icon.
 * @csspart name - A method's kind: Authenticator app, Push notification, Email, …
 * @csspart detail - What Auth0 shows of it: the masked email or phone number, the push device's name.
 * @csspart remove-button - A method's Remove button, and Remove all for pending ones.
 * @csspart pending - The section of methods not finished setting up.
 * @csspart warning - The warning before removing the last active method.
 * @csspart button - The main button of a step: Add a method, Remove, Try again.
 * @csspart link - Secondary actions: Cancel, Back to your methods.
 * @csspart error - An error message.
 * @csspart status - The loading notice.
 * @csspart enroll - The `<mfa-enroll>` of "Add a method"; its parts are exported under their own names.
 *
 * @cssprop --mfa-authenticators-icon-size - The round icon beside each method (default 2.25rem).
 * @cssprop --mfa-color-primary - Buttons, links, focus rings, icons.
 * @cssprop --mfa-color-on-primary - Text on primary buttons.
 * @cssprop --mfa-color-text - Text.
 * @cssprop --mfa-color-muted - Secondary text, pending icons.
 * @cssprop --mfa-color-surface - The card's background.
 * @cssprop --mfa-color-subtle - Icon backgrounds, notices.
 * @cssprop --mfa-color-border - Borders.
 * @cssprop --mfa-color-danger - Errors, Remove, the last-method warning.
 * @cssprop --mfa-color-success - Success.
 * @cssprop --mfa-radius - Corner radius.
 * @cssprop --mfa-spacing - The base gap.
 * @cssprop --mfa-font-family - Font.
 * @cssprop --mfa-font-size - Base font size.
 */
export class MfaAuthenticators extends FlowElement<State, AuthenticatorsEvent> {
  static override styles = [...MfaElement.styles, authenticatorsStyles];

  /**
   * Registers `<mfa-enroll>`, set by the define entry: "Add a method" calls it. Without it (a page registering the
   * classes itself), the page registers `mfa-enroll` too.
   * @internal
   */
  static loadEnroll?: () => Promise<unknown>;

  /** Space-separated subset of `otp push email sms voice`: the methods "Add a method" may offer (default all). */
  @property() factors = '';

  protected readonly flow = new AuthenticatorsFlow({
    session: this.session,
    enrollReady: () => (this.constructor as typeof MfaAuthenticators).loadEnroll?.() ?? Promise.resolve(),
  });
  protected readonly fields = 'button.confirm-remove, button.add';
  protected readonly recoveryCodesAhead = [];
  /** The method whose Remove button gets focus back when its confirmation is cancelled. */
  #returnTo?: string;

  /** (Re)starts: lists the user's authenticators. */
  start(): void {
    this.flow.begin({ factors: parseEnrollFactors(this.factors) });
  }

  protected override stepFactor(): Factor | undefined {
    return undefined;
  }

  protected override onFlow(event: FlowEvent | AuthenticatorsEvent): void {
    if (event.type === 'removed') this.emit('mfa-authenticator-removed', { authenticator: event.authenticator });
    super.onFlow(event);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.flow.state.step === 'list') this.#returnTo = undefined;
  }

  #cancel(): void {
    const state = this.flow.state;
    if (state.step === 'confirm' && state.remove.length === 1) this.#returnTo = state.remove[0].authenticator.id;
    this.flow.cancel();
  }

  #name(method: Method): string {
    return this.say(nameOf(method));
  }

  #detail(method: Method): string {
    const { authenticator, factor } = method;
    if (factor === 'push') return authenticator.name || 'Auth0 Guardian';
    return authenticator.name ?? '';
  }

  // Rendering

  protected override renderStep(): TemplateResult {
    const state = this.flow.state;
    switch (state.step) {
      case 'loading':
        return html`<p class="status" part="status"><span class="spinner" aria-hidden="true"></span>${this.t('loading')}</p>`;
      case 'list':
        return this.#renderList();
      case 'confirm':
        return this.#renderConfirm(state);
      case 'add':
        return this.#renderAdd(state);
      case 'error':
        return this.#renderError(state);
    }
  }

  #renderMethod(method: Method, removable: boolean): TemplateResult {
    const name = this.#name(method);
    const detail = this.#detail(method);
    const { id, active } = method.authenticator;
    return html`<li part="authenticator" class="item ${active ? '' : 'item--pending'}">
      <span part="icon" class="item__icon">${icon(method.factor ?? 'other')}</span>
      <span class="item__text">
        <span part="name" class="item__name">${name}</span>
        ${detail ? html`<span part="detail" class="item__detail"><bdi>${detail}</bdi></span>` : nothing}
      </span>
      ${removable
        ? html`<button part="remove-button" class="button button--secondary button--danger button--small" type="button"
            aria-label=${this.t('authenticatorsRemoveLabel', { name: detail ? `${name} ${detail}` : name })}
            ?data-focus=${this.#returnTo === id} @click=${() => this.flow.askRemove(method)}>
            ${this.t('authenticatorsRemove')}
          </button>`
        : nothing}
    </li>`;
  }

  #renderList(): TemplateResult {
    const flow = this.flow;
    const { active, pending } = flow;
    const error = this.errorText();
    return html`${this.heading(this.t('authenticatorsHeading'), !this.#returnTo)}
      <p part="description" class="muted">${this.t('authenticatorsText')}</p>
      ${error ? html`<p part="error" class="error" role="alert">${error}</p>` : nothing}
      ${active.length
        ? html`<ul part="authenticators" class="list">${active.map((method) => this.#renderMethod(method, method.removable))}</ul>`
        : html`<p part="description">${this.t('authenticatorsNone')}</p>`}
      ${pending.length
        ? html`<section part="pending" class="section" aria-labelledby="pending-heading">
            <h3 id="pending-heading">${this.t('authenticatorsPendingHeading')}</h3>
            <p part="description" class="muted">${this.t('authenticatorsPendingText')}</p>
            <ul part="authenticators" class="list">${pending.map((method) => this.#renderMethod(method, true))}</ul>
            ${pending.length > 1
              ? html`<div class="actions">
                  <button part="remove-button" class="button button--secondary button--danger button--small" type="button"
                    @click=${() => flow.askRemovePending()}>
                    ${this.t('authenticatorsRemovePending', { count: pending.length })}
                  </button>
                </div>`
              : nothing}
          </section>`
        : nothing}
      ${flow.addable.length
        ? html`<div class="actions">
            <button part="button" class="button add" type="button" ?disabled=${flow.busy} @click=${() => flow.add()}>
              ${this.t('authenticatorsAdd')}
            </button>
          </div>`
        : nothing}`;
  }

  #renderConfirm(state: Extract<State, { step: 'confirm' }>): TemplateResult {
    const flow = this.flow;
    const [first] = state.remove;
    const several = state.remove.length > 1;
    const error = this.errorText();
    return html`${this.heading(
        several
          ? this.t('authenticatorsConfirmPendingHeading', { count: state.remove.length })
          : this.t('authenticatorsConfirmHeading', { name: this.#name(first) }),
      )}
      <ul part="authenticators" class="list">${state.remove.map((method) => this.#renderMethod(method, false))}</ul>
      <p part="description" class="muted">
        ${this.t(first.authenticator.active ? 'authenticatorsConfirmText' : 'authenticatorsConfirmPendingText')}
      </p>
      ${state.last
        ? html`<p part="warning" class="warning">${icon('warning')}<span>${this.t('authenticatorsLastWarning')}</span></p>`
        : nothing}
      ${error ? html`<p part="error" class="error" role="alert">${error}</p>` : nothing}
      <div class="actions">
        <button part="button" class="button button--danger confirm-remove" type="button" ?disabled=${flow.busy || flow.locked}
          @click=${() => flow.confirmRemove()}>
          ${flow.busy ? this.t('authenticatorsRemoving') : this.t('authenticatorsRemove')}
        </button>
        <button part="link" class="link" type="button" @click=${() => this.#cancel()}>${this.t('authenticatorsCancel')}</button>
      </div>`;
  }

  #renderAdd(state: Extract<State, { step: 'add' }>): TemplateResult {
    return html`<mfa-enroll
        part="enroll"
        exportparts=${enrollExportParts}
        api-base=${this.apiBase}
        client-id=${this.clientId}
        factors=${state.factors.join(' ')}
        lang=${this.locale.language}
        .tokenProvider=${this.tokenProvider}
        .strings=${this.strings}
        @mfa-enrolled=${() => this.flow.enrolled()}
        @mfa-step-change=${stop}
      ></mfa-enroll>
      <div class="actions">
        <button part="link" class="link" type="button" @click=${() => this.flow.cancel()}>${this.t('authenticatorsBack')}</button>
      </div>`;
  }

  #renderError({ error }: Extract<State, { step: 'error' }>): TemplateResult {
    return html`${this.heading(this.t('authenticatorsErrorHeading'))}
      <p part="error" class="error" role="alert">${errorMessage(error, (key, params) => this.t(key, params))}</p>
      <div class="actions">
        <button part="button" class="button" type="button" @click=${() => this.flow.retry()}>${this.t('retry')}</button>
      </div>`;
  }
}
