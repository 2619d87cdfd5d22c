/**
 * mfa-elements/testing: drive the simulator from tests and demos, in Node or in a page. The world outside the
 * browser (users, inboxes, the Guardian and authenticator apps, time, faults) through its /__sim/ control API.
 */
export { connectSimulator, SimulatorClient } from './simulator-client.ts';
export { SimulatorError } from './error.ts';
export { waitForEvent } from './wait-for-event.ts';
export type { Connection, FetchHandler, SimulatorTarget } from './connection.ts';
export type { NewUser, SimulatedUser, UserRef } from './users.ts';
export type { Channel, Inbox } from './inbox.ts';
export type { Guardian, GuardianChallenge, GuardianEnrollment } from './guardian.ts';
export type { AuthenticatorApp, AuthenticatorAppOptions } from './authenticator-app.ts';
export type { Duration, SimulatorClock } from './clock.ts';
export type { Faults } from './faults.ts';
export type { EnrollOptions, Enrollment, Factor } from './enroll.ts';
export type { WaitOptions } from './wait.ts';
export type { AccessTokenAnswer, ClockAnswer, CreatedUser, FaultRequest, GuardianView, OutboxMessage, SimulatorConfig, TotpEntry } from '../simulator/control-types.ts';
