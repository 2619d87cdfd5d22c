import { MfaChallenge } from '../components/mfa-challenge/mfa-challenge.component.ts';
import { define } from './define.ts';
// The challenge shows a new recovery code with <mfa-recovery-codes>: defining one defines both.
import './mfa-recovery-codes.ts';

define('mfa-challenge', MfaChallenge);

declare global {
  interface HTMLElementTagNameMap {
    'mfa-challenge': MfaChallenge;
  }
}

export { MfaChallenge };
