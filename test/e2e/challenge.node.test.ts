/** The demo's challenge flows, end to end: browser → proxy → simulator, driven by roles and labels. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { challengeOf as challenge, inboxCode, openPage, shot, signedIn, simulatorOf, useDemo, userWith, type Demo, type E2eUser } from './harness.ts';

let demo: Demo;
const pages = useDemo((started) => (demo = started));

async function signIn(user: E2eUser, preferred?: string): Promise<Page> {
  const page = await openPage(demo);
  pages.push(page);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (preferred) await page.getByLabel('Start with').selectOption(preferred);
  return page;
}


/** The code the phone panel's authenticator app shows now. */
async function appCode(page: Page): Promise<string> {
  const label = await page.locator('.totp__code').first().getAttribute('aria-label');
  return label!.replace(/\D/g, '');
}

describe('challenge in the demo', () => {
  it('approves a push in the phone panel', async () => {
    const user = await userWith(demo, ['push']);
    const page = await signIn(user);
    await challenge(page).getByText('We sent a notification to Pixel 9').first().waitFor();
    await shot(page, 'challenge-push-waiting');
    await page.getByRole('button', { name: 'Approve' }).click();
    await signedIn(page);
    await page.getByText('mfa-verified').waitFor();
    await shot(page, 'challenge-push-approved');
  });

  it('says a denied push was denied, and a retry can be approved', async () => {
    const user = await userWith(demo, ['push']);
    const page = await signIn(user);
    await page.getByRole('button', { name: 'Deny' }).click();
    await challenge(page).getByRole('alert').getByText('The request was denied on your phone.').waitFor({ timeout: 15_000 });
    await shot(page, 'challenge-push-denied');
    await challenge(page).getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('button', { name: 'Approve' }).click();
    await signedIn(page);
  });

  it('recovers from dropped connections while polling', async () => {
    const user = await userWith(demo, ['push']);
    const page = await signIn(user);
    await challenge(page).getByText('Waiting for your approval').waitFor();
    await page.getByLabel('Faults').selectOption('drop');
    await challenge(page).getByText('Reconnecting').waitFor({ timeout: 15_000 });
    await shot(page, 'challenge-push-reconnecting');
    await page.getByLabel('Faults').selectOption('');
    await page.getByRole('button', { name: 'Approve' }).click();
    // Two failures back off to a 10 s wait before the next poll.
    await signedIn(page, 30_000);
  });

  it('verifies the authenticator app code after a wrong one, by keyboard alone', async () => {
    const user = await userWith(demo);
    const page = await signIn(user);
    const field = challenge(page).getByLabel('6-digit code');
    await field.waitFor();
    await page.keyboard.type('000000');
    await challenge(page).getByRole('alert').getByText("That code isn't right").waitFor();
    await shot(page, 'challenge-otp-wrong');
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    await page.keyboard.type(await appCode(page));
    await signedIn(page);
  });

  it('locks out after ten wrong codes and says when to try again', async () => {
    const user = await userWith(demo);
    const page = await signIn(user);
    const field = challenge(page).getByLabel('6-digit code');
    await field.waitFor();
    for (let i = 0; i < 11; i++) {
      await field.fill(String(100000 + i));
      await challenge(page).getByRole('alert').waitFor();
      await page.waitForFunction(() => !document.querySelector('mfa-challenge')?.shadowRoot?.querySelector('input[readonly]'));
    }
    await challenge(page).getByText(/Too many wrong codes\. Try again in \d+:\d\d/).waitFor();
    assert.equal(await challenge(page).getByRole('button', { name: 'Verify' }).isDisabled(), true);
    await shot(page, 'challenge-otp-lockout');
  });

  for (const channel of ['email', 'sms', 'voice'] as const) {
    it(`verifies a ${channel} code from the inbox`, async () => {
      const user = await userWith(demo, [channel]);
      const page = await signIn(user, channel);
      await challenge(page).getByLabel('6-digit code').waitFor();
      // The enrollment's code, then the challenge's.
      await challenge(page).getByLabel('6-digit code').fill(await inboxCode(page, 2));
      await signedIn(page);
    });
  }

  it('logs in with a recovery code and shows the new one', async () => {
    const user = await userWith(demo);
    const page = await signIn(user, 'recovery-code');
    await challenge(page).getByLabel('Recovery code').fill(user.recoveryCode.toLowerCase());
    await challenge(page).getByRole('button', { name: 'Verify' }).click();
    await challenge(page).getByRole('heading', { name: 'Save your new recovery code' }).waitFor();
    await shot(page, 'challenge-new-recovery-code');
    await challenge(page).getByRole('checkbox', { name: 'I have saved my recovery code' }).check();
    await challenge(page).getByRole('button', { name: 'Continue' }).click();
    await signedIn(page);
    assert.equal((await simulatorOf(demo).authenticatorApp(user).entries()).length, 1);
  });
});
