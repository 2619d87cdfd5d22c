/**
 * Countdowns for the view: re-renders the host once a second while a deadline it shows is ahead, and calls a
 * named countdown's `onEnd` when it runs out. Deadlines are data (milliseconds, from a flow's state); the
 * controller only keeps the picture of them moving.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { systemClock, type Clock } from './clock.ts';

export class CountdownController implements ReactiveController {
  readonly #named = new Map<string, { end: number; onEnd?: () => void }>();
  /** The latest deadline the last render showed. */
  #shown = 0;
  #timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly clock: Clock = systemClock,
  ) {
    host.addController(this);
  }

  /** A named countdown of the view's own (a "Copied" label); `onEnd` runs when it is over. */
  start(key: string, seconds: number, onEnd?: () => void): void {
    this.#named.set(key, { end: this.clock.now() + seconds * 1000, onEnd });
    this.#tick();
  }

  /** Whole seconds left of a named countdown, 0 when done or never started. */
  remaining(key: string): number {
    return this.secondsUntil(this.#named.get(key)?.end);
  }

  /** Whole seconds until `deadline` (ms), 0 when past or none; the host re-renders each second until then. */
  secondsUntil(deadline: number | undefined): number {
    if (deadline === undefined) return 0;
    this.#shown = Math.max(this.#shown, deadline);
    return Math.max(0, Math.ceil((deadline - this.clock.now()) / 1000));
  }

  clear(key: string): void {
    this.#named.delete(key);
  }

  hostUpdate(): void {
    this.#shown = 0;
  }

  hostUpdated(): void {
    this.#tick();
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Ends what is over; ticks once a second while a countdown is ahead, and stops when none is. */
  #tick = (): void => {
    const now = this.clock.now();
    for (const [key, { end, onEnd }] of this.#named) {
      if (end > now) continue;
      this.#named.delete(key);
      onEnd?.();
    }
    if (this.#shown > now || this.#named.size) {
      this.#timer ??= setInterval(() => {
        this.host.requestUpdate();
        this.#tick();
      }, 1000);
    } else {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  };
}
