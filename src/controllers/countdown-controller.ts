/** Named countdowns (a resend cooldown per authenticator, a lockout) that tick once a second and stop on disconnect. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class CountdownController implements ReactiveController {
  readonly #ends = new Map<string, number>();
  #timer?: ReturnType<typeof setInterval>;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  start(key: string, seconds: number): void {
    this.#ends.set(key, Date.now() + seconds * 1000);
    this.#tick();
  }

  /** Whole seconds left, 0 when done or never started. */
  remaining(key: string): number {
    const end = this.#ends.get(key);
    return end === undefined ? 0 : Math.max(0, Math.ceil((end - Date.now()) / 1000));
  }

  clear(key: string): void {
    this.#ends.delete(key);
  }

  hostConnected(): void {
    this.#tick();
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #tick = (): void => {
    for (const [key, end] of this.#ends) if (end <= Date.now()) this.#ends.delete(key);
    this.host.requestUpdate();
    if (this.#ends.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    } else {
      this.#timer ??= setInterval(this.#tick, 1000);
    }
  };
}

/** `5:07`, or `42 s` under a minute. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
