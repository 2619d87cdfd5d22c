import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../support/wait.ts';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../../src/define/mfa-challenge.ts';
import type { MfaChallenge } from '../../src/components/mfa-challenge/mfa-challenge.component.ts';
import { en, type StringKey, type Strings } from '../../src/i18n/en.ts';
import { format } from '../../src/i18n/locale.ts';
import ar from '../../src/i18n/locales/ar.ts';
import de from '../../src/i18n/locales/de.ts';
import es from '../../src/i18n/locales/es.ts';
import fr from '../../src/i18n/locales/fr.ts';
import ja from '../../src/i18n/locales/ja.ts';
import { pageSimulator } from '../support/page-sim.ts';
import type { SimulatedUser } from '../../src/testing/index.ts';

const sim = pageSimulator('i18n');
const mode = sim.modes().find((m) => m.name === 'public')!;

const LOCALES = { de, es, fr, ja, ar } satisfies Record<string, Strings>;
type Language = keyof typeof LOCALES;
const LANGUAGES = Object.keys(LOCALES) as Language[];
const RTL = new Set<string>(['ar']);

/** Keys a language may legitimately spell as English does (none today). */
const SAME_AS_ENGLISH: Partial<Record<Language, StringKey[]>> = {};

type Params = Record<string, string | number>;
type Expected = StringKey | [StringKey, Params];

const KEYS = Object.keys(en) as StringKey[];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Matches a whole phrase: not inside a longer word ("Continue" is not in "Continuer"). */
const phrase = (text: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(text)}(?![\\p{L}\\p{N}])`, 'u');

/** The fixed parts of every English string, longer than 3 characters: none may show in another language. */
const englishFragments = (language: Language) => {
  const allowed = new Set(SAME_AS_ENGLISH[language]?.map((key) => en[key]));
  const fragments = KEYS.filter((key) => !allowed.has(en[key])).flatMap((key) => en[key].split(/\{\w+\}/));
  return [...new Set(fragments.map(squash).filter((f) => f.length > 3))];
};

const shadow = (el: MfaChallenge) => el.shadowRoot!;
const base = (el: MfaChallenge) => shadow(el).querySelector<HTMLElement>('[part="base"]')!;
const heading = (el: MfaChallenge) => squash(shadow(el).querySelector('h2')?.textContent ?? '');
const errorText = (el: MfaChallenge) => squash(shadow(el).querySelector('[role="alert"]')?.textContent ?? '');
const codeInput = (el: MfaChallenge) => shadow(el).querySelector<HTMLInputElement>('input#code')!;
/** The challenge's shadow root and, on the new recovery code step, its nested <mfa-recovery-codes>'s. */
const roots = (el: MfaChallenge): ShadowRoot[] => [
  shadow(el),
  ...[...shadow(el).querySelectorAll('mfa-recovery-codes')].map((nested) => nested.shadowRoot!),
];
const buttonNamed = (el: MfaChallenge, name: string) =>
  roots(el)
    .flatMap((root) => [...root.querySelectorAll<HTMLButtonElement>('button')])
    .find((b) => squash(b.textContent!) === squash(name));

/** What a sighted user reads: every text node and text-bearing attribute, but not the visually hidden live region. */
function visibleText(el: MfaChallenge): string {
  const texts: string[] = [];
  for (const root of roots(el)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node instanceof Element) {
        for (const name of ['aria-label', 'title', 'placeholder', 'alt']) if (node.hasAttribute(name)) texts.push(node.getAttribute(name)!);
      } else if (!node.parentElement?.closest('.visually-hidden, [data-off]')) {
        texts.push(node.textContent!);
      }
    }
  }
  return squash(texts.join(' '));
}

/** The step shows each expected string of `language` (templates filled, or any text where a value is unknown), and nothing English. */
function expectStep(el: MfaChallenge, language: Language, expected: Expected[]): void {
  const strings = LOCALES[language];
  const text = visibleText(el);
  for (const item of expected) {
    const [key, params] = typeof item === 'string' ? [item, undefined] : item;
    // Right-to-left text isolates each value (FSI … PDI).
    const filled = squash(format(strings[key], params, RTL.has(language)));
    const pattern = new RegExp(filled.split(/\{\w+\}/).map(escapeRegExp).join('.+?'), 'u');
    expect(text, `${language} ${key}`).to.match(pattern);
  }
  expect(text, 'an unreplaced placeholder').not.to.match(/\{\w+\}/);
  const leaks = englishFragments(language).filter((fragment) => phrase(fragment).test(text));
  expect(leaks, `English in the ${language} text: ${text}`).to.deep.equal([]);
}

async function typeCode(el: MfaChallenge, code: string): Promise<void> {
  const input = codeInput(el);
  input.value = code;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

async function render(
  provider: () => string | Promise<string>,
  options: { lang?: string; strings?: Partial<Strings> } = {},
): Promise<MfaChallenge> {
  return fixture<MfaChallenge>(html`<mfa-challenge
    api-base=${mode.apiBase}
    client-id=${mode.clientId}
    lang=${ifDefined(options.lang)}
    .strings=${options.strings}
    .tokenProvider=${provider}
  ></mfa-challenge>`);
}

const until = (condition: () => unknown, message: string) => waitUntil(condition, message);

/** The masked address Auth0 shows for the user's email authenticator. */
async function emailName(user: SimulatedUser): Promise<string> {
  const response = await fetch(`${sim.base}/mfa/authenticators`, { headers: { Authorization: `Bearer ${await sim.mfaToken(user)}` } });
  const list: { oob_channel?: string; name?: string }[] = await response.json();
  return list.find((a) => a.oob_channel === 'email')!.name!;
}

describe('shipped translations', () => {
  for (const language of LANGUAGES) {
    describe(language, () => {
      const strings: Strings = LOCALES[language];

      it('has every key of English, as a non-empty string, and no other', () => {
        expect(Object.keys(strings).sort()).to.deep.equal([...KEYS].sort());
        for (const key of KEYS) {
          expect(strings[key], key).to.be.a('string');
          expect(strings[key].trim(), key).not.to.equal('');
        }
      });

      it('translates every key that must differ from English', () => {
        const allowed = new Set(SAME_AS_ENGLISH[language]);
        const untranslated = KEYS.filter((key) => !allowed.has(key) && squash(strings[key]) === squash(en[key]));
        expect(untranslated).to.deep.equal([]);
      });

      it('keeps exactly the placeholders of English', () => {
        for (const key of KEYS) expect(placeholders(strings[key]), key).to.deep.equal(placeholders(en[key]));
      });

      it('is a small chunk that imports only the type of English', async () => {
        // As served to the browser (types erased): a value import of en.ts would pull English into the chunk.
        const source = await (await fetch(new URL(`../../src/i18n/locales/${language}.ts`, import.meta.url))).text();
        expect(source).not.to.match(/en\.ts/);
      });
    });
  }
});

describe('<mfa-challenge> in shipped languages', () => {
  const documentLang = document.documentElement.lang;
  afterEach(() => {
    document.documentElement.lang = documentLang;
  });

  for (const language of LANGUAGES) {
    const strings: Strings = LOCALES[language];

    it(`speaks ${language} in the code, select, email, recovery-code and new-recovery-code steps`, async () => {
      const user = await sim.createUser({ email: `i18n-${language}-${Date.now()}@example.com` });
      const { recovery_code } = await sim.enroll(user, 'otp');
      await sim.enroll(user, 'email');
      const name = await emailName(user);
      const el = await render(() => sim.mfaToken(user), { lang: language });

      // The authenticator app step, once the language chunk has arrived.
      await until(() => heading(el) === strings.otpHeading, `the ${language} otp step`);
      expect(base(el).getAttribute('dir')).to.equal(RTL.has(language) ? 'rtl' : 'ltr');
      expect(getComputedStyle(base(el)).direction).to.equal(RTL.has(language) ? 'rtl' : 'ltr');
      expect(base(el).lang).to.equal(language);
      expectStep(el, language, ['otpHeading', 'codeLabel', 'verify', 'tryAnother']);
      await expect(el).to.be.accessible();

      // A wrong code.
      await typeCode(el, '000000');
      await until(() => errorText(el) === squash(strings.invalidOtpCode), 'the wrong-code error');
      expectStep(el, language, ['otpHeading', 'invalidOtpCode', 'verify']);

      // Too short a code, submitted with the button.
      await typeCode(el, '12');
      buttonNamed(el, strings.verify)!.click();
      await el.updateComplete;
      expect(errorText(el)).to.equal(squash(strings.incompleteCode));

      // The list of other methods.
      buttonNamed(el, strings.tryAnother)!.click();
      await el.updateComplete;
      expect(heading(el)).to.equal(strings.chooseMethod);
      expectStep(el, language, ['chooseMethod', 'methodEmail', ['methodCodeHint', { name }], 'methodRecovery', 'methodRecoveryHint']);

      // The email step: the code was sent, and resending waits.
      buttonNamed(el, `${strings.methodEmail} ${format(strings.methodCodeHint, { name }, RTL.has(language))}`)!.click();
      await el.updateComplete;
      expect(heading(el)).to.equal(strings.emailHeading);
      await until(() => /\d/.test(shadow(el).querySelector('button.link')!.textContent!), 'the code was sent and resending waits');
      expectStep(el, language, ['emailHeading', ['codeSent', { name }], 'codeLabel', 'verify', 'resendIn', 'tryAnother']);

      // The recovery code step, a malformed code, then the right one.
      buttonNamed(el, strings.tryAnother)!.click();
      await el.updateComplete;
      expectStep(el, language, ['chooseMethod', 'methodOtp', 'methodOtpHint', 'methodRecovery']);
      buttonNamed(el, `${strings.methodRecovery} ${strings.methodRecoveryHint}`)!.click();
      await el.updateComplete;
      expect(heading(el)).to.equal(strings.recoveryHeading);
      expectStep(el, language, ['recoveryHeading', 'recoveryLabel', 'recoveryHint', 'verify', 'tryAnother']);
      const recoveryInput = shadow(el).querySelector<HTMLInputElement>('input[name="recovery_code"]')!;
      recoveryInput.value = 'ABC';
      buttonNamed(el, strings.verify)!.click();
      await el.updateComplete;
      expect(errorText(el)).to.equal(squash(strings.recoveryFormat));
      expectStep(el, language, ['recoveryHeading', 'recoveryFormat']);
      recoveryInput.value = recovery_code!;
      buttonNamed(el, strings.verify)!.click();

      // The new recovery code, then done.
      await until(() => heading(el) === strings.newRecoveryHeading, 'the new recovery code');
      expectStep(el, language, ['newRecoveryHeading', 'newRecoveryText', 'copyCode', 'copy', 'download', 'print', 'savedConfirm', 'continue']);
      roots(el)[1].querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
      await until(() => !buttonNamed(el, strings.continue)!.disabled, 'Continue is enabled');
      buttonNamed(el, strings.continue)!.click();
      await el.updateComplete;
      expect(heading(el)).to.equal(strings.verified);
      expectStep(el, language, ['verified']);
    });

    it(`speaks ${language} in the error step`, async () => {
      const el = await render(
        () => {
          throw new Error('no session');
        },
        { lang: language },
      );
      await until(() => errorText(el) === squash(strings.sessionExpired), `the ${language} error step`);
      expectStep(el, language, ['sessionExpired', 'startOver']);

      // A server error can be retried.
      const user = await sim.createUser();
      await sim.enroll(user, 'otp');
      await sim.faults.inject({ path: '/mfa/authenticators', status: 500, count: 1 });
      const failing = await render(() => sim.mfaToken(user), { lang: language });
      await until(() => errorText(failing) === squash(strings.serverError), `the ${language} server error`);
      expectStep(failing, language, ['serverError', 'retry']);
      buttonNamed(failing, strings.retry)!.click();
      await until(() => heading(failing) === strings.otpHeading, 'the otp step after retrying');
    });
  }

  it('renders English left to right by default', async () => {
    const el = await render(() => 'unused-token');
    await until(() => errorText(el) === en.sessionExpired, 'the English error step');
    expect(base(el).getAttribute('dir')).to.equal('ltr');
    expect(getComputedStyle(base(el)).direction).to.equal('ltr');
    expect(buttonNamed(el, en.startOver)).to.exist;
  });

  it('follows the document language when it has none of its own, and its own lang attribute when set', async () => {
    document.documentElement.lang = 'fr';
    const user = await sim.createUser();
    await sim.enroll(user, 'otp');
    const el = await render(() => sim.mfaToken(user));
    await until(() => heading(el) === fr.otpHeading, 'the document language, French');
    expect(base(el).lang).to.equal('fr');

    document.documentElement.lang = 'es';
    await until(() => heading(el) === es.otpHeading, 'the new document language, Spanish');

    el.setAttribute('lang', 'ar');
    await until(() => heading(el) === ar.otpHeading, 'its own language, Arabic');
    expect(base(el).getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(base(el)).direction).to.equal('rtl');

    document.documentElement.lang = 'de';
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heading(el), 'its own lang wins over the document').to.equal(ar.otpHeading);

    el.removeAttribute('lang');
    await until(() => heading(el) === de.otpHeading, 'back to the document language, German');
    expect(getComputedStyle(base(el)).direction).to.equal('ltr');
  });

  it('shows an error already on screen in the new language when lang changes', async () => {
    const user = await sim.createUser();
    await sim.enroll(user, 'otp');
    const el = await render(() => sim.mfaToken(user), { lang: 'de' });
    await until(() => heading(el) === de.otpHeading, 'German');
    await typeCode(el, '000000');
    await until(() => errorText(el) === squash(de.invalidOtpCode), 'the German error');
    el.lang = 'ja';
    await until(() => heading(el) === ja.otpHeading, 'Japanese');
    expect(errorText(el)).to.equal(squash(ja.invalidOtpCode));
    expectStep(el, 'ja', ['otpHeading', 'invalidOtpCode']);

    const failed = await render(
      () => {
        throw new Error('no session');
      },
      { lang: 'es' },
    );
    await until(() => errorText(failed) === squash(es.sessionExpired), 'the Spanish error step');
    failed.lang = 'fr';
    await until(() => buttonNamed(failed, fr.startOver), 'French');
    expect(errorText(failed)).to.equal(squash(fr.sessionExpired));
  });

  it('speaks English for a lang naming a property of every object (constructor, __proto__, toString)', async () => {
    const user = await sim.createUser();
    await sim.enroll(user, 'otp');
    for (const lang of ['constructor', '__proto__', 'toString', 'hasOwnProperty-DE', 'valueOf']) {
      const el = await render(() => sim.mfaToken(user), { lang });
      await until(() => heading(el) === en.otpHeading, `English for lang="${lang}"`);
    }
    expect(format('{constructor} {toString}', {})).to.equal('{constructor} {toString}');
  });

  it('lets the page override any string, over English and over a shipped language', async () => {
    const user = await sim.createUser();
    await sim.enroll(user, 'otp');
    const english = await render(() => sim.mfaToken(user), { strings: { verify: 'Confirm' } });
    await until(() => heading(english) === en.otpHeading, 'English');
    expect(buttonNamed(english, 'Confirm')).to.exist;
    expect(buttonNamed(english, en.verify)).to.be.undefined;

    const german = await render(() => sim.mfaToken(user), { lang: 'de', strings: { verify: 'Confirm' } });
    await until(() => heading(german) === de.otpHeading, 'German');
    expect(buttonNamed(german, 'Confirm')).to.exist;
    expect(buttonNamed(german, de.verify)).to.be.undefined;

    german.strings = { otpHeading: 'Code, bitte' };
    await until(() => heading(german) === 'Code, bitte', 'a new override');
    expect(buttonNamed(german, de.verify), 'the shipped string is back once the override is gone').to.exist;
  });
});
