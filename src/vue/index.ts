/**
 * `mfa-elements/vue`: registers the tags and types them for Vue templates (vue-tsc, Volar): attributes,
 * properties (`:token-provider.prop`) and events (`@mfa-verified`) with their detail types.
 * Vue itself must treat the tags as custom elements: `compilerOptions.isCustomElement: (tag) => tag.startsWith('mfa-')`.
 */
import type { DefineComponent } from 'vue';
import type { MfaAuthenticators } from '../components/mfa-authenticators/mfa-authenticators.component.ts';
import type { MfaChallenge } from '../components/mfa-challenge/mfa-challenge.component.ts';
import type { MfaEnroll } from '../components/mfa-enroll/mfa-enroll.component.ts';
import type { MfaRecoveryCodes } from '../components/mfa-recovery-codes/mfa-recovery-codes.component.ts';
import '../define/index.ts';
import type {
  MfaAuthenticatorsEventMap,
  MfaChallengeEventMap,
  MfaEnrollEventMap,
  MfaRecoveryCodesEventMap,
  PascalEvent,
} from '../events/maps.ts';

type Listeners<Map> = { [Name in keyof Map & string as `on${PascalEvent<Name>}`]?: (event: Map[Name]) => void };
type VueElement<E, Attributes, Properties extends keyof E, Map> = DefineComponent<Attributes & Partial<Pick<E, Properties>> & Listeners<Map>>;

interface Common {
  apiBase?: string;
  clientId?: string;
}

export type MfaChallengeVue = VueElement<MfaChallenge, Common & { factors?: string; preferred?: string }, 'tokenProvider' | 'strings' | 'mfaRequirements', MfaChallengeEventMap>;
export type MfaEnrollVue = VueElement<
  MfaEnroll,
  Common & { factors?: string; factor?: string; email?: string; phoneNumber?: string; defaultCountryCode?: string },
  'tokenProvider' | 'strings',
  MfaEnrollEventMap
>;
export type MfaRecoveryCodesVue = VueElement<MfaRecoveryCodes, { headless?: boolean }, 'codes' | 'strings', MfaRecoveryCodesEventMap>;
export type MfaAuthenticatorsVue = VueElement<MfaAuthenticators, Common & { factors?: string }, 'tokenProvider' | 'strings', MfaAuthenticatorsEventMap>;

declare module 'vue' {
  interface GlobalComponents {
    'mfa-challenge': MfaChallengeVue;
    'mfa-enroll': MfaEnrollVue;
    'mfa-recovery-codes': MfaRecoveryCodesVue;
    'mfa-authenticators': MfaAuthenticatorsVue;
  }
}
