/** Users for end-to-end tests, set up through the demo's backend (mfa-elements/vite): dev login, the proxy. */
import { GRANT_TYPES } from '../../src/api/types.ts';
import { totp } from '../../src/simulator/totp.ts';
import { control, type Demo } from './harness.ts';

export interface E2eUser {
  user_id: string;
  email: string;
  password: string;
  recoveryCode: string;
  secret: string;
}

async function post(demo: Demo, path: string, body: Record<string, unknown>, token?: string, form = false) {
  const response = await fetch(`${demo.url}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': form ? 'application/x-www-form-urlencoded' : 'application/json',
      ...(token && { Authorization: `Bearer ${token}` }),
    },
    body: form ? new URLSearchParams(body as Record<string, string>) : JSON.stringify(body),
  });
  return response.json();
}

/** A user who enrolled otp (and so has a recovery code), then each of `channels`. */
export async function userWith(demo: Demo, channels: ('email' | 'sms' | 'voice' | 'auth0')[] = []): Promise<E2eUser> {
  // The dev login with no credentials: a new simulated user, signed in up to the second factor.
  const { mfa_token, ...user } = await post(demo, '/mfa-dev/login', {});
  const otp = await post(demo, '/mfa-api/mfa/associate', { authenticator_types: ['otp'] }, mfa_token);
  const now = Date.parse((await control(demo, 'clock')).now);
  const grant = (fields: Record<string, string>) => post(demo, '/mfa-api/oauth/token', { mfa_token, ...fields }, undefined, true);
  const tokens = await grant({ grant_type: GRANT_TYPES.otp, otp: await totp(otp.secret, now) });
  // The confirming code is spent: the test's own codes come from the next 30 s step.
  await control(demo, 'clock', { advance_s: 30 });
  for (const channel of channels) {
    const associated = await post(
      demo,
      '/mfa-api/mfa/associate',
      { authenticator_types: ['oob'], oob_channels: [channel], email: user.email, phone_number: '+14155550100' },
      tokens.access_token,
    );
    if (channel === 'auth0') {
      const { enrollments } = await control(demo, `guardian?user_id=${user.user_id}`);
      await control(demo, `guardian/enrollments/${enrollments[0].enrollment_tx_id}/confirm`, { device_name: 'Pixel 9' });
    } else {
      const messages = await control(demo, `outbox?user_id=${user.user_id}`);
      await post(demo, '/mfa-api/oauth/token', {
        grant_type: GRANT_TYPES.oob, mfa_token: tokens.access_token, oob_code: associated.oob_code, binding_code: messages.at(-1).code,
      }, undefined, true);
    }
  }
  return { user_id: user.user_id, email: user.email, password: user.password, recoveryCode: otp.recovery_codes[0], secret: otp.secret };
}
