/**
 * JSX types for the bare tags in React 19, which sets properties on custom elements and listens to
 * `on<event-name>` props: `<mfa-challenge api-base="/mfa-api" tokenProvider={…} onmfa-verified={…} />`.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { MfaAuthenticators } from '../components/mfa-authenticators/mfa-authenticators.component.ts';
import type { MfaChallenge } from '../components/mfa-challenge/mfa-challenge.component.ts';
import type { MfaEnroll } from '../components/mfa-enroll/mfa-enroll.component.ts';
import type { MfaRecoveryCodes } from '../components/mfa-recovery-codes/mfa-recovery-codes.component.ts';
import type { MfaAuthenticatorsEventMap, MfaChallengeEventMap, MfaEnrollEventMap, MfaRecoveryCodesEventMap } from '../events/maps.ts';

type Listeners<Map> = { [Name in keyof Map & string as `on${Name}`]?: (event: Map[Name]) => void };
type TagProps<E, Attributes, Properties extends keyof E, Map> = DetailedHTMLProps<HTMLAttributes<E>, E> &
  Attributes &
  Partial<Pick<E, Properties>> &
  Listeners<Map>;

interface Common {
  'api-base'?: string;
  'client-id'?: string;
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'mfa-challenge': TagProps<MfaChallenge, Common & { factors?: string; preferred?: string }, 'tokenProvider' | 'strings' | 'mfaRequirements', MfaChallengeEventMap>;
      'mfa-enroll': TagProps<
        MfaEnroll,
        Common & { factors?: string; factor?: string; email?: string; 'phone-number'?: string; 'default-country-code'?: string },
        'tokenProvider' | 'strings',
        MfaEnrollEventMap
      >;
      'mfa-recovery-codes': TagProps<MfaRecoveryCodes, { headless?: boolean }, 'codes' | 'strings', MfaRecoveryCodesEventMap>;
      'mfa-authenticators': TagProps<MfaAuthenticators, Common & { factors?: string }, 'tokenProvider' | 'strings', MfaAuthenticatorsEventMap>;
    }
  }
}
