/** The look every element shares: design tokens with fallbacks, a dark scheme, fields, buttons. */
import { css } from 'lit';

export const baseStyles = css`
  :host {
    display: block;
    --_primary: var(--mfa-color-primary, #4338ca);
    --_on-primary: var(--mfa-color-on-primary, #ffffff);
    --_text: var(--mfa-color-text, #111827);
    --_muted: var(--mfa-color-muted, #4b5563);
    --_surface: var(--mfa-color-surface, #ffffff);
    --_subtle: var(--mfa-color-subtle, #f3f4f6);
    --_border: var(--mfa-color-border, #d1d5db);
    --_danger: var(--mfa-color-danger, #b91c1c);
    --_success: var(--mfa-color-success, #047857);
    --_radius: var(--mfa-radius, 10px);
    --_gap: var(--mfa-spacing, 1rem);
    color: var(--_text);
    font-family: var(--mfa-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--mfa-font-size, 1rem);
    line-height: 1.5;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_primary: var(--mfa-color-primary, #a5b4fc);
      --_on-primary: var(--mfa-color-on-primary, #111827);
      --_text: var(--mfa-color-text, #f3f4f6);
      --_muted: var(--mfa-color-muted, #c4c9d4);
      --_surface: var(--mfa-color-surface, #1f2430);
      --_subtle: var(--mfa-color-subtle, #2a3040);
      --_border: var(--mfa-color-border, #4b5263);
      --_danger: var(--mfa-color-danger, #fca5a5);
      --_success: var(--mfa-color-success, #6ee7b7);
    }
  }
  [hidden] {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .base {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_gap) * 1.5);
    display: grid;
    gap: var(--_gap);
  }
  h2 {
    font-size: 1.25em;
    line-height: 1.3;
    margin: 0;
  }
  h2:focus {
    outline: none;
  }
  p {
    margin: 0;
  }
  .muted {
    color: var(--_muted);
  }
  form {
    display: grid;
    gap: calc(var(--_gap) / 2);
  }
  label {
    font-weight: 600;
  }
  input[type='text'],
  input[type='email'],
  input[type='tel'] {
    font: inherit;
    width: 100%;
    padding: 0.65em 0.8em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.7);
    background: var(--_surface);
    color: var(--_text);
  }
  input.code {
    font-size: 1.5em;
    letter-spacing: 0.3em;
    font-variant-numeric: tabular-nums;
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  :is(input, button, a):focus-visible {
    outline: 3px solid color-mix(in srgb, var(--_primary) 55%, transparent);
    outline-offset: 2px;
  }
  .error {
    color: var(--_danger);
    font-weight: 500;
  }
  .button {
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    border: 1px solid var(--_primary);
    border-radius: calc(var(--_radius) * 0.7);
    padding: 0.65em 1.2em;
    background: var(--_primary);
    color: var(--_on-primary);
  }
  .button--secondary {
    background: transparent;
    color: var(--_primary);
  }
  .button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .link {
    font: inherit;
    cursor: pointer;
    background: none;
    border: none;
    padding: 0.25em 0;
    color: var(--_primary);
    text-decoration: underline;
    text-underline-offset: 0.2em;
    justify-self: start;
  }
  .link:disabled {
    color: var(--_muted);
    cursor: default;
    text-decoration: none;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_gap) / 2) var(--_gap);
    align-items: center;
  }
  /* Lists of methods to choose from, waiting notices, success: every element has them. */
  .methods {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_gap) / 2);
  }
  .method {
    font: inherit;
    color: inherit;
    width: 100%;
    text-align: start;
    cursor: pointer;
    display: grid;
    gap: 0.1em;
    padding: 0.75em 1em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.7);
    background: var(--_surface);
  }
  .method:hover {
    border-color: var(--_primary);
    background: var(--_subtle);
  }
  .method__name {
    font-weight: 600;
  }
  .method__hint {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .status {
    display: flex;
    gap: 0.6em;
    align-items: center;
    padding: 0.75em 1em;
    border-radius: calc(var(--_radius) * 0.7);
    background: var(--_subtle);
  }
  .done {
    color: var(--_success);
    font-weight: 600;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .spinner {
    display: inline-block;
    width: 1em;
    height: 1em;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    vertical-align: -0.15em;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 3s;
    }
  }
`;
