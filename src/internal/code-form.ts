/**
 * The 6-digit code form every element shows: one real input (`one-time-code`, numeric), its error
 * tied to it, and a pasted, typed or autofilled code submitted by itself, once.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { normalizeOtp } from './codes.ts';
import type { Translate } from './messages.ts';

export const CODE_LENGTH = 6;

export interface CodeFormOptions {
  t: Translate;
  /** The field's label; `6-digit code` when not given. */
  label?: string;
  /** The message under the field, '' when there is none. */
  error: string;
  busy: boolean;
  /** A lockout is counting down: the button waits. */
  locked: boolean;
  /** The code last submitted: the same code typed again does not submit itself again. */
  submitted: string;
  /** A normalised code to submit; shorter than 6 digits when the user pressed the button early. */
  onCode(code: string): void;
  /** The user is editing after an error. */
  onEdit(): void;
}

export function renderCodeForm(options: CodeFormOptions): TemplateResult {
  const { t, error, busy, locked } = options;
  const onInput = (event: InputEvent) => {
    const input = event.target as HTMLInputElement;
    const code = normalizeOtp(input.value).slice(0, CODE_LENGTH);
    if (code !== input.value) input.value = code;
    if (options.error && code.length < CODE_LENGTH) options.onEdit();
    if (code.length === CODE_LENGTH && code !== options.submitted && !options.busy) options.onCode(code);
  };
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('code') as HTMLInputElement;
    options.onCode(normalizeOtp(input.value));
  };
  return html`<form part="form" @submit=${onSubmit} novalidate>
    <label part="label" for="code">${options.label ?? t('codeLabel')}</label>
    <input
      part="input"
      class="code"
      id="code"
      name="code"
      type="text"
      inputmode="numeric"
      autocomplete="one-time-code"
      pattern="[0-9]*"
      spellcheck="false"
      data-focus
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${error ? 'code-error' : nothing}
      ?readonly=${busy}
      @input=${onInput}
    />
    ${renderFieldError('code-error', error)}
    <button part="button" class="button" type="submit" ?disabled=${busy || locked}>
      ${busy ? t('verifying') : t('verify')}
    </button>
  </form>`;
}

/** An error under a field: `role="alert"`, with the id the field's `aria-describedby` names. */
export function renderFieldError(id: string, error: string): TemplateResult | typeof nothing {
  return error ? html`<p id=${id} class="error" part="error" role="alert">${error}</p>` : nothing;
}

/** Moves focus to a step's field (a code field by default) and selects what it holds. */
export async function focusField(
  host: { updateComplete: Promise<unknown>; renderRoot: ParentNode },
  selector = 'input.code',
): Promise<void> {
  await host.updateComplete;
  const input = host.renderRoot.querySelector<HTMLElement>(selector);
  input?.focus();
  if (input instanceof HTMLInputElement) input.select();
}
