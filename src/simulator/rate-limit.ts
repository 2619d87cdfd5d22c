/** A token bucket on the simulator's clock: `capacity` at once, one more every `refillS` seconds. */
export class TokenBucket {
  #tokens: number;
  #updatedAt: number;

  constructor(
    readonly capacity: number,
    readonly refillS: number,
    now: number,
  ) {
    this.#tokens = capacity;
    this.#updatedAt = now;
  }

  #refill(now: number): void {
    // The clock only moves back on a reset: nothing is earned then.
    const earned = Math.max(0, now - this.#updatedAt) / 1000 / this.refillS;
    this.#tokens = Math.min(this.capacity, this.#tokens + earned);
    this.#updatedAt = now;
  }

  available(now: number): boolean {
    this.#refill(now);
    return this.#tokens >= 1;
  }

  /** Takes one token; false when the bucket is empty. */
  take(now: number): boolean {
    if (!this.available(now)) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Seconds until one token is available again. */
  retryAfterS(now: number): number {
    this.#refill(now);
    return Math.max(0, Math.ceil((1 - this.#tokens) * this.refillS));
  }

  /** Auth0's `X-RateLimit-*` headers: the limit, whole requests left, and the Unix second of the next refill. */
  headers(now: number): Record<string, string> {
    this.#refill(now);
    const untilNextMs = this.#tokens >= this.capacity ? 0 : (1 - (this.#tokens % 1)) * this.refillS * 1000;
    return {
      'X-RateLimit-Limit': String(this.capacity),
      'X-RateLimit-Remaining': String(Math.floor(this.#tokens)),
      'X-RateLimit-Reset': String(Math.ceil((now + untilNextMs) / 1000)),
    };
  }
}
