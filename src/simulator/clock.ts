/**
 * Simulated time: real time plus an offset that tests and demos advance. A frozen clock moves only when
 * advanced, so a test of an exact boundary (valid at 599 s, expired at 600 s) does not depend on how long
 * the machine took between two requests.
 */
export class Clock {
  #offsetMs = 0;
  readonly #frozenAt?: number;

  constructor(options: { frozen?: boolean } = {}) {
    if (options.frozen) this.#frozenAt = Date.now();
  }

  now(): number {
    return (this.#frozenAt ?? Date.now()) + this.#offsetMs;
  }

  advance(seconds: number): void {
    this.#offsetMs += seconds * 1000;
  }

  reset(): void {
    this.#offsetMs = 0;
  }
}
