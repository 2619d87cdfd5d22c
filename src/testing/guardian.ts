/** A user's Guardian app: it scans enrollment QR codes and answers push challenges. */
import type { GuardianView } from '../simulator/control-types.ts';
import type { Connection } from './connection.ts';
import { userId, userQuery, type UserRef } from './users.ts';
import { waitFor, type WaitOptions } from './wait.ts';

export type GuardianEnrollment = GuardianView['enrollments'][number];
export type GuardianChallenge = GuardianView['challenges'][number];

export class Guardian {
  constructor(
    readonly connection: Connection,
    /** Whose app; without one, every user's pending pushes (the control API's view, unfiltered). */
    readonly user?: UserRef,
  ) {}

  /** Push enrollments whose QR code is on screen, waiting to be scanned. */
  async enrollments(): Promise<GuardianEnrollment[]> {
    return (await this.view()).enrollments;
  }

  /** Push challenges (sign-in requests) waiting for an answer. */
  async challenges(): Promise<GuardianChallenge[]> {
    return (await this.view()).challenges;
  }

  /** The phone scans this enrollment's QR code: the push authenticator (and its TOTP) become active. */
  async confirmEnrollment(enrollmentTxId: string, options: { device_name?: string } = {}): Promise<void> {
    const body = options.device_name ? { device_name: options.device_name } : {};
    await this.connection.call('POST', `/__sim/guardian/enrollments/${encodeURIComponent(enrollmentTxId)}/confirm`, { json: body });
  }

  /** The phone refuses this enrollment: polling it answers `access_denied`. */
  async rejectEnrollment(enrollmentTxId: string): Promise<void> {
    await this.connection.call('POST', `/__sim/guardian/enrollments/${encodeURIComponent(enrollmentTxId)}/reject`, { json: {} });
  }

  /** The user answers this sign-in request. */
  async answer(challengeId: string, answer: 'approve' | 'reject'): Promise<void> {
    await this.connection.call('POST', `/__sim/guardian/challenges/${encodeURIComponent(challengeId)}/${answer}`, { json: {} });
  }

  /** The phone scans the QR code on screen (waiting for one): the push authenticator becomes active. */
  async confirmNext(options: WaitOptions & { device_name?: string } = {}): Promise<GuardianEnrollment> {
    const enrollment = await this.#nextEnrollment(options);
    await this.confirmEnrollment(enrollment.enrollment_tx_id, options);
    return enrollment;
  }

  /** The phone refuses the enrollment on screen (waiting for one): polling it answers `access_denied`. */
  async rejectNextEnrollment(options: WaitOptions = {}): Promise<GuardianEnrollment> {
    const enrollment = await this.#nextEnrollment(options);
    await this.rejectEnrollment(enrollment.enrollment_tx_id);
    return enrollment;
  }

  /** The user approves the newest sign-in request (waiting for one). */
  approveNext(options: WaitOptions = {}): Promise<GuardianChallenge> {
    return this.#answerNext('approve', options);
  }

  /** The user denies the newest sign-in request (waiting for one): polling it answers `access_denied`. */
  rejectNext(options: WaitOptions = {}): Promise<GuardianChallenge> {
    return this.#answerNext('reject', options);
  }

  /** Both lists in one call: what the Guardian app shows. */
  view(): Promise<GuardianView> {
    return this.connection.call<GuardianView>('GET', `/__sim/guardian${this.user === undefined ? '' : userQuery(this.user)}`);
  }

  #nextEnrollment(options: WaitOptions): Promise<GuardianEnrollment> {
    return waitFor(`a push enrollment${this.#whose()} to scan`, async () => (await this.enrollments()).at(-1), options);
  }

  #whose(): string {
    return this.user === undefined ? '' : ` of ${userId(this.user)}`;
  }

  async #answerNext(answer: 'approve' | 'reject', options: WaitOptions): Promise<GuardianChallenge> {
    // The newest: a page that started another request left the older one pending, as on a real phone.
    const newest = async () => (await this.challenges()).sort((a, b) => Date.parse(a.expires_at) - Date.parse(b.expires_at)).at(-1);
    const challenge = await waitFor(`a push challenge${this.#whose()} to ${answer}`, newest, options);
    await this.answer(challenge.id, answer);
    return challenge;
  }
}
