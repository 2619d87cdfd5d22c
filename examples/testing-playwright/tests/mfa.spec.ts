// The app's sign-in, driven as a person would (roles and labels), against the Auth0 MFA simulator that
// mfa-elements/vite runs inside the dev server. `sim` plays the world outside the browser: the user's account,
// authenticator app, Guardian phone and inbox.
import { expect, test as base, type Page } from '@playwright/test';
import { connectSimulator, type SimulatedUser, type SimulatorClient } from 'mfa-elements/testing';

const test = base.extend<{ sim: SimulatorClient }>({
  sim: async ({ baseURL }, use) => use(connectSimulator(`${baseURL}/mfa-dev`)),
});

async function signIn(page: Page, user: SimulatedUser) {
  await page.goto('/');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A first factor comes with a recovery code: once the user saved it, the app hears mfa-enrolled. */
async function saveRecoveryCode(page: Page) {
  const enroll = page.locator('mfa-enroll');
  await enroll.getByRole('checkbox', { name: 'I have saved my recovery code' }).check();
  await enroll.getByRole('button', { name: 'Continue' }).click();
}

const signedIn = (page: Page, user: SimulatedUser) => expect(page.getByText(`Signed in as ${user.email}.`)).toBeVisible();

test('authenticator app: enroll, then sign in with the next code', async ({ page, sim }) => {
  const user = await sim.createUser({ email_verified: false }); // no factor yet: the app offers to enroll one
  await signIn(page, user);
  const enroll = page.locator('mfa-enroll');
  await enroll.getByRole('button', { name: /Authenticator app/ }).click();
  await enroll.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
  // The secret behind the QR code never leaves the element: the simulator tells the test what the app shows.
  await enroll.getByLabel('Then enter the 6-digit code from the app').fill(await sim.authenticatorApp(user).code());
  await saveRecoveryCode(page);
  await signedIn(page, user);

  await signIn(page, user);
  // A code works once: freshCode() moves the clock on to the next 30-second window when this one was used.
  await page.locator('mfa-challenge').getByLabel('6-digit code').fill(await sim.authenticatorApp(user).freshCode());
  await signedIn(page, user);
});

test('push: enroll by scanning with Guardian, then approve the sign-in on the phone', async ({ page, sim }) => {
  const user = await sim.createUser({ email_verified: false });
  await signIn(page, user);
  const enroll = page.locator('mfa-enroll');
  await enroll.getByRole('button', { name: /Push notification/ }).click();
  await enroll.getByRole('img', { name: 'QR code for the Auth0 Guardian app' }).waitFor();
  await sim.guardian(user).confirmNext(); // the phone scans the QR code
  await saveRecoveryCode(page);
  await signedIn(page, user);

  await signIn(page, user);
  await page.locator('mfa-challenge').getByText('Waiting for your approval').waitFor();
  await sim.guardian(user).approveNext();
  await signedIn(page, user);
});

test('email: enroll with the code from the inbox, then sign in with a new one', async ({ page, sim }) => {
  const user = await sim.createUser({ email_verified: false });
  await signIn(page, user);
  const enroll = page.locator('mfa-enroll');
  await enroll.getByRole('button', { name: /Email/ }).click();
  await enroll.getByLabel('Email address').fill(user.email);
  await enroll.getByRole('button', { name: 'Send code' }).click();
  await enroll.getByLabel('6-digit code').fill(await sim.inbox(user).lastCode('email'));
  await saveRecoveryCode(page);
  await signedIn(page, user);

  await signIn(page, user);
  const challenge = page.locator('mfa-challenge');
  // The element announces the code it sent; from then on it is the last one in the inbox.
  await expect(challenge.getByRole('status')).toHaveText(/We sent a code to/);
  await challenge.getByLabel('6-digit code').fill(await sim.inbox(user).lastCode('email'));
  await signedIn(page, user);
});
