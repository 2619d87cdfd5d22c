// mfa-elements/testing in a page of the app, type-checked as the app's own code: every call typed end to end.
import { connectSimulator, SimulatorError, waitForEvent, type Enrollment, type TotpEntry } from 'mfa-elements/testing';

const sim = connectSimulator('/mfa-dev');
const user = await sim.createUser({ email_verified: false });
const enrolled: Enrollment = await sim.enroll(user, 'push', { device_name: 'Pixel 9' });
const entries: TotpEntry[] = await sim.authenticatorApp(user).entries();
const code: string = await sim.inbox(user).lastCode('sms', { timeout: 5_000 });
const now: Date = await sim.clock.advance('5m');
const verified = await waitForEvent(document.querySelector('mfa-challenge')!, 'mfa-verified');
console.log(enrolled.authenticator_id, entries[0].used, code, now.getTime(), verified.detail.tokens.access_token);
sim.reset().catch((error) => console.log(error instanceof SimulatorError && error.status));

// Proof that the types are real, not `any`: each line below must be an error.
// @ts-expect-error not a factor
await sim.enroll(user, 'fax');
// @ts-expect-error not a duration
await sim.clock.advance('5 minutes');
