// <mfa-authenticators> from its own entry, type-checked: the tag, its properties, its event, its React wrapper's props.
import 'mfa-elements/define/mfa-authenticators';
import type { MfaAuthenticatorRemovedDetail } from 'mfa-elements';
import { MfaAuthenticators } from 'mfa-elements/react';
import type { ComponentProps } from 'react';

const methods = document.querySelector('mfa-authenticators')!;
methods.factors = 'otp push';
methods.tokenProvider = async () => (await fetch('/account/mfa-access-token')).text();
methods.addEventListener('mfa-authenticator-removed', (event) => {
  const detail: MfaAuthenticatorRemovedDetail = event.detail;
  console.log(detail.authenticator.id, detail.authenticator.active);
});
const props: ComponentProps<typeof MfaAuthenticators> = {
  factors: 'sms',
  onMfaAuthenticatorRemoved: (event) => console.log(event.detail.authenticator.authenticator_type),
  onMfaEnrolled: (event) => console.log(event.detail.factor),
};
console.log(props);

// Proof that the types are real, not `any`: each line below must be an error.
// @ts-expect-error the detail of mfa-authenticator-removed has no tokens
methods.addEventListener('mfa-authenticator-removed', (event) => event.detail.tokens);
// @ts-expect-error factors is a string of names
methods.factors = ['otp'];
// @ts-expect-error the removed authenticator has no `secret`
export const wrong: ComponentProps<typeof MfaAuthenticators> = { onMfaAuthenticatorRemoved: (event) => event.detail.authenticator.secret };
