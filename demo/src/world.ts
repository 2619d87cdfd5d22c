/** Side panels standing in for the world outside the browser: the phone (Guardian and an authenticator app) and an inbox. */
import { html, nothing, render } from 'lit';
import { connectSimulator, type GuardianView, type OutboxMessage, type TotpEntry } from '../../src/testing/index.ts';

/** The simulator embedded in the development backend, through mfa-elements/testing. */
export const simulator = connectSimulator('/mfa-dev');

const CHANNEL_LABEL = { email: 'Email', sms: 'Text message', voice: 'Voice call' } as const;

export function startWorld(phone: HTMLElement, inbox: HTMLElement, userId: () => string | undefined): void {
  let guardian: GuardianView = { enrollments: [], challenges: [] };
  let codes: TotpEntry[] = [];
  let messages: OutboxMessage[] = [];
  /** Requests that a newer one replaced: never offered again, even once the newer one is answered. */
  const superseded = new Set<string>();

  const draw = () => {
    // The phone shows the newest sign-in request only; earlier ones the page left behind (a reload, another
    // method) stay pending at Auth0 until they expire, and approving one would sign in nobody.
    const byAge = [...guardian.challenges].sort((a, b) => Date.parse(a.expires_at) - Date.parse(b.expires_at));
    for (const older of byAge.slice(0, -1)) superseded.add(older.id);
    const newest = byAge.filter((c) => !superseded.has(c.id)).at(-1);
    const abandoned = byAge.filter((c) => superseded.has(c.id)).length;
    render(
      html`<h3>Guardian app</h3>
        ${guardian.enrollments.length === 0 && !newest
          ? html`<p class="muted">No push notification right now.</p>`
          : nothing}
        <ul class="stack">
          ${guardian.enrollments.map(
            (e) => html`<li class="notice">
              <span>A QR code is on screen, waiting to be scanned.</span>
              <span class="row">
                <button type="button" class="primary" @click=${() => act(simulator.guardian(userId()!).confirmEnrollment(e.enrollment_tx_id, { device_name: 'Demo phone' }))}>Scan QR code</button>
                <button type="button" @click=${() => act(simulator.guardian(userId()!).rejectEnrollment(e.enrollment_tx_id))}>Refuse</button>
              </span>
            </li>`,
          )}
          ${newest
            ? html`<li class="notice">
                <span><strong>Sign-in request.</strong> Is it you?</span>
                <span class="row">
                  <button type="button" class="primary" @click=${() => act(simulator.guardian(userId()!).answer(newest.id, 'approve'))}>Approve</button>
                  <button type="button" @click=${() => act(simulator.guardian(userId()!).answer(newest.id, 'reject'))}>Deny</button>
                </span>
              </li>`
            : nothing}
        </ul>
        ${abandoned
          ? html`<p class="muted">${abandoned === 1 ? 'An earlier request was' : `${abandoned} earlier requests were`} left
              unanswered by the page; ${abandoned === 1 ? 'it expires' : 'they expire'} by itself within 5 minutes.</p>`
          : nothing}
        <h3>Authenticator app</h3>
        ${codes.length === 0
          ? html`<p class="muted">No account added yet.</p>`
          : html`<p class="muted">Enrolling push adds an entry here too: Auth0 creates an authenticator-app (TOTP)
              authenticator with every Guardian push enrollment, so that Guardian shows codes when the phone is offline.</p>`}
        <ul class="stack">
          ${codes.map(
            (c) => html`<li class="totp">
              <span class="totp__label"
                >mfa-elements demo ${c.active ? '' : html`<em>(not confirmed yet)</em>`}
                ${c.used ? html`<em>(used: Auth0 takes each code once, wait for the next)</em>` : nothing}</span
              >
              <span class="totp__code" aria-label="Current code ${c.code}">${c.code.slice(0, 3)} ${c.code.slice(3)}</span>
              <progress max="30" value=${c.remaining_s} aria-label="${c.remaining_s} seconds left"></progress>
            </li>`,
          )}
        </ul>`,
      phone,
    );
    render(
      messages.length === 0
        ? html`<p class="muted">No messages yet.</p>`
        : html`<ul class="stack">
            ${[...messages].reverse().map(
              (m) => html`<li class="message">
                <span class="message__meta">${CHANNEL_LABEL[m.channel]} to ${m.to} · ${new Date(m.sent_at).toLocaleTimeString()}</span>
                <span>Your verification code is <strong class="message__code">${m.code}</strong></span>
              </li>`,
            )}
          </ul>`,
      inbox,
    );
  };

  async function act(action: Promise<unknown>) {
    await action.catch(() => undefined);
    await refresh();
  }

  async function refresh() {
    const id = userId();
    try {
      // Nobody signed in: an empty phone and inbox, not everybody's.
      [guardian, messages, codes] = id
        ? await Promise.all([simulator.guardian(id).view(), simulator.inbox(id).messages(), simulator.authenticatorApp(id).entries()])
        : [{ enrollments: [], challenges: [] }, [], []];
    } catch {
      // A fault injected on purpose may hit these too; the next refresh catches up.
    }
    draw();
  }

  draw();
  void refresh();
  setInterval(refresh, 1000);
}
