// The MFA step: the element asks this app's backend for the mfa_token, and the backend's proxy
// starts the session when the grant succeeds (server.mjs, onTokens). The page only moves on.
import '/mfa-elements/define.js';

async function mfaToken() {
  const response = await fetch('/login/mfa-token');
  if (!response.ok) throw new Error('No sign-in in progress'); // the element reports no_token
  return response.text();
}

function use(element) {
  element.tokenProvider = mfaToken;
  // A challenge passed, or a first factor enrolled (after the user saved the recovery code): the session exists.
  element.addEventListener('mfa-verified', () => location.assign('/'));
  element.addEventListener('mfa-enrolled', () => location.assign('/'));
  element.addEventListener('mfa-error', ({ detail }) => {
    // mfa_required may come without mfa_requirements: a user with nothing to challenge enrolls instead.
    if (detail.code === 'no_authenticators') {
      const enroll = document.createElement('mfa-enroll');
      enroll.setAttribute('api-base', '/mfa-api');
      element.replaceWith(enroll);
      use(enroll);
    }
    // The sign-in was lost (expired mfa_token, server restarted): back to the login form.
    if (detail.code === 'no_token' || detail.code === 'mfa_token_expired') location.assign('/');
  });
}

use(document.querySelector('mfa-challenge, mfa-enroll'));
