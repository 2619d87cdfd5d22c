/** The factors the elements offer, and how Auth0's authenticators and requirements map to them. */
import type { AssociateRequest, Authenticator, MfaRequirements } from '../api/types.ts';
import type { StringKey } from '../i18n/en.ts';

export type Factor = 'otp' | 'push' | 'email' | 'sms' | 'voice' | 'recovery-code';

/** The order to offer them in when the page states no preference: recovery code last. */
export const FACTOR_ORDER: Factor[] = ['push', 'otp', 'email', 'sms', 'voice', 'recovery-code'];

/** What the user calls each factor: the string keys of its name. */
export const FACTOR_NAMES = {
  otp: 'methodOtp',
  push: 'methodPush',
  email: 'methodEmail',
  sms: 'methodSms',
  voice: 'methodVoice',
  'recovery-code': 'methodRecovery',
} as const satisfies Record<Factor, StringKey>;

export function factorOf(authenticator: Authenticator): Factor | undefined {
  if (authenticator.authenticator_type === 'otp') return 'otp';
  if (authenticator.authenticator_type === 'recovery-code') return 'recovery-code';
  return ({ auth0: 'push', email: 'email', sms: 'sms', voice: 'voice' } as const)[authenticator.oob_channel!];
}

/** Customizable MFA's `type`s in `mfa_required` → our factors. */
const REQUIREMENT_FACTORS: Record<string, Factor[]> = {
  otp: ['otp'],
  'push-notification': ['push'],
  phone: ['sms', 'voice'],
  sms: ['sms'],
  voice: ['voice'],
  email: ['email'],
  'recovery-code': ['recovery-code'],
};

/** Parses a `factors` attribute; unknown names are ignored. */
export function parseFactors(value: string | null | undefined): Factor[] | undefined {
  if (!value?.trim()) return undefined;
  return value.split(/\s+/).filter((name): name is Factor => FACTOR_ORDER.includes(name as Factor));
}

/** Factors allowed by both the `factors` attribute and `mfa_requirements.challenge` (either may be absent). */
export function allowedFactors(factors?: Factor[], requirements?: MfaRequirements): Set<Factor> {
  let allowed = new Set<Factor>(factors ?? FACTOR_ORDER);
  const challenge = requirements?.challenge;
  if (challenge?.length) {
    const required = new Set(challenge.flatMap(({ type }) => REQUIREMENT_FACTORS[type] ?? []));
    allowed = new Set([...allowed].filter((factor) => required.has(factor)));
  }
  return allowed;
}

/** Active authenticators the user may be challenged with, `preferred` first, then FACTOR_ORDER. */
export function challengeable(
  authenticators: Authenticator[],
  allowed: Set<Factor>,
  preferred?: Factor,
): Authenticator[] {
  const rank = (a: Authenticator) => {
    const factor = factorOf(a)!;
    return factor === preferred ? -1 : FACTOR_ORDER.indexOf(factor);
  };
  // The mfa-otp grant checks every totp the user has, so several (push brings one) are one method.
  const usable = authenticators.filter((a) => a.active && factorOf(a) && allowed.has(factorOf(a)!));
  const firstOtp = usable.find((a) => factorOf(a) === 'otp');
  return usable.filter((a) => factorOf(a) !== 'otp' || a === firstOtp).sort((a, b) => rank(a) - rank(b));
}

/** The factors a user can enroll: a recovery code comes with the first of them. */
export type EnrollFactor = Exclude<Factor, 'recovery-code'>;

/** The order `<mfa-enroll>` offers them in when the page states none. */
export const ENROLL_ORDER: EnrollFactor[] = ['otp', 'push', 'email', 'sms', 'voice'];

/** The `POST /mfa/associate` body that enrolls `factor`; email, sms and voice send their code to `address`. */
export function associateRequest(factor: EnrollFactor, address = ''): AssociateRequest {
  switch (factor) {
    case 'otp':
      return { authenticator_types: ['otp'] };
    case 'push':
      return { authenticator_types: ['oob'], oob_channels: ['auth0'] };
    case 'email':
      return { authenticator_types: ['oob'], oob_channels: ['email'], email: address };
    case 'sms':
    case 'voice':
      return { authenticator_types: ['oob'], oob_channels: [factor], phone_number: address };
  }
}

/** Parses `<mfa-enroll factors>` (or `factor`), keeping the page's order; unknown names are ignored. */
export function parseEnrollFactors(value: string | null | undefined): EnrollFactor[] {
  const listed = value?.trim() ? value.trim().split(/\s+/) : [];
  return [...new Set(listed)].filter((name): name is EnrollFactor => ENROLL_ORDER.includes(name as EnrollFactor));
}
