/** The demo's rough edges a newcomer met (issue 16): sign-in errors, sign-out, abandoned pushes, small screens. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { challengeOf, openPage, signedIn, useDemo, userWith, type Demo } from './harness.ts';

let demo: Demo;
const pages = useDemo((started) => (demo = started));

/** 390 × 844: a common phone (iPhone 12 to 14) in CSS pixels. */
async function open(width = 1280, height = width < 500 ? 844 : 900): Promise<Page> {
  const page = await openPage(demo, '/', { width, height });
  pages.push(page);
  return page;
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** What is on screen, without scrolling: for people to look at (test-results/screenshots). */
const viewShot = (page: Page, name: string) => page.screenshot({ path: join('test-results', 'screenshots', `${name}.png`) });

describe('the demo for a newcomer', () => {
  it('says "Wrong email or password." for a wrong password, and shows no MFA element', async () => {
    const user = await userWith(demo);
    const page = await open();
    await signIn(page, user.email, 'not the password');
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
    assert.equal(await challengeOf(page).count(), 0);
    await signIn(page, user.email, user.password);
    await challengeOf(page).getByLabel('6-digit code').waitFor();
    assert.equal(await page.getByText('Wrong email or password.').count(), 0);
  });

  it('keeps the last address in the form after sign-out', async () => {
    const page = await open();
    await page.getByRole('button', { name: 'New user' }).click();
    const email = (await page.locator('.signed-in strong').textContent())!.trim();
    const password = (await page.locator('.signed-in code').textContent())!.trim();
    await page.getByRole('button', { name: 'Sign out' }).click();
    assert.equal(await page.getByLabel('Email').inputValue(), email);
    await page.getByText(`Users made with New user have the password ${password}.`).waitFor();
  });

  it('shows one push card for the newest request, and says how many were left unanswered', async () => {
    const user = await userWith(demo, ['push']);
    const page = await open();
    await signIn(page, user.email, user.password);
    await challengeOf(page).getByText('We sent a notification to Pixel 9').first().waitFor();
    // Leaving and coming back sends a new push; the first stays pending at Auth0.
    await page.getByRole('tab', { name: 'Enroll' }).click();
    await page.getByRole('tab', { name: 'Challenge' }).click();
    await challengeOf(page).getByText('We sent a notification to Pixel 9').first().waitFor();
    await page.getByText('An earlier request was left unanswered').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Approve' }).count(), 1);
    await page.getByRole('button', { name: 'Approve' }).click();
    await signedIn(page);
    // The abandoned one is not offered once the newest is answered.
    await page.getByText('No push notification right now.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Approve' }).count(), 0);
  });

  it('explains the authenticator-app entry, and that codes submit at the sixth digit', async () => {
    const user = await userWith(demo, ['push']);
    const page = await open();
    await signIn(page, user.email, user.password);
    await page.getByText('Auth0 creates an authenticator-app (TOTP) authenticator with every Guardian push enrollment').waitFor();
    await page.getByText('Six-digit codes submit themselves at the sixth digit').waitFor();
  });

  for (const width of [1280, 390]) {
    it(`at ${width} px, New user brings the element's heading and first choice into view`, async () => {
      const page = await open(width);
      await page.getByRole('button', { name: 'New user' }).click();
      const enroll = page.locator('mfa-enroll');
      const heading = enroll.getByRole('heading', { name: 'Add a verification method' });
      const first = enroll.getByRole('button', { name: /Authenticator app/ });
      await first.waitFor();
      await page.waitForTimeout(100); // the scroll settles
      for (const [name, target] of [['heading', heading], ['first choice', first]] as const) {
        const box = (await target.boundingBox())!;
        assert.ok(box.y >= 0 && box.y + box.height <= page.viewportSize()!.height, `${name} at y=${box.y}`);
      }
      await viewShot(page, `demo-new-user-${width}`);
    });
  }
});
