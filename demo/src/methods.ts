/**
 * The "Your methods" tab: `<mfa-authenticators>` with the access token the sign-in returned. The dev login asks the
 * MFA API's audience with `enroll read:authenticators remove:authenticators`, so the token that passing the second
 * factor gives is the one that lists, adds and removes (Auth0's "Manage Authenticator Factors using the MFA API").
 */
import { html } from 'lit';
import { keyed } from 'lit/directives/keyed.js';

export interface MethodsTab {
  /** The MFA-API access token of a signed-in user; undefined before the second factor. */
  accessToken: string | undefined;
  language: string;
  /** Changes when the element must start over (a new user, a new sign-in). */
  key: string;
}

export function renderMethods({ accessToken, language, key }: MethodsTab) {
  if (!accessToken) {
    return html`<p class="muted">
      Pass the second factor first (<strong>Enroll</strong> or <strong>Challenge</strong>): the access token that
      signing in returns is what lists, adds and removes your methods.
    </p>`;
  }
  return keyed(
    key,
    html`<mfa-authenticators api-base="/mfa-api" lang=${language} .tokenProvider=${async () => accessToken}></mfa-authenticators>`,
  );
}
