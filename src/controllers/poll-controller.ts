/**
 * Polls `/oauth/token` for a push answer the way Auth0 asks: every 5 s, 5 s more after each
 * `slow_down`, paused while the tab is hidden, stopped the moment the host leaves the page, and
 * backing off on network errors instead of failing. Hands back the poll's value: `done(value)`.
 * No DOM is needed: without a `document` (Node), the page is never hidden.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MfaError } from '../api/errors.ts';
import { systemClock, type Clock } from './clock.ts';

export const POLL_INTERVAL_S = 5;
const MAX_BACKOFF_S = 60;
const TRANSIENT = new Set(['network', 'server_error', 'bad_response', 'rate_limited']);

/** One poll: resolves with the answer, throws `authorization_pending` to go on. */
export type Poll<T> = (signal: AbortSignal) => Promise<T>;

export interface PollCallbacks<T> {
  /** A poll resolved: the answer came. */
  done(value: T): void;
  /** A poll failed in a way polling cannot fix (rejection, expiry, …). */
  failed(error: unknown): void;
}

const page = (): Document | undefined => (typeof document === 'undefined' ? undefined : document);

export class PollController<T> implements ReactiveController {
  intervalS = POLL_INTERVAL_S;
  /** True after a network error, until a poll gets an answer again. */
  reconnecting = false;
  #poll?: Poll<T>;
  #callbacks?: PollCallbacks<T>;
  #timer?: unknown;
  #abort?: AbortController;
  #failures = 0;
  #lastPollAt = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly clock: Clock = systemClock,
  ) {
    host.addController(this);
  }

  get active(): boolean {
    return this.#poll !== undefined;
  }

  /** Starts polling after one interval (the challenge was just sent). */
  start(poll: Poll<T>, callbacks: PollCallbacks<T>): void {
    this.stop();
    this.#poll = poll;
    this.#callbacks = callbacks;
    this.intervalS = POLL_INTERVAL_S;
    this.#failures = 0;
    this.#lastPollAt = this.clock.now();
    page()?.addEventListener('visibilitychange', this.#onVisibility);
    this.#schedule(this.intervalS);
  }

  stop(): void {
    this.clock.clearTimeout(this.#timer);
    this.#abort?.abort();
    this.#timer = this.#abort = this.#poll = this.#callbacks = undefined;
    this.reconnecting = false;
    page()?.removeEventListener('visibilitychange', this.#onVisibility);
  }

  hostDisconnected(): void {
    this.stop();
  }

  #schedule(delayS: number): void {
    this.clock.clearTimeout(this.#timer);
    if (page()?.visibilityState === 'hidden') return;
    this.#timer = this.clock.setTimeout(() => void this.#run(), Math.max(0, delayS * 1000));
  }

  #onVisibility = (): void => {
    if (!this.#poll) return;
    if (page()?.visibilityState === 'hidden') {
      this.clock.clearTimeout(this.#timer);
      return;
    }
    // Back in view: poll as soon as the interval since the last poll allows.
    if (!this.#abort) this.#schedule(this.intervalS - (this.clock.now() - this.#lastPollAt) / 1000);
  };

  async #run(): Promise<void> {
    const poll = this.#poll;
    if (!poll || this.#abort) return;
    const abort = (this.#abort = new AbortController());
    this.#lastPollAt = this.clock.now();
    try {
      const value = await poll(abort.signal);
      if (abort.signal.aborted) return;
      const { done } = this.#callbacks!;
      this.stop();
      done(value);
    } catch (error) {
      if (abort.signal.aborted) return;
      this.#abort = undefined;
      this.#handle(error);
    } finally {
      this.host.requestUpdate();
    }
  }

  #handle(error: unknown): void {
    const code = error instanceof MfaError ? error.code : 'network';
    if (code === 'authorization_pending') {
      this.#failures = 0;
      this.reconnecting = false;
      this.#schedule(this.intervalS);
    } else if (code === 'slow_down') {
      this.reconnecting = false;
      this.intervalS += 5;
      this.#schedule(this.intervalS);
    } else if (TRANSIENT.has(code)) {
      this.reconnecting = true;
      this.#failures += 1;
      const retryAfterS = error instanceof MfaError ? (error.retryAfterS ?? 0) : 0;
      this.#schedule(Math.max(retryAfterS, Math.min(MAX_BACKOFF_S, this.intervalS * 2 ** (this.#failures - 1))));
    } else {
      const { failed } = this.#callbacks!;
      this.stop();
      failed(error);
    }
  }
}
