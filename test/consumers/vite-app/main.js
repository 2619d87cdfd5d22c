// A new user's first page: the package from npm, its proxy's URL in `?api=`, the mfa_token from "the backend"
// (the test stands in for it with window.fetchMfaToken).
import 'mfa-elements/define';

const enroll = document.querySelector('mfa-enroll');
enroll.apiBase = new URLSearchParams(location.search).get('api');
enroll.tokenProvider = () => window.fetchMfaToken();
enroll.addEventListener('mfa-enrolled', (event) => {
  document.querySelector('#result').textContent = `Enrolled ${event.detail.factor}, token type ${event.detail.tokens.token_type}`;
});
