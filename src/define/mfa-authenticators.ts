import { MfaAuthenticators } from '../components/mfa-authenticators/mfa-authenticators.component.ts';
import { define } from './define.ts';

// "Add a method" shows <mfa-enroll>, registered (a chunk of its own) when the user asks for it: a page where nobody
// adds a method never loads it.
MfaAuthenticators.loadEnroll ??= () => import('./mfa-enroll.ts');
define('mfa-authenticators', MfaAuthenticators);

declare global {
  interface HTMLElementTagNameMap {
    'mfa-authenticators': MfaAuthenticators;
  }
}

export { MfaAuthenticators };
