import { MfaChallenge } from '../components/mfa-challenge/mfa-challenge.component.ts';
import { define } from './define.ts';

define('mfa-challenge', MfaChallenge);

declare global {
  interface HTMLElementTagNameMap {
    'mfa-challenge': MfaChallenge;
  }
}

export { MfaChallenge };
