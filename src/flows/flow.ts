/**
 * What every flow shares: state as data, one request per intent (a `@lit/task` Task: a new intent aborts the one
 * in flight and a stale answer never lands), deadlines on an injected clock, and one place for errors and
 * lockouts. No DOM: a flow is the reactive host of its own tasks and controllers, so it runs in Node as in a page.
 */
import { Task, TaskStatus, initialState } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MfaError } from '../api/errors.ts';
import type { MfaSession } from '../api/session.ts';
import type { Grant, TokenResponse } from '../api/types.ts';
import { systemClock, type Clock } from '../controllers/clock.ts';
import { LOCKOUT_S, type Message } from '../internal/messages.ts';

/** The length of the codes that apps, emails, texts and calls give. */
export const CODE_LENGTH = 6;

/** What a flow tells its view, besides its state. */
export type FlowEvent =
  | { type: 'changed' }
  | { type: 'step' }
  | { type: 'error'; error: MfaError }
  | { type: 'announce'; message: Message };

/** What the user reads under a field: a refused answer, or a check made before sending. */
export type Notice = MfaError | Message;

export interface FlowOptions {
  session: MfaSession;
  clock?: Clock;
  /** Resolves when the view can show recovery codes (it may load their element): the step waits for it. */
  recoveryCodesReady?: () => Promise<unknown>;
}

/** An intent's request: resolves with the change to make, applied only if no newer intent came. */
type Request = (signal: AbortSignal) => Promise<() => void>;

export abstract class Flow<S extends { step: string }, E extends { type: string } = never> implements ReactiveControllerHost {
  /** The error shown on the current step, if any. */
  error?: Notice;
  /** The code last submitted: the same code typed again does not submit itself again. */
  submitted = '';
  /** The end of a lockout (`too_many_attempts`, `rate_limited`), in clock milliseconds. */
  lockedUntil?: number;

  protected readonly session: MfaSession;
  protected readonly clock: Clock;
  #state: S;
  readonly #initial: S;
  readonly #recoveryCodesReady?: () => Promise<unknown>;
  readonly #controllers = new Set<ReactiveController>();
  readonly #listeners = new Set<(event: FlowEvent | E) => void>();
  readonly #timers = new Map<string, unknown>();
  readonly #request: Task<[Request], () => void>;

  constructor({ session, clock = systemClock, recoveryCodesReady }: FlowOptions, initial: S) {
    this.session = session;
    this.clock = clock;
    this.#recoveryCodesReady = recoveryCodesReady;
    this.#state = this.#initial = initial;
    this.#request = new Task<[Request], () => void>(this, {
      autoRun: false,
      task: async ([request], { signal }) => {
        let apply: () => void;
        try {
          apply = await untilAborted(request(signal), signal);
        } catch (error) {
          apply = () => this.fail(error);
        }
        return signal.aborted ? initialState : apply;
      },
      // After the task settles (Task swallows what onComplete throws, and a step it starts is a new task).
      onComplete: (apply) => queueMicrotask(apply),
    });
  }

  get state(): S {
    return this.#state;
  }

  /** True while an intent's request is out. */
  get busy(): boolean {
    return this.#request.status === TaskStatus.PENDING;
  }

  get locked(): boolean {
    return this.lockedUntil !== undefined && this.lockedUntil > this.clock.now();
  }

  /** Hears every change (`step` included) and event; returns the way to stop. */
  subscribe(listener: (event: FlowEvent | E) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops everything: the request in flight, polling, timers. The view calls it when it leaves the page. */
  abort(): void {
    this.#request.abort();
    for (const handle of this.#timers.values()) this.clock.clearTimeout(handle);
    this.#timers.clear();
    for (const controller of this.#controllers) controller.hostDisconnected?.();
    // Back to the start, silently: what the steps held (codes, secrets) goes with them.
    this.#state = this.#initial;
    this.error = undefined;
    this.submitted = '';
  }

  /** The user edits the field after an error: the error goes, unless it is a lockout counting down. */
  edit(): void {
    if (this.error && !this.locked) this.showError(undefined);
  }

  // ReactiveControllerHost: tasks and controllers report their changes here.
  addController(controller: ReactiveController): void {
    this.#controllers.add(controller);
  }

  removeController(controller: ReactiveController): void {
    this.#controllers.delete(controller);
  }

  requestUpdate(): void {
    this.emit({ type: 'changed' });
  }

  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true);
  }

  protected emit(event: FlowEvent | E): void {
    for (const listener of this.#listeners) listener(event);
  }

  /** A new step: its error and the previous intent's request are left behind. */
  protected goto(state: S): void {
    this.#request.abort();
    this.#state = state;
    this.error = undefined;
    this.submitted = '';
    this.emit({ type: 'step' });
  }

  /** The same step with new data. */
  protected update(state: S): void {
    this.#state = state;
    this.requestUpdate();
  }

  protected showError(error: Notice | undefined): void {
    this.error = error;
    this.requestUpdate();
  }

  protected announce(message: Message): void {
    this.emit({ type: 'announce', message });
  }

  /** Starts an intent's request; one in flight is aborted and its answer dropped. */
  protected request(request: Request): void {
    this.error = undefined;
    void this.#request.run([request]);
  }

  /** Checks a typed code before any request: not while locked out, six digits. True when it may be sent. */
  protected acceptCode(code: string): boolean {
    if (this.locked) return false;
    if (code.length !== CODE_LENGTH) {
      this.showError({ key: 'incompleteCode' });
      return false;
    }
    this.submitted = code;
    return true;
  }

  /** One of the MFA grants at /oauth/token; `then` gets its tokens unless a newer intent came. */
  protected grant(grant: Grant, fields: Record<string, string>, then: (tokens: TokenResponse) => void): void {
    this.announce({ key: 'verifying' });
    this.request(async (signal) => {
      const tokens = await this.session.withToken((token) => this.session.client.token(grant, token, fields, signal), signal);
      return () => then(tokens);
    });
  }

  /** Shows recovery codes with `show` once the view is ready for them (as one more request: a newer intent wins). */
  protected showRecoveryCodes(show: () => void): void {
    const ready = this.#recoveryCodesReady;
    if (!ready) return show();
    this.request(async () => {
      // A view that cannot load them still shows the step: the codes are in the state.
      await ready().catch(() => undefined);
      return show;
    });
  }

  /** Runs `run` at `at` (clock ms); a timer of the same name is replaced. Cleared by `abort()`. */
  protected at(name: string, at: number, run: () => void): void {
    this.clearTimer(name);
    this.#timers.set(
      name,
      this.clock.setTimeout(() => {
        this.#timers.delete(name);
        run();
      }, Math.max(0, at - this.clock.now())),
    );
  }

  protected clearTimer(name: string): void {
    this.clock.clearTimeout(this.#timers.get(name));
    this.#timers.delete(name);
  }

  /**
   * The one place errors go. What the user can fix where they are stays on the step, next to the field (a lockout
   * counts down there and clears itself); anything else ends on the error step.
   */
  protected fail(error: unknown): void {
    const mfaError = asMfaError(error);
    if (mfaError.recoverable && this.state.step !== 'loading') {
      if (mfaError.code === 'too_many_attempts' || mfaError.code === 'rate_limited') {
        this.lockedUntil = this.clock.now() + (mfaError.retryAfterS ?? LOCKOUT_S) * 1000;
        this.at('lockout', this.lockedUntil, () => {
          this.lockedUntil = undefined;
          this.showError(undefined);
        });
      }
      this.showError(mfaError);
      this.emit({ type: 'error', error: mfaError });
      return;
    }
    this.failed(mfaError);
  }

  /** The error step; each flow words it as its state. */
  protected abstract failed(error: MfaError): void;
}

export function asMfaError(error: unknown): MfaError {
  return error instanceof MfaError ? error : new MfaError('server_error', error instanceof Error ? error.message : String(error));
}

/** Settles when `promise` does, or rejects the moment `signal` aborts (a late answer is not waited for). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
