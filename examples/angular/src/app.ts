import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import type { MfaVerifiedEvent } from 'mfa-elements';
// Registers <mfa-enroll>, <mfa-challenge> and <mfa-recovery-codes>.
import 'mfa-elements/define';
import { login } from './login';

@Component({
  selector: 'app-root',
  // The mfa-* tags are custom elements: Angular leaves them, their attributes and events to the browser.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <h1>mfa-elements in Angular</h1>
    @switch (step()) {
      @case ('signed-out') {
        <button type="button" (click)="signUp()">New user</button>
      }
      @case ('enroll') {
        <mfa-enroll api-base="/mfa-api" factor="otp" [tokenProvider]="tokenProvider" (mfa-enrolled)="step.set('enrolled')"></mfa-enroll>
      }
      @case ('enrolled') {
        <p>Enrolled. <button type="button" (click)="step.set('challenge')">Sign in again</button></p>
      }
      @case ('challenge') {
        <mfa-challenge api-base="/mfa-api" [tokenProvider]="tokenProvider" (mfa-verified)="onVerified($event)"></mfa-challenge>
      }
      @case ('verified') {
        <p role="status">Verified with {{ factor() }}.</p>
      }
    }
  `,
})
export class App {
  readonly step = signal<'signed-out' | 'enroll' | 'enrolled' | 'challenge' | 'verified'>('signed-out');
  readonly factor = signal('');
  private userId = '';
  readonly tokenProvider = async () => (await login(this.userId)).mfa_token;

  async signUp(): Promise<void> {
    this.userId = (await login()).user_id;
    this.step.set('enroll');
  }

  // With CUSTOM_ELEMENTS_SCHEMA the template types $event as Event: the event map says what it is.
  onVerified(event: Event): void {
    this.factor.set((event as MfaVerifiedEvent).detail.authenticator.authenticator_type);
    this.step.set('verified');
  }
}
