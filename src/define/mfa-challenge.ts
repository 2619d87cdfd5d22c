import { MfaChallenge } from '../components/mfa-challenge/mfa-challenge.component.ts';
import { define } from './define.ts';

// The challenge shows a new recovery code with <mfa-recovery-codes>, registered (a chunk of its own) when a
// recovery-code login begins: a page that never shows one never loads it.
MfaChallenge.loadRecoveryCodes ??= () => import('./mfa-recovery-codes.ts');
define('mfa-challenge', MfaChallenge);

declare global {
  interface HTMLElementTagNameMap {
    'mfa-challenge': MfaChallenge;
  }
}

export { MfaChallenge };
