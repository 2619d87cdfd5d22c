import { css } from 'lit';

export const enrollStyles = css`
  :host {
    --_qr-size: var(--mfa-enroll-qr-size, 15.5rem);
  }
  .qr {
    justify-self: center;
    width: min(var(--_qr-size), 100%);
  }
  /* Whole pixels per module: a QR code scaled by a fraction draws uneven modules. */
  @supports (width: round(down, 100px, 3px)) {
    .qr {
      width: round(down, min(var(--_qr-size), 100%), calc(var(--_modules, 1) * 1px));
    }
  }
  .qr-code {
    display: block;
    width: 100%;
    height: auto;
    aspect-ratio: 1;
    border-radius: calc(var(--_radius) * 0.7);
    /* Scanners want dark on light: the code keeps its white quiet zone in the dark scheme too. */
    background: #fff;
    box-shadow: 0 0 0 1px var(--_border);
  }
  .qr-expired {
    /* Where the QR code was, about as tall, so nothing jumps. */
    min-height: var(--_qr-size);
    display: grid;
    align-content: center;
    justify-items: center;
    gap: var(--_gap);
    padding: var(--_gap);
    text-align: center;
    border: 2px dashed var(--_border);
    border-radius: calc(var(--_radius) * 0.7);
  }
  .qr-expired .button {
    white-space: nowrap;
  }
  .countdown {
    text-align: center;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .manual summary {
    cursor: pointer;
    color: var(--_primary);
    text-decoration: underline;
    text-underline-offset: 0.2em;
    width: fit-content;
  }
  .manual summary:focus-visible {
    outline: 3px solid color-mix(in srgb, var(--_primary) 55%, transparent);
    outline-offset: 2px;
  }
  .manual .link {
    text-align: start;
  }
  .manual__body {
    display: grid;
    gap: calc(var(--_gap) / 2);
    margin-top: calc(var(--_gap) / 2);
    padding: var(--_gap);
    border-radius: calc(var(--_radius) * 0.7);
    background: var(--_subtle);
  }
  .key {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_gap) / 2);
  }
  .key__value {
    flex: 1 1 auto;
    font-family: ui-monospace, 'SF Mono', Menlo, Consolas, monospace;
    font-size: 1.05em;
    letter-spacing: 0.05em;
    word-spacing: 0.2em;
    padding: 0.5em 0.75em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.5);
    background: var(--_surface);
    user-select: all;
  }
  .key__line {
    display: inline-block;
    white-space: nowrap;
  }
  .hint {
    font-size: 0.9em;
    margin-top: -0.25em;
  }
  .done {
    display: flex;
    align-items: center;
    gap: 0.5em;
  }
  .done__icon {
    flex: none;
    width: 1.3em;
    height: 1.3em;
  }
`;
