import { css } from 'lit';

export const challengeStyles = css`
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
  .recovery-code {
    font-family: ui-monospace, 'SF Mono', Menlo, Consolas, monospace;
    font-size: 1.2em;
    letter-spacing: 0.05em;
    padding: 0.75em 1em;
    border-radius: calc(var(--_radius) * 0.7);
    background: var(--_subtle);
    user-select: all;
  }
  .check {
    display: flex;
    gap: 0.5em;
    align-items: center;
    font-weight: 500;
  }
  .check input {
    width: 1.2em;
    height: 1.2em;
    accent-color: var(--_primary);
  }
`;
