import { css } from 'lit';

export const challengeStyles = css`
  /* The nested <mfa-recovery-codes> sits in this card, not in a card of its own. */
  mfa-recovery-codes::part(base) {
    padding: 0;
    border: none;
    border-radius: 0;
    background: none;
  }
`;
