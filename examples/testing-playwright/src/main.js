// The sign-in page: email and password, then the second factor. A user with a factor is challenged; a user with
// none enrolls one. In development mfa-elements/vite runs the password grant on the server (/mfa-dev/login); in
// production your backend does, and keeps the mfa_token from Auth0's `403 mfa_required` answer.
import 'mfa-elements/define';

const form = document.querySelector('#sign-in');
const alert = form.querySelector('[role="alert"]');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const { email, password } = Object.fromEntries(new FormData(form));
  const response = await fetch('/mfa-dev/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) {
    alert.textContent = 'Wrong email or password.';
    alert.hidden = false;
    return;
  }
  const { mfa_token } = await response.json();
  form.replaceWith(secondFactor('mfa-challenge', mfa_token, email));
});

/** `<mfa-challenge>` or `<mfa-enroll>` for this sign-in; either one ends it signed in. */
function secondFactor(tag, mfaToken, email) {
  const element = document.createElement(tag);
  element.setAttribute('api-base', '/mfa-api');
  element.tokenProvider = async () => mfaToken; // a property: a token is never an attribute
  element.addEventListener('mfa-error', ({ detail }) => {
    // Nothing to challenge yet: the user sets up a first factor instead.
    if (detail.code === 'no_authenticators') element.replaceWith(secondFactor('mfa-enroll', mfaToken, email));
  });
  // A challenge passed, or a first factor set up (once the user saved the recovery code): signed in.
  const signedIn = () => {
    const status = document.createElement('p');
    status.setAttribute('role', 'status');
    status.textContent = `Signed in as ${email}.`;
    element.replaceWith(status);
  };
  element.addEventListener('mfa-verified', signedIn);
  element.addEventListener('mfa-enrolled', signedIn);
  return element;
}
