import { MfaEnroll } from '../components/mfa-enroll/mfa-enroll.component.ts';
import { define } from './define.ts';

// <mfa-enroll> shows <mfa-recovery-codes> after a first enrollment; registered (a chunk of its own) once a factor
// is chosen, while the user sets it up.
MfaEnroll.loadRecoveryCodes ??= () => import('./mfa-recovery-codes.ts');
define('mfa-enroll', MfaEnroll);

declare global {
  interface HTMLElementTagNameMap {
    'mfa-enroll': MfaEnroll;
  }
}

export { MfaEnroll };
