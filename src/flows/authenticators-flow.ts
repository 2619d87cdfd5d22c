/**
 * `<mfa-authenticators>`' flow, without DOM: list a signed-in user's authenticators (active apart from pending), remove
 * one or every pending one after a confirmation, and add one with `<mfa-enroll>`, then list again. The token is an
 * access token for `https://{domain}/mfa/` with `read:authenticators remove:authenticators enroll`.
 */
import { MfaError } from '../api/errors.ts';
import type { Authenticator } from '../api/types.ts';
import { ENROLL_ORDER, FACTOR_NAMES, FACTOR_ORDER, factorOf, type EnrollFactor, type Factor } from '../internal/factors.ts';
import type { Message } from '../internal/messages.ts';
import { Flow, type FlowOptions } from './flow.ts';

/** One listed method: what Auth0 lists, with the totp that Guardian push brings folded into its push. */
export interface Method {
  authenticator: Authenticator;
  /** Undefined for a kind this version does not know: still listed, and removable. */
  factor?: Factor;
  /** Push only: the `totp|` authenticator listed right after it, the same device (removed with it). */
  paired?: Authenticator;
  /** False for the recovery code: Auth0 does not let the MFA API delete it (the Management API regenerates it). */
  removable: boolean;
}

export type AuthenticatorsState =
  | { step: 'loading' }
  | { step: 'list'; methods: Method[] }
  /** `remove`: one method, or every pending one. `last`: removing it leaves no active factor. */
  | { step: 'confirm'; methods: Method[]; remove: Method[]; last: boolean }
  /** `factors`: what `<mfa-enroll>` offers: the kinds the user has no active one of (phones always). */
  | { step: 'add'; methods: Method[]; factors: EnrollFactor[] }
  | { step: 'error'; error: MfaError };

/** The steps `<mfa-authenticators>` shows, as `mfa-step-change` names them. */
export type AuthenticatorsStep = AuthenticatorsState['step'];

export type AuthenticatorsEvent = { type: 'removed'; authenticator: Authenticator };

export interface AuthenticatorsOptions {
  /** The factors the user may add (those the tenant enables), in this order; all when empty. */
  factors?: EnrollFactor[];
}

/** Kinds a user may hold several of: each phone number is its own authenticator. */
const REPEATABLE = new Set<EnrollFactor>(['sms', 'voice']);

export class AuthenticatorsFlow extends Flow<AuthenticatorsState, AuthenticatorsEvent> {
  #options: AuthenticatorsOptions = {};
  readonly #enrollReady?: () => Promise<unknown>;

  /** `enrollReady`: resolves once `<mfa-enroll>` can be shown (the view may load it); the add step waits for it. */
  constructor(options: FlowOptions & { enrollReady?: () => Promise<unknown> }) {
    super(options, { step: 'loading' });
    this.#enrollReady = options.enrollReady;
  }

  /** The methods of the current step (none while loading or on the error step). */
  get methods(): Method[] {
    return 'methods' in this.state ? this.state.methods : [];
  }

  get active(): Method[] {
    return this.methods.filter((m) => m.authenticator.active);
  }

  /** Associated, never confirmed: they cannot be used, and count toward Auth0's limit of authenticators per user. */
  get pending(): Method[] {
    return this.methods.filter((m) => !m.authenticator.active);
  }

  /** What "Add a method" offers: the page's factors less the kinds the user has an active one of (phones always). */
  get addable(): EnrollFactor[] {
    const have = new Set(this.active.map((m) => m.factor));
    const allowed = this.#options.factors?.length ? this.#options.factors : ENROLL_ORDER;
    return allowed.filter((factor) => REPEATABLE.has(factor) || !have.has(factor));
  }

  /** (Re)starts: a fresh token, then the list. */
  begin(options: AuthenticatorsOptions = this.#options): void {
    this.#options = options;
    this.goto({ step: 'loading' });
    this.request(async (signal) => {
      await this.session.freshToken(signal);
      const methods = await this.#list(signal);
      return () => this.goto({ step: 'list', methods });
    });
  }

  /** The error step's button: lists again. */
  retry(): void {
    this.begin();
  }

  /** Asks to remove one method: the confirmation step names it, and warns when it is the last active factor. */
  askRemove(method: Method): void {
    if (this.state.step !== 'list' || !method.removable) return;
    const counted = this.active.filter(countsAsFactor);
    const last = method.authenticator.active && countsAsFactor(method) && counted.length === 1;
    this.goto({ step: 'confirm', methods: this.methods, remove: [method], last });
  }

  /** Asks to remove every pending method at once. */
  askRemovePending(): void {
    if (this.state.step !== 'list' || !this.pending.length) return;
    this.goto({ step: 'confirm', methods: this.methods, remove: this.pending, last: false });
  }

  /** Back to the list from the confirmation or the add step, nothing changed. */
  cancel(): void {
    if (this.state.step === 'confirm' || this.state.step === 'add') this.goto({ step: 'list', methods: this.methods });
  }

  /**
   * Removes what the confirmation names, one DELETE each, then lists again. A failure keeps the step with what is
   * left to remove; a refusal (no `remove:authenticators`) goes back to the list and says so.
   */
  confirmRemove(): void {
    const state = this.state;
    if (state.step !== 'confirm' || this.busy) return;
    this.request(async (signal) => {
      const removed: Method[] = [];
      try {
        for (const method of state.remove) {
          const { id } = method.authenticator;
          await this.session.withToken((token) => this.session.client.deleteAuthenticator(token, id, signal), signal);
          removed.push(method);
          this.emit({ type: 'removed', authenticator: method.authenticator });
        }
      } catch (error) {
        if (signal.aborted || !removed.length) throw error;
        // Some went: the step keeps only the rest, and the error is shown there.
        return () => {
          const left = state.remove.filter((m) => !removed.includes(m));
          const methods = state.methods.filter((m) => !removed.includes(m));
          this.update({ ...state, methods, remove: left });
          this.fail(error);
        };
      }
      const methods = await this.#list(signal).catch(() => state.methods.filter((m) => !removed.includes(m)));
      return () => {
        this.goto({ step: 'list', methods });
        this.announce(
          removed.length === 1
            ? { key: 'authenticatorsRemoved', params: { name: nameOf(removed[0]) } }
            : { key: 'authenticatorsRemovedPending', params: { count: removed.length } },
        );
      };
    });
  }

  /** Shows `<mfa-enroll>` with the kinds the user can add, once the view has it. */
  add(): void {
    if (this.state.step !== 'list' || this.busy) return;
    const factors = this.addable;
    if (!factors.length) return;
    const methods = this.methods;
    this.request(async () => {
      await this.#enrollReady?.().catch(() => {
        throw new MfaError('network', 'The <mfa-enroll> chunk could not be loaded.');
      });
      return () => this.goto({ step: 'add', methods, factors });
    });
  }

  /** `<mfa-enroll>` said `mfa-enrolled`: back to the list, read again. */
  enrolled(): void {
    if (this.state.step !== 'add') return;
    const methods = this.methods;
    this.request(async (signal) => {
      const fresh = await this.#list(signal).catch(() => methods);
      return () => {
        this.goto({ step: 'list', methods: fresh });
        this.announce({ key: 'authenticatorsAdded' });
      };
    });
  }

  async #list(signal: AbortSignal): Promise<Method[]> {
    const list = await this.session.withToken((token) => this.session.client.listAuthenticators(token, signal), signal);
    return methodsOf(list);
  }

  protected override failed(error: MfaError): void {
    const state = this.state;
    // A refused removal: the list stays, with why. Without `remove:authenticators` (an mfa_token has none), the page
    // may remove nothing; otherwise Auth0 keeps this one (a verified email, which the list does not tell apart).
    if (state.step === 'confirm' && error.status === 403) {
      this.goto({ step: 'list', methods: state.methods });
      this.showError(
        error.code === 'insufficient_scope'
          ? { key: 'authenticatorsRemoveRefused' }
          : { key: 'authenticatorsCannotRemove', params: { name: nameOf(state.remove[0]) } },
      );
      this.emit({ type: 'error', error });
      return;
    }
    this.goto({ step: 'error', error });
    this.emit({ type: 'error', error });
  }
}

/** What the user calls a method: its kind ("Authenticator app"); an unknown kind is "Other method". */
export const nameOf = (method: Method): Message => ({ key: method.factor ? FACTOR_NAMES[method.factor] : 'authenticatorsOther' });

/** A recovery code alone is no second factor to warn about: the last factor is the last other active one. */
const countsAsFactor = (method: Method): boolean => method.factor !== 'recovery-code';

const rank = (method: Method): number => (method.factor ? FACTOR_ORDER.indexOf(method.factor) : FACTOR_ORDER.length);

/**
 * The list as the user reads it: Auth0 lists the `totp|` that Guardian push brings right after its `push|` (REC):
 * one device, one method. Ordered as the challenge offers them, recovery code last, unknown kinds after.
 */
export function methodsOf(list: Authenticator[]): Method[] {
  const methods: Method[] = [];
  for (const authenticator of list) {
    const factor = factorOf(authenticator);
    // Unconfirmed, the recovery code of an abandoned first association works only once a factor is confirmed, and
    // cannot be removed: nothing to show or do.
    if (factor === 'recovery-code' && !authenticator.active) continue;
    const previous = methods[methods.length - 1];
    if (factor === 'otp' && previous?.factor === 'push' && !previous.paired && previous.authenticator.active === authenticator.active) {
      previous.paired = authenticator;
      continue;
    }
    methods.push({ authenticator, ...(factor && { factor }), removable: factor !== 'recovery-code' });
  }
  return methods.sort((a, b) => rank(a) - rank(b));
}
