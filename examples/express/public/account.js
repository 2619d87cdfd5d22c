// A signed-in user adds a factor: the element needs an access token for the MFA API audience with the
// enroll scope (requested at login), not an mfa_token.
import '/mfa-elements/define.js';

const enroll = document.querySelector('#add-factor');
enroll.tokenProvider = async () => {
  const response = await fetch('/account/mfa-access-token');
  if (!response.ok) throw new Error('Not signed in');
  return response.text();
};
enroll.addEventListener('mfa-enrolled', ({ detail }) => {
  const done = document.createElement('p');
  done.setAttribute('role', 'status');
  done.textContent = `Added: ${detail.factor}.`;
  enroll.after(done);
});
