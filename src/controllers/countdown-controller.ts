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
  #timer?: unknown;

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
    this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #tick = (): void => {
    const now = this.clock.now();
    for (const [key, { end, onEnd }] of this.#named) {
      if (end > now) continue;
      this.#named.delete(key);
      onEnd?.();
    }
    const ends = [this.#shown, ...[...this.#named.values()].map(({ end }) => end)].filter((end) => end > now);
    if (this.#timer !== undefined || !ends.length) return;
    // The next whole second of the nearest countdown; half a second at most, so that a clock set forward shows soon.
    const next = Math.min(500, ...ends.map((end) => (end - now) % 1000 || 1000));
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = undefined;
      this.host.requestUpdate();
      this.#tick();
    }, next);
  };
}
