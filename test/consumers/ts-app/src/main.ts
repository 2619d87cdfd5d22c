// Type-checked with the tsconfig of Vite's vanilla-ts template, as is: tags, properties, events and public types.
import 'mfa-elements/define';
import type { MfaEnrolledDetail, MfaErrorCode, TokenProvider, TokenResponse } from 'mfa-elements';

const challenge = document.querySelector('mfa-challenge')!;
const tokenProvider: TokenProvider = async () => (await fetch('/login/mfa-token')).text();
challenge.tokenProvider = tokenProvider;
challenge.apiBase = '/mfa-api';
challenge.addEventListener('mfa-verified', (event) => {
  const tokens: TokenResponse = event.detail.tokens;
  console.log(tokens.access_token.length, event.detail.authenticator.id);
});

const enroll = document.createElement('mfa-enroll');
enroll.factors = 'otp push';
enroll.addEventListener('mfa-enrolled', (event) => {
  const detail: MfaEnrolledDetail = event.detail;
  console.log(detail.factor);
});
document.addEventListener('mfa-error', (event) => {
  const code: MfaErrorCode = event.detail.code;
  console.log(code, event.detail.recoverable);
});
document.querySelector('mfa-recovery-codes')!.codes = ['ABCD EFGH'];

// Proof that the types are real, not `any`: each line below must be an error.
// @ts-expect-error a property no element has
challenge.tokenProvide = tokenProvider;
// @ts-expect-error the detail of mfa-verified has no `code`
document.addEventListener('mfa-verified', (event) => event.detail.code);
