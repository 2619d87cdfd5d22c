/**
 * `mfa-elements/react`: a React component per element, made by @lit/react, with typed event props
 * (`onMfaVerified`, …) and object props (`tokenProvider`, `strings`, `mfaRequirements`, `codes`).
 * Importing it registers the tags, and brings the JSX types for the bare tags (`<mfa-challenge api-base=…>`).
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { MfaAuthenticators as MfaAuthenticatorsElement } from '../define/mfa-authenticators.ts';
import { MfaChallenge as MfaChallengeElement } from '../define/mfa-challenge.ts';
import { MfaEnroll as MfaEnrollElement } from '../define/mfa-enroll.ts';
import { MfaRecoveryCodes as MfaRecoveryCodesElement } from '../define/mfa-recovery-codes.ts';
import type {
  MfaAuthenticatorsEventMap,
  MfaChallengeEventMap,
  MfaEnrollEventMap,
  MfaRecoveryCodesEventMap,
  PascalEvent,
} from '../events/maps.ts';
import './jsx.ts';

/** `{ onMfaVerified: 'mfa-verified' }`, typed so the handler gets the event's own type. */
function eventProps<Map>(...names: (keyof Map & string)[]) {
  const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_, _dash, c: string) => c.toUpperCase());
  const props: Record<string, string> = Object.fromEntries(names.map((name) => [`on${pascal(name)}`, name]));
  return props as { [Name in keyof Map & string as `on${PascalEvent<Name>}`]: EventName<Map[Name] & Event> };
}

export const MfaChallenge = createComponent({
  react: React,
  tagName: 'mfa-challenge',
  elementClass: MfaChallengeElement,
  events: eventProps<MfaChallengeEventMap>('mfa-verified', 'mfa-error', 'mfa-step-change'),
  displayName: 'MfaChallenge',
});

export const MfaEnroll = createComponent({
  react: React,
  tagName: 'mfa-enroll',
  elementClass: MfaEnrollElement,
  events: eventProps<MfaEnrollEventMap>('mfa-enrolled', 'mfa-error', 'mfa-step-change'),
  displayName: 'MfaEnroll',
});

export const MfaRecoveryCodes = createComponent({
  react: React,
  tagName: 'mfa-recovery-codes',
  elementClass: MfaRecoveryCodesElement,
  events: eventProps<MfaRecoveryCodesEventMap>('mfa-recovery-codes-saved'),
  displayName: 'MfaRecoveryCodes',
});

export const MfaAuthenticators = createComponent({
  react: React,
  tagName: 'mfa-authenticators',
  elementClass: MfaAuthenticatorsElement,
  events: eventProps<MfaAuthenticatorsEventMap>('mfa-authenticator-removed', 'mfa-enrolled', 'mfa-error', 'mfa-step-change'),
  displayName: 'MfaAuthenticators',
});

export type { MfaAuthenticatorsElement, MfaChallengeElement, MfaEnrollElement, MfaRecoveryCodesElement };
