import { MfaRecoveryCodes } from '../components/mfa-recovery-codes/mfa-recovery-codes.component.ts';
import { define } from './define.ts';

define('mfa-recovery-codes', MfaRecoveryCodes);

declare global {
  interface HTMLElementTagNameMap {
    'mfa-recovery-codes': MfaRecoveryCodes;
  }
}

export { MfaRecoveryCodes };
