/** The demo's enrollment flows, end to end, then a challenge with what was enrolled. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { SimulatedUser } from '../../src/testing/index.ts';
import { challengeOf as challenge, inboxCode, openPage, shot, signedIn, shownUser, simulatorOf, useDemo, type Demo } from './harness.ts';

let demo: Demo;
const pages = useDemo((started) => (demo = started));

const enroll = (page: Page) => page.locator('mfa-enroll');

async function newUser(factor?: string, width?: number, path = '/'): Promise<Page> {
  const page = await openPage(demo, path, { width });
  pages.push(page);
  await page.getByRole('button', { name: 'New user' }).click();
  if (factor) await page.getByLabel('Factor').selectOption(factor);
  return page;
}

/** Saves the recovery code shown after a first enrollment. */
async function saveRecoveryCode(page: Page, name: string): Promise<void> {
  await enroll(page).getByRole('checkbox', { name: 'I have saved my recovery code' }).waitFor();
  await shot(page, `${name}-recovery-code`);
  await enroll(page).getByRole('checkbox', { name: 'I have saved my recovery code' }).check();
  await enroll(page).getByRole('button', { name: 'Continue' }).click();
}

/** A code of the user's authenticator app that Auth0 has not taken (the one that confirmed the enrollment is spent). */
const appCode = (user: SimulatedUser | string) => simulatorOf(demo).authenticatorApp(user).freshCode();

/** Signs out and in again with the same user, to be challenged. */
async function signInAgain(page: Page): Promise<void> {
  const email = (await page.locator('.signed-in strong').textContent())!.trim();
  const password = (await page.locator('.signed-in code').textContent())!.trim();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('enrollment in the demo', () => {
  it('enrolls an authenticator app from the key on screen, after a wrong code, then is challenged', async () => {
    const page = await newUser();
    await enroll(page).getByRole('button', { name: /Authenticator app/ }).click();
    await enroll(page).getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    await shot(page, 'enroll-otp-qr');
    await enroll(page).getByText("Can't scan it?").click();
    const key = (await enroll(page).locator('[part="secret"]').textContent())!.replace(/\s/g, '');
    assert.match(key, /^[A-Z2-7]{32}$/);
    await shot(page, 'enroll-otp-key');
    const field = enroll(page).getByLabel('Then enter the 6-digit code from the app');
    await field.fill('000000');
    await enroll(page).getByRole('alert').getByText("That code isn't right").waitFor();
    await shot(page, 'enroll-otp-wrong');
    const user = await shownUser(demo, page);
    assert.equal(key, await simulatorOf(demo).authenticatorApp(user).secret(), 'the key on screen is the one the app holds');
    await field.fill(await appCode(user));
    await saveRecoveryCode(page, 'enroll-otp');
    await enroll(page).getByRole('heading', { name: "You're all set" }).waitFor();
    await signedIn(page);
    await shot(page, 'enroll-otp-done');

    await signInAgain(page);
    await challenge(page).getByLabel('6-digit code').waitFor();
    await challenge(page).getByLabel('6-digit code').fill(await appCode(user));
    await signedIn(page);
  });

  it('enrolls push by scanning in the phone panel, then approves a push', async () => {
    const page = await newUser('push');
    await enroll(page).getByRole('img', { name: 'QR code for the Auth0 Guardian app' }).waitFor();
    await enroll(page).getByText(/The QR code expires in 4:5\d|5:00/).waitFor();
    await shot(page, 'enroll-push-qr');
    await page.getByRole('button', { name: 'Scan QR code' }).click();
    await saveRecoveryCode(page, 'enroll-push');
    await enroll(page).getByRole('heading', { name: "You're all set" }).waitFor();
    await signedIn(page);

    await signInAgain(page);
    await challenge(page).getByText('Waiting for your approval').waitFor();
    await page.getByRole('button', { name: 'Approve' }).click();
    await signedIn(page);
  });

  it('says the set-up was refused when the phone refuses the QR code, then enrolls with a new one', async () => {
    const page = await newUser('push');
    await enroll(page).getByRole('img', { name: 'QR code for the Auth0 Guardian app' }).waitFor();
    await page.getByRole('button', { name: 'Refuse' }).click();
    await enroll(page).getByText('The set-up was refused.').waitFor({ timeout: 15_000 });
    await shot(page, 'enroll-push-refused');
    await enroll(page).getByRole('button', { name: 'Get a new QR code' }).click();
    await page.getByRole('button', { name: 'Scan QR code' }).click();
    await saveRecoveryCode(page, 'enroll-push-after-refusal');
    await enroll(page).getByRole('heading', { name: "You're all set" }).waitFor();
  });

  it('offers a new QR code when the first one expired', async () => {
    const page = await newUser('push');
    await enroll(page).getByRole('img', { name: 'QR code for the Auth0 Guardian app' }).waitFor();
    await page.getByRole('button', { name: 'Skip 5 minutes' }).click();
    await enroll(page).getByText('The QR code has expired.').waitFor({ timeout: 15_000 });
    await shot(page, 'enroll-push-expired');
    await enroll(page).getByRole('button', { name: 'Get a new QR code' }).click();
    await enroll(page).getByRole('img', { name: 'QR code for the Auth0 Guardian app' }).waitFor();
    await page.getByRole('button', { name: 'Scan QR code' }).click();
    await saveRecoveryCode(page, 'enroll-push-renewed');
    await signedIn(page);
  });

  for (const factor of ['email', 'sms', 'voice'] as const) {
    it(`enrolls ${factor} with the code from the inbox, then is challenged`, async () => {
      const page = await newUser(factor);
      const address = enroll(page).getByLabel(factor === 'email' ? 'Email address' : 'Phone number');
      if (factor !== 'email') {
        await address.fill('call me maybe');
        await enroll(page).getByRole('button', { name: factor === 'voice' ? 'Call me' : 'Send code' }).click();
        await enroll(page).getByRole('alert').waitFor();
        await shot(page, `enroll-${factor}-invalid`);
        await address.fill('+1 (415) 555-0142');
      }
      await shot(page, `enroll-${factor}-address`);
      await enroll(page).getByRole('button', { name: factor === 'voice' ? 'Call me' : 'Send code' }).click();
      await enroll(page).getByLabel('6-digit code').fill(await inboxCode(page, 1));
      await saveRecoveryCode(page, `enroll-${factor}`);
      await signedIn(page);

      await signInAgain(page);
      await challenge(page).getByLabel('6-digit code').waitFor();
      await challenge(page).getByLabel('6-digit code').fill(await inboxCode(page, 2));
      await signedIn(page);
    });
  }

  it('enrolls an authenticator app with the keyboard alone', async () => {
    const page = await newUser('otp');
    await enroll(page).getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    // Focus is on the step's heading; the disclosure is the next stop.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await enroll(page).getByLabel('Then enter the 6-digit code from the app').focus();
    await page.keyboard.type(await appCode(await shownUser(demo, page)));
    await enroll(page).getByRole('checkbox', { name: 'I have saved my recovery code' }).waitFor();
    while (!(await enroll(page).getByRole('checkbox', { name: 'I have saved my recovery code' }).evaluate((el) => el.matches(':focus')))) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await signedIn(page);
  });

  it('shows no recovery code on a second enrollment', async () => {
    const page = await newUser('email');
    await enroll(page).getByRole('button', { name: 'Send code' }).click();
    await enroll(page).getByLabel('6-digit code').fill(await inboxCode(page, 1));
    await saveRecoveryCode(page, 'enroll-first');
    await signedIn(page);
    await page.getByLabel('Factor').selectOption('sms');
    await enroll(page).getByLabel('Phone number').fill('+44 20 7946 0958');
    await enroll(page).getByRole('button', { name: 'Send code' }).click();
    await enroll(page).getByLabel('6-digit code').fill(await inboxCode(page, 2));
    await enroll(page).getByRole('heading', { name: "You're all set" }).waitFor();
    assert.equal(await enroll(page).getByRole('checkbox').count(), 0);
  });
});

describe('script-tag page', () => {
  it('enrolls an authenticator app and is challenged, with one script and the elements alone', async () => {
    const page = await openPage(demo, '/script-tag.html');
    pages.push(page);
    // The page's dev login created the user: its answer names it.
    const login = page.waitForResponse((response) => response.url().endsWith('/mfa-dev/login'));
    await page.getByRole('button', { name: 'New user: enroll an authenticator app' }).click();
    const { user_id } = await (await login).json();
    await enroll(page).getByText("Can't scan it?").click();
    await enroll(page).getByLabel('Then enter the 6-digit code from the app').fill(await appCode(user_id));
    await saveRecoveryCode(page, 'script-tag');
    await page.getByRole('button', { name: 'Sign in again: challenge' }).click();
    await challenge(page).getByLabel('6-digit code').fill(await appCode(user_id));
    await page.getByText('Verified: signed in with your second factor.').waitFor();
    await shot(page, 'script-tag-done');
  });
});
