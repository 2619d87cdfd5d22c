// A new user's first page: the package from npm, its proxy's URL in `?api=`, the mfa_token from "the backend"
// (the test stands in for it with window.fetchMfaToken).
import 'mfa-elements/define';
import 'mfa-elements/define/mfa-authenticators';

const enroll = document.querySelector('mfa-enroll');
enroll.apiBase = new URLSearchParams(location.search).get('api');
enroll.tokenProvider = () => window.fetchMfaToken();
enroll.addEventListener('mfa-enrolled', (event) => {
  document.querySelector('#result').textContent = `Enrolled ${event.detail.factor}, token type ${event.detail.tokens.token_type}`;
});

// One element's own entry resolves and builds too; an mfa_token may list the user's methods.
const methods = document.querySelector('mfa-authenticators');
methods.apiBase = enroll.apiBase;
methods.tokenProvider = () => window.fetchMfaToken();
