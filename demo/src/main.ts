import { html, nothing, render } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import '../../src/define/index.ts';
import type { DevBackendConfig } from '../../src/vite/dev-backend.ts';
import { DemoError, demo, type DemoUser } from './api.ts';
import { startEventLog } from './event-log.ts';
import { simulator, startWorld } from './world.ts';

type Tab = 'enroll' | 'challenge' | 'recovery-codes';

const state = {
  config: undefined as DevBackendConfig | undefined,
  user: undefined as DemoUser | undefined,
  /** An access token for the MFA API, once the user verified: it can enroll more factors. */
  accessToken: undefined as string | undefined,
  signedIn: false,
  /** The address of the last user, kept after sign-out to sign in again without retyping it. */
  lastEmail: '',
  /** The password the simulator's new users get, to say it in the sign-in form. */
  newUserPassword: '',
  /** The mfa_token of the login that checked the password, used by the element's first call. */
  pendingToken: undefined as string | undefined,
  tab: 'enroll' as Tab,
  factor: '',
  preferred: '',
  /** The newest recovery code the demo saw (from a recovery-code login). */
  recoveryCode: '',
  language: 'en',
  busy: false,
  error: '',
  generation: 0,
};

const $ = (id: string) => document.getElementById(id)!;

async function config(): Promise<DevBackendConfig> {
  try {
    return await demo.config();
  } catch {
    // No server answered: this is the static build. Run the backend inside the page.
    const { installInPageBackend } = await import('./static-backend.ts');
    installInPageBackend();
    return demo.config();
  }
}

/** The login's mfa_token first; each later call is a fresh password grant, as an application gets a new one. */
async function mfaToken(): Promise<string> {
  const pending = state.pendingToken;
  state.pendingToken = undefined;
  if (pending) return pending;
  const { mfa_token, user_id } = await demo.login(state.user!);
  if (user_id) state.user!.user_id = user_id;
  return mfa_token;
}

function restart(tab?: Tab): void {
  if (tab) state.tab = tab;
  state.generation++;
  draw();
}

/** On a phone the element sits below the sign-in card: bring it into view once a user is signed in. */
function showElement(): void {
  if (matchMedia('(max-width: 900px)').matches) $('elements-title').scrollIntoView({ block: 'start' });
}

async function newUser(): Promise<void> {
  state.busy = true;
  state.error = '';
  draw();
  try {
    const { email, password, user_id, mfa_token } = await demo.signup();
    state.user = { email, password, user_id };
    state.pendingToken = mfa_token;
    state.newUserPassword = password;
    state.accessToken = undefined;
    state.signedIn = false;
    restart('enroll');
    showElement();
  } catch (error) {
    state.error = (error as Error).message;
  } finally {
    state.busy = false;
    draw();
  }
}

/** The password is checked here, as a login form would, before any MFA element is shown. */
async function signIn(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  const user = { email: String(form.get('email')), password: String(form.get('password')) };
  state.busy = true;
  state.error = '';
  draw();
  try {
    const { mfa_token, user_id } = await demo.login(user);
    state.user = { ...user, user_id };
    state.pendingToken = mfa_token;
    state.accessToken = undefined;
    state.signedIn = false;
    restart('challenge');
    showElement();
  } catch (error) {
    // Auth0 answers a wrong email or password with invalid_grant.
    state.error = error instanceof DemoError && error.code === 'invalid_grant' ? 'Wrong email or password.' : (error as Error).message;
  } finally {
    state.busy = false;
    draw();
  }
}

function signOut(): void {
  state.lastEmail = state.user?.email ?? state.lastEmail;
  state.pendingToken = undefined;
  state.user = state.accessToken = undefined;
  state.signedIn = false;
  restart();
}

function onSuccess(event: Event): void {
  const { tokens } = (event as CustomEvent).detail;
  state.accessToken = tokens.access_token;
  if (tokens.recovery_code) state.recoveryCode = tokens.recovery_code;
  state.signedIn = true;
  draw();
}

function renderSignIn() {
  if (state.user) {
    return html`<p class="signed-in">
        ${state.signedIn ? html`<span class="badge badge--ok">Signed in</span>` : html`<span class="badge">Second factor needed</span>`}
        <strong>${state.user.email}</strong>
        ${state.config?.mode === 'simulator' ? html`<span class="muted">password: <code>${state.user.password}</code></span>` : nothing}
      </p>
      <p class="row"><button type="button" @click=${signOut}>Sign out</button></p>`;
  }
  return html`${state.config?.mode === 'simulator'
      ? html`<p>Start as a brand-new user with no second factor yet:</p>
          <p><button type="button" class="primary" ?disabled=${state.busy} @click=${newUser}>New user</button></p>
          <p class="muted">Or sign in as a user you created before:</p>`
      : html`<p>Sign in with a user of your Auth0 tenant (the password grant must be enabled for the application).</p>`}
    <form class="login" @submit=${signIn}>
      <label>Email <input name="email" type="email" autocomplete="username" required .value=${state.lastEmail} /></label>
      <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
      <button type="submit" ?disabled=${state.busy}>Sign in</button>
    </form>
    ${state.newUserPassword ? html`<p class="muted">Users made with New user have the password <code>${state.newUserPassword}</code>.</p>` : nothing}
    ${state.error ? html`<p role="alert" class="error">${state.error}</p>` : nothing}`;
}

const TABS: [Tab, string][] = [
  ['enroll', 'Enroll'],
  ['challenge', 'Challenge'],
  ['recovery-codes', 'Recovery codes'],
];

function renderTabs() {
  return TABS.map(
    ([tab, label]) => html`<button
      type="button"
      role="tab"
      id="tab-${tab}"
      aria-selected=${state.tab === tab}
      aria-controls="tab-panel"
      tabindex=${state.tab === tab ? 0 : -1}
      @click=${() => restart(tab)}
      @keydown=${onTabKey}
    >
      ${label}
    </button>`,
  );
}

function onTabKey(event: KeyboardEvent): void {
  const index = TABS.findIndex(([tab]) => tab === state.tab);
  const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
  if (!step) return;
  restart(TABS[(index + step + TABS.length) % TABS.length][0]);
  $(`tab-${state.tab}`).focus();
}

function select(label: string, value: string, options: [string, string][], onChange: (value: string) => void) {
  return html`<label class="inline">${label}
    <select @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
      ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
    </select>
  </label>`;
}

function renderPanel() {
  $('tab-panel').setAttribute('aria-labelledby', `tab-${state.tab}`);
  if (state.tab === 'recovery-codes') {
    const code = state.recoveryCode || 'DEMO0000SAMPLE0000CODE00';
    return html`<p class="muted">
        ${state.recoveryCode
          ? 'The recovery code Auth0 returned at your last recovery-code login (the demo sets include-recovery-code).'
          : 'A sample code: enroll a first factor to see a real one, or sign in with a recovery code.'}
      </p>
      <mfa-recovery-codes lang=${state.language} .codes=${[code]}></mfa-recovery-codes>`;
  }
  if (!state.user) return html`<p class="muted">Sign in first: press <strong>New user</strong>.</p>`;
  const autoSubmit = html`<p class="muted hint">Six-digit codes submit themselves at the sixth digit: no need to press Verify.</p>`;
  const key = `${state.tab}:${state.generation}:${state.factor}:${state.preferred}:${state.user.email}`;
  if (state.tab === 'enroll') {
    return html`<div class="row">
        ${select('Factor', state.factor, [['', 'Let the user choose'], ['otp', 'Authenticator app'], ['push', 'Push (Guardian)'], ['email', 'Email'], ['sms', 'SMS'], ['voice', 'Voice']], (v) => ((state.factor = v), restart()))}
      </div>
      ${keyed(
        key,
        html`<mfa-enroll
          api-base="/mfa-api"
          lang=${state.language}
          factor=${state.factor}
          email=${state.user.email}
          .tokenProvider=${async () => state.accessToken ?? (await mfaToken())}
          @mfa-enrolled=${onSuccess}
        ></mfa-enroll>`,
      )}
      ${autoSubmit}`;
  }
  return html`<div class="row">
      ${select('Start with', state.preferred, [['', 'Default order'], ['push', 'Push'], ['otp', 'Authenticator app'], ['email', 'Email'], ['sms', 'SMS'], ['voice', 'Voice'], ['recovery-code', 'Recovery code']], (v) => ((state.preferred = v), restart()))}
    </div>
    ${keyed(
      key,
      html`<mfa-challenge
        api-base="/mfa-api"
        lang=${state.language}
        preferred=${state.preferred}
        include-recovery-code
        .tokenProvider=${mfaToken}
        @mfa-verified=${onSuccess}
      ></mfa-challenge>`,
    )}
    ${autoSubmit}`;
}

function draw(): void {
  render(renderSignIn(), $('signin'));
  render(renderTabs(), $('tabs'));
  render(renderPanel(), $('tab-panel'));
}

function setUpControls(): void {
  const theme = $('theme') as HTMLSelectElement;
  theme.addEventListener('change', () => (document.documentElement.dataset.theme = theme.value));
  const language = $('language') as HTMLSelectElement;
  language.addEventListener('change', () => {
    state.language = language.value;
    draw();
  });
  const faults = $('faults') as HTMLSelectElement;
  faults.addEventListener('change', async () => {
    await simulator.faults.clear();
    const fault = {
      latency: { path: '/', latency_ms: 2000, count: 1000 },
      errors: { path: '/', status: 503, count: 3 },
      drop: { path: '/', drop: true, count: 2 },
    }[faults.value];
    if (fault) await simulator.faults.inject(fault);
  });
  $('skip').addEventListener('click', () => void simulator.clock.advance('5m'));
}

state.config = await config();
document.documentElement.dataset.mode = state.config.mode;
$('mode').textContent = state.config.mode === 'simulator' ? 'Running on the embedded simulator' : 'Running on your Auth0 tenant';
setUpControls();
startEventLog($('log'));
if (state.config.mode === 'simulator') startWorld($('phone'), $('inbox'), () => state.user?.user_id);
draw();
