/**
 * The strict-CSP page's one script (no inline script or style anywhere): the elements, and a login against the
 * development backend of mfa-elements/vite. `?element=enroll|challenge&factor=…&email=…&password=…` says what to show.
 */
import '../../../src/define/index.ts';

const params = new URLSearchParams(location.search);
const kind = params.get('element') === 'challenge' ? 'challenge' : 'enroll';
const factor = params.get('factor') ?? '';

async function mfaToken(): Promise<string> {
  const response = await fetch('/mfa-dev/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: params.get('email'), password: params.get('password') }),
  });
  return (await response.json()).mfa_token;
}

const status = document.getElementById('status')!;
const element = document.createElement(kind === 'enroll' ? 'mfa-enroll' : 'mfa-challenge');
element.setAttribute('api-base', '/mfa-api');
if (factor) element.setAttribute(kind === 'enroll' ? 'factor' : 'preferred', factor);
element.tokenProvider = mfaToken;
for (const name of ['mfa-enrolled', 'mfa-verified'] as const) {
  element.addEventListener(name, () => (status.textContent = `Done: ${name}`));
}
document.querySelector('main')!.append(element);
