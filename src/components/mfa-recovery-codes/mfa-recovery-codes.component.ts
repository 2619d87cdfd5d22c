import { html, nothing, svg, type PropertyValues, type SVGTemplateResult, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import '../../events/mfa-recovery-codes-saved.ts';
import { groupsOfFour } from '../../internal/codes.ts';
import { copyValue, selectShown } from '../../internal/copy.ts';
import { MfaElement } from '../../internal/mfa-element.ts';
import { printCss, recoveryCodesStyles } from './mfa-recovery-codes.styles.ts';

/** How long a copy button says "Copied". */
const COPIED_MS = 2000;

/** The name of the downloaded file. */
export const RECOVERY_CODES_FILE = 'recovery-codes.txt';

type Target = number | 'all';

const ICONS = {
  copy: svg`<rect x="9" y="9" width="11" height="11" rx="2" /><path d="M5 15H4.5A1.5 1.5 0 0 1 3 13.5v-9A1.5 1.5 0 0 1 4.5 3h9A1.5 1.5 0 0 1 15 4.5V5" />`,
  check: svg`<path d="M4.5 12.5l5 5 10-11" />`,
  download: svg`<path d="M12 3.5v11M7 10l5 5 5-5M4.5 20h15" />`,
  print: svg`<path d="M7 9V3.5h10V9M7 17.5H5A1.5 1.5 0 0 1 3.5 16v-5.5A1.5 1.5 0 0 1 5 9h14a1.5 1.5 0 0 1 1.5 1.5V16a1.5 1.5 0 0 1-1.5 1.5h-2" /><rect x="7" y="14" width="10" height="6.5" rx="1" />`,
};

const icon = (name: keyof typeof ICONS): TemplateResult =>
  html`<svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"
    stroke-linejoin="round" aria-hidden="true" focusable="false">${ICONS[name] as SVGTemplateResult}</svg>`;

/** Recovery codes are shown in groups of four but copied, downloaded and compared without spaces. */
const plain = (code: string): string => code.replace(/\s/g, '');

/**
 * Shows new recovery codes, helps the user keep them (copy, download, print), and asks them to confirm they did.
 *
 * The codes are a property only, never an attribute; they are never logged or stored, and they are dropped from
 * memory and the page when the element leaves the page (moving it elsewhere drops them too).
 *
 * Printing opens nothing on screen: the title and the codes go into a hidden frame of their own, which is printed
 * and removed, so the page around the element is not printed.
 *
 * @tagname mfa-recovery-codes
 *
 * @fires mfa-recovery-codes-saved - The user confirmed the codes are saved and pressed Continue. `detail` is `{}`.
 *
 * @csspart base - The card around everything.
 * @csspart heading - The heading.
 * @csspart description - The text under the heading.
 * @csspart codes - The list of codes.
 * @csspart code - One code.
 * @csspart copy-button - A code's copy button.
 * @csspart actions - The row of Copy all, Download and Print.
 * @csspart action - Copy all, Download and Print.
 * @csspart error - Says the clipboard could not be written.
 * @csspart confirm - The "I have saved my recovery code" checkbox and its label.
 * @csspart checkbox - That checkbox.
 * @csspart button - Continue.
 *
 * @cssprop --mfa-recovery-codes-font-family - The codes' monospace font.
 * @cssprop --mfa-recovery-codes-font-size - The codes' size (default: 1em on a phone up to 1.2em).
 * @cssprop --mfa-color-primary - Buttons, focus rings, the checkbox.
 * @cssprop --mfa-color-on-primary - Text on the Continue button.
 * @cssprop --mfa-color-text - Text.
 * @cssprop --mfa-color-muted - Secondary text.
 * @cssprop --mfa-color-surface - The card's background.
 * @cssprop --mfa-color-subtle - The codes' background.
 * @cssprop --mfa-color-border - Borders.
 * @cssprop --mfa-color-danger - The copy error.
 * @cssprop --mfa-color-success - A copy button that copied.
 * @cssprop --mfa-radius - Corner radius.
 * @cssprop --mfa-spacing - The base gap.
 * @cssprop --mfa-font-family - Font.
 * @cssprop --mfa-font-size - Base font size.
 */
export class MfaRecoveryCodes extends MfaElement {
  static override styles = [...MfaElement.styles, recoveryCodesStyles];
  /** It shows codes it is given and calls no API. */
  protected static override readonly usesToken = false;

  /** The codes to show, as Auth0 returned them (`recovery_code`, or `recovery_codes` from associate). Never an attribute. */
  @property({ attribute: false }) codes: string[] = [];

  /**
   * Leaves out the heading and the text, for a host that shows its own above the codes
   * (as `<mfa-challenge>` does after a recovery-code login).
   */
  @property({ type: Boolean, reflect: true, attribute: 'headless' }) headless = false;

  /** Sits in another element's card (as in `<mfa-enroll>` and `<mfa-challenge>`): no card of its own. */
  @property({ type: Boolean, reflect: true, attribute: 'embedded' }) embedded = false;

  @state() private saved = false;
  @state() private copied?: Target;
  @state() private copyFailed?: Target;

  #copiedTimer?: ReturnType<typeof setTimeout>;
  #printFrame?: HTMLIFrameElement;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Secrets do not outlive the element's time on the page.
    this.codes = [];
    this.saved = false;
    this.copied = undefined;
    this.copyFailed = undefined;
    clearTimeout(this.#copiedTimer);
    this.#removePrintFrame();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // New codes need a new confirmation; the same codes in a new array (a host re-rendering) do not.
    const previous = changed.get('codes') as string[] | undefined;
    if (previous && previous.join('\n') !== this.codes.join('\n')) {
      this.saved = false;
      this.copied = undefined;
      this.copyFailed = undefined;
    }
  }

  #title(): string {
    return this.t('recoveryFileTitle', { site: location.hostname || document.title });
  }

  #copyLabel(index: number): string {
    return this.codes.length > 1 ? this.t('copyCodeN', { n: index + 1 }) : this.t('copyCode');
  }

  async #copy(target: Target): Promise<void> {
    const text = target === 'all' ? this.codes.map(plain).join('\n') : plain(this.codes[target] ?? '');
    this.copyFailed = undefined;
    try {
      await copyValue(text);
    } catch {
      if (!this.isConnected) return;
      this.copied = undefined;
      this.copyFailed = target;
      return selectShown(this, target === 'all' ? '.codes' : `#code-${target}`);
    }
    if (!this.isConnected) return;
    this.copied = target;
    this.announce(this.t('copied'));
    clearTimeout(this.#copiedTimer);
    this.#copiedTimer = setTimeout(() => (this.copied = undefined), COPIED_MS);
  }

  #download(): void {
    const text = `${this.#title()}\n\n${this.codes.map(plain).join('\n')}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = RECOVERY_CODES_FILE;
    link.hidden = true;
    this.renderRoot.append(link);
    try {
      link.click();
    } finally {
      link.remove();
      // Revoked once the download has started (on the next task: Safari needs the URL until then).
      setTimeout(() => URL.revokeObjectURL(url), 0);
    }
  }

  #print(): void {
    this.#removePrintFrame();
    const title = this.#title();
    const frame = document.createElement('iframe');
    frame.title = title;
    frame.tabIndex = -1;
    frame.setAttribute('aria-hidden', 'true');
    frame.style.cssText = 'position:fixed;top:0;left:0;width:0;height:0;border:0;visibility:hidden';
    (document.body ?? document.documentElement).append(frame);
    this.#printFrame = frame;

    // Built with the DOM and a constructed stylesheet, not markup: no inline style or script for a page's CSP to refuse.
    // The frame's own CSSStyleSheet: a document adopts only sheets made by its own window.
    const view = frame.contentWindow! as Window & typeof globalThis;
    const doc = frame.contentDocument!;
    doc.documentElement.lang = this.locale.language;
    doc.documentElement.dir = this.locale.dir;
    doc.title = title;
    const sheet = new view.CSSStyleSheet();
    sheet.replaceSync(printCss);
    doc.adoptedStyleSheets = [sheet];
    const heading = doc.createElement('h1');
    heading.textContent = title;
    const list = doc.createElement('ol');
    if (this.codes.length === 1) list.className = 'single';
    for (const code of this.codes) {
      const item = doc.createElement('li');
      const text = doc.createElement('code');
      text.textContent = groupsOfFour(plain(code));
      item.append(text);
      list.append(item);
    }
    doc.body.append(heading, list);
    view.addEventListener('afterprint', () => this.#printFrame === frame && this.#removePrintFrame(), { once: true });
    this.printFrame(frame);
  }

  #removePrintFrame(): void {
    this.#printFrame?.remove();
    this.#printFrame = undefined;
  }

  #onSavedChange(event: Event): void {
    this.saved = (event.target as HTMLInputElement).checked;
  }

  #continue(): void {
    if (!this.saved) return;
    this.emit('mfa-recovery-codes-saved', {});
  }

  /**
   * Prints the frame holding the title and the codes (the browser's print dialog). The frame is removed after
   * printing, when the next print starts, or when the element leaves the page. Tests override this.
   */
  protected printFrame(frame: HTMLIFrameElement): void {
    frame.contentWindow!.print();
  }

  /** Focuses the heading; without one, the first copy button. */
  override focus(options?: FocusOptions): void {
    const target = () =>
      this.renderRoot.querySelector<HTMLElement>('[data-focus]') ?? this.renderRoot.querySelector<HTMLElement>('button');
    if (this.hasUpdated) target()?.focus(options);
    else void this.updateComplete.then(() => target()?.focus(options));
  }

  // Rendering

  protected override renderStep(): TemplateResult {
    return html`${this.headless
        ? nothing
        : html`<h2 part="heading" tabindex="-1" data-focus>${this.t('recoveryCodesHeading')}</h2>
            <p part="description" class="muted">${this.t('recoveryCodesText')}</p>`}
      <ol part="codes" class="codes">
        ${this.codes.map((code, index) => this.#renderCode(code, index))}
      </ol>
      ${this.copyFailed !== undefined ? html`<p part="error" class="error" role="alert">${this.t('copyFailed')}</p>` : nothing}
      <div part="actions" class="actions">
        ${this.codes.length > 1
          ? html`<button part="action" class="button button--secondary button--small ${this.copied === 'all' ? 'copied' : ''}"
              type="button" @click=${() => this.#copy('all')}>
              ${this.#renderCopyLabel(this.copied === 'all', this.t('copyAll'))}
            </button>`
          : nothing}
        <button part="action" class="button button--secondary button--small" type="button" @click=${this.#download}>
          ${icon('download')}${this.t('download')}
        </button>
        <button part="action" class="button button--secondary button--small" type="button" @click=${this.#print}>
          ${icon('print')}${this.t('print')}
        </button>
      </div>
      <label part="confirm" class="check">
        <input part="checkbox" type="checkbox" required .checked=${this.saved} @change=${this.#onSavedChange} />
        <span>${this.t('savedConfirm')}</span>
      </label>
      <button part="button" class="button continue" type="button" ?disabled=${!this.saved} @click=${this.#continue}>
        ${this.t('continue')}
      </button>`;
  }

  #renderCode(code: string, index: number): TemplateResult {
    const copied = this.copied === index;
    const groups = groupsOfFour(plain(code)).split(' ');
    return html`<li class="codes__item">
      <code part="code" class="code" id="code-${index}">${groups.map((group) => html`<span class="code__group">${group}</span>`)}</code>
      <button
        part="copy-button"
        class="button button--secondary button--small ${copied ? 'copied' : ''}"
        type="button"
        aria-label=${this.#copyLabel(index)}
        @click=${() => this.#copy(index)}
      >
        ${this.#renderCopyLabel(copied, this.t('copy'))}
      </button>
    </li>`;
  }

  /** The icon and label of a copy button; "Copied" and a check mark for a while after it copied. */
  #renderCopyLabel(copied: boolean, label: string): TemplateResult {
    return html`${icon(copied ? 'check' : 'copy')}<span class="swap"
        ><span ?data-off=${copied}>${label}</span><span ?data-off=${!copied}>${this.t('copied')}</span></span
      >`;
  }
}
