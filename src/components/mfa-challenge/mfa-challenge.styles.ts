import { css } from 'lit';

/** <mfa-challenge> needs nothing beyond the shared styles (src/internal/styles.ts); its own go here. */
export const challengeStyles = css``;
