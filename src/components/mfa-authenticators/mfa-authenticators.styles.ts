import { css } from 'lit';

export const authenticatorsStyles = css`
  :host {
    --_icon-size: var(--mfa-authenticators-icon-size, 2.25rem);
  }
  h3 {
    font-size: 1em;
    margin: 0;
  }
  .section {
    display: grid;
    gap: calc(var(--_gap) / 2);
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_gap) / 2);
  }
  /* The Remove button goes under the text when the card is too narrow for both on one line. */
  .item {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 0.75em;
    padding: 0.65em 0.8em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.7);
  }
  .item--pending {
    border-style: dashed;
  }
  .item__icon {
    flex: none;
    display: grid;
    place-items: center;
    width: var(--_icon-size);
    height: var(--_icon-size);
    border-radius: 50%;
    background: var(--_subtle);
    color: var(--_primary);
  }
  .item--pending .item__icon {
    color: var(--_muted);
  }
  .icon {
    width: 60%;
    height: 60%;
  }
  .item__text {
    flex: 1 1 10rem;
    display: grid;
    min-width: 0;
  }
  .item [part='remove-button'] {
    margin-inline-start: auto;
  }
  .item__name {
    font-weight: 600;
  }
  .item__detail {
    color: var(--_muted);
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
  .button--small {
    padding: 0.35em 0.8em;
    font-size: 0.9em;
  }
  .button--danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_surface);
  }
  .button--danger.button--secondary {
    background: transparent;
    color: var(--_danger);
  }
  .warning {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.6em;
    align-items: start;
    padding: 0.75em 1em;
    border: 1px solid var(--_danger);
    border-radius: calc(var(--_radius) * 0.7);
    background: color-mix(in srgb, var(--_danger) 8%, var(--_surface));
  }
  .warning .icon {
    width: 1.25em;
    height: 1.25em;
    color: var(--_danger);
    margin-top: 0.1em;
  }
  /* <mfa-enroll> sits in this card: no card of its own. */
  mfa-enroll::part(base) {
    border: none;
    padding: 0;
    background: none;
  }
`;
