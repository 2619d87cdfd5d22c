/**
 * The demo's "Your methods" tab (issue 14), end to end: a user signs in, sees their methods, adds push (scanned in
 * the phone panel), removes the authenticator app, and the list is right after each step.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { challengeOf, openPage, signedIn, simulatorOf, useDemo, userWith, type Demo, type E2eUser } from './harness.ts';

let demo: Demo;
const pages = useDemo((started) => (demo = started));

/** Screenshots of the tab for people to look at, outside the repository. */
const SHOTS = process.env.MFA_E2E_SHOTS ?? '/tmp/shots-14-demo';
mkdirSync(SHOTS, { recursive: true });
const tabShot = (page: Page, name: string) => page.locator('#tab-panel').screenshot({ path: `${SHOTS}/${name}.png` });

const methodsOf = (page: Page) => page.locator('mfa-authenticators');

/** The active methods the element lists, as a person reads them (name, then detail). */
async function listed(page: Page): Promise<string[]> {
  const active = methodsOf(page).getByRole('list').first().getByRole('listitem');
  return (await active.allInnerTexts()).map((text) => text.replace(/\s*Remove$/, '').replace(/\s+/g, ' ').trim());
}

/** Waits until the list reads `expected`: the element reads it again after each change. */
async function waitForList(page: Page, expected: string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await listed(page);
    if (JSON.stringify(last) === JSON.stringify(expected)) return;
    await page.waitForTimeout(100);
  }
  assert.deepEqual(last, expected);
}

/** Signs in with the password, then the authenticator app's current code from the phone panel. */
async function signIn(user: E2eUser): Promise<Page> {
  const page = await openPage(demo);
  pages.push(page);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await challengeOf(page).getByLabel('6-digit code').waitFor();
  const label = await page.locator('.totp__code').first().getAttribute('aria-label');
  await challengeOf(page).getByLabel('6-digit code').fill(label!.replace(/\D/g, ''));
  await signedIn(page);
  return page;
}

describe('"Your methods" in the demo', () => {
  it('asks for the second factor first, and is reached from the other tabs with the arrow keys', async () => {
    const page = await openPage(demo);
    pages.push(page);
    await page.getByRole('button', { name: 'New user' }).click();
    await page.getByRole('tab', { name: 'Recovery codes' }).click();
    await page.keyboard.press('ArrowRight');
    const tab = page.getByRole('tab', { name: 'Your methods' });
    assert.equal(await tab.getAttribute('aria-selected'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-methods');
    await page.getByRole('tabpanel').getByText('Pass the second factor first').waitFor();
    assert.equal(await methodsOf(page).count(), 0);
  });

  it('at 390 px, the four tabs wrap inside the card instead of running off it', async () => {
    const page = await openPage(demo, '/', { width: 390, height: 844 });
    pages.push(page);
    await page.getByRole('tab', { name: 'Your methods' }).click();
    const [scroll, client] = await page.getByRole('tablist').evaluate((tabs) => [tabs.scrollWidth, tabs.clientWidth]);
    assert.ok(scroll <= client, `the tabs are ${scroll} px wide in ${client} px`);
    const tab = (await page.getByRole('tab', { name: 'Your methods' }).boundingBox())!;
    assert.ok(tab.x >= 0 && tab.x + tab.width <= 390, `the tab at x=${tab.x}, ${tab.width} px wide`);
  });

  it('lists the methods, adds push scanned in the phone panel, removes the authenticator app', async () => {
    const user = await userWith(demo);
    const page = await signIn(user);
    await page.getByRole('tab', { name: 'Your methods' }).click();
    await methodsOf(page).getByRole('heading', { name: 'Your verification methods' }).waitFor();
    const before = await listed(page);
    assert.equal(before[0], 'Authenticator app');
    assert.ok(before.some((m) => m.startsWith('Email ')), before.join(' | '));
    assert.equal(before.at(-1), 'Recovery code');
    await tabShot(page, '1-listed');

    // Add push: the element runs <mfa-enroll> with the same token; the phone panel scans the QR code.
    await methodsOf(page).getByRole('button', { name: 'Add a method' }).click();
    await methodsOf(page).getByRole('button', { name: /Push notification/ }).click();
    await page.getByRole('button', { name: 'Scan QR code' }).waitFor();
    await tabShot(page, '2-push-qr');
    await page.getByRole('button', { name: 'Scan QR code' }).click();
    await waitForList(page, ['Push notification Demo phone', ...before]);
    await tabShot(page, '3-push-added');

    // Remove the authenticator app, after a confirmation that names it.
    await methodsOf(page).getByRole('button', { name: 'Remove Authenticator app' }).click();
    await methodsOf(page).getByRole('heading', { name: 'Remove Authenticator app?' }).waitFor();
    await tabShot(page, '4-confirm-remove');
    await methodsOf(page).getByRole('button', { name: 'Remove', exact: true }).click();
    await waitForList(page, ['Push notification Demo phone', ...before.slice(1)]);
    await page.getByText('mfa-authenticator-removed').waitFor();
    await tabShot(page, '5-app-removed');

    // What Auth0 (the simulator) holds agrees: push with its totp, no other authenticator app.
    const codes = await simulatorOf(demo).authenticatorApp(user).entries();
    assert.equal(codes.length, 1, JSON.stringify(codes.map((c) => c.authenticator_id)));
  });
});
