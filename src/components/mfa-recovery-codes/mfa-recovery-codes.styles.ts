import { css } from 'lit';

export const recoveryCodesStyles = css`
  /* Embedded in another element's card: no card of its own. */
  :host([embedded]) .base {
    padding: 0;
    border: none;
    border-radius: 0;
    background: none;
  }
  :host {
    --_code-font: var(--mfa-recovery-codes-font-family, ui-monospace, 'SF Mono', 'Cascadia Mono', Menlo, Consolas, monospace);
  }
  .codes {
    list-style: none;
    margin: 0;
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.7);
    background: var(--_subtle);
    container-type: inline-size;
  }
  .codes__item {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    align-items: center;
    gap: calc(var(--_gap) * 0.75);
    padding-block: 0.8em;
    padding-inline: 1em 0.8em;
  }
  .codes__item + .codes__item {
    border-top: 1px solid var(--_border);
  }
  .code {
    /* Groups wrap as wholes, three to a line; copying a selection gives the code without spaces. */
    display: flex;
    flex-wrap: wrap;
    gap: 0.15em 0.9ch;
    max-inline-size: 16ch;
    font-family: var(--_code-font);
    /* As large as three groups beside the copy button allow: 1em on a phone, 1.2em on a wider card. */
    font-size: var(--mfa-recovery-codes-font-size, clamp(1em, 5.2cqi, 1.2em));
    font-weight: 600;
    font-variant-numeric: slashed-zero;
    letter-spacing: 0.05em;
    line-height: 1.35;
    user-select: all;
    /* Codes read left to right in every language. */
    direction: ltr;
    unicode-bidi: isolate;
  }
  .code__group {
    white-space: nowrap;
  }
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.45em;
  }
  .button--small {
    font-size: 0.9em;
    padding: 0.45em 0.9em;
  }
  .button--secondary {
    background: var(--_surface);
  }
  .button--secondary:hover {
    background: color-mix(in srgb, var(--_primary) 8%, var(--_surface));
  }
  .icon {
    width: 1.15em;
    height: 1.15em;
    flex: none;
  }
  /* Both labels take the same room, so "Copy" turning into "Copied" moves nothing. */
  .swap {
    display: inline-grid;
    justify-items: center;
  }
  .swap > * {
    grid-area: 1 / 1;
  }
  .swap > [data-off] {
    visibility: hidden;
  }
  .copied {
    color: var(--_success);
    border-color: var(--_success);
  }
  .actions .button {
    flex: 1 1 0;
  }
  .check {
    border-top: 1px solid var(--_border);
    padding-top: var(--_gap);
    display: flex;
    gap: 0.6em;
    align-items: flex-start;
    font-weight: 500;
    cursor: pointer;
  }
  .check input {
    flex: none;
    width: 1.25em;
    height: 1.25em;
    margin: 0.125em 0 0;
    accent-color: var(--_primary);
    cursor: pointer;
  }
  .continue {
    width: 100%;
  }
  @media print {
    .base {
      border: none;
      padding: 0;
    }
    .codes__item {
      background: none;
    }
    button,
    .actions,
    .check,
    .error {
      display: none !important;
    }
  }
`;

/** The whole stylesheet of the print-only frame: a title and the codes, in black on white. */
export const printCss = `
  @page { margin: 2cm; }
  html { color: #000; background: #fff; font: 12pt/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
  body { margin: 0; }
  h1 { font-size: 16pt; line-height: 1.3; margin: 0 0 14pt; }
  ol { margin: 0; padding-inline-start: 1.5em; }
  ol.single { list-style: none; padding: 0; }
  li { margin: 0 0 10pt; break-inside: avoid; }
  code {
    display: inline-block;
    direction: ltr;
    unicode-bidi: isolate;
    font: 600 16pt/1.4 ui-monospace, 'SF Mono', Menlo, Consolas, monospace;
    font-variant-numeric: slashed-zero;
    letter-spacing: 0.08em;
    word-spacing: 0.3em;
    padding: 8pt 12pt;
    border: 1pt solid #000;
    border-radius: 4pt;
  }
`;
