/** Waiting for something the simulator will have soon (a code sent, a push started): bounded, and saying what it was. */
export const DEFAULT_WAIT_MS = 10_000;
const POLL_MS = 50;

export interface WaitOptions {
  /** How long to wait, in milliseconds (default 10 000). */
  timeout?: number;
}

/** The bound of a wait in ms; anything but a finite number ≥ 0 is a TypeError (NaN or '5000' would never end it). */
export function timeoutOf({ timeout = DEFAULT_WAIT_MS }: WaitOptions = {}): number {
  if (typeof timeout === 'number' && Number.isFinite(timeout) && timeout >= 0) return timeout;
  const given = typeof timeout === 'string' ? `'${timeout}'` : String(timeout);
  throw new TypeError(`Not a timeout: ${given}. Give milliseconds, such as { timeout: 5000 }.`);
}

/** Asks `read` until it gives something; after `timeout` fails with a message naming `what`. */
export async function waitFor<T>(what: string, read: () => Promise<T | undefined>, options?: WaitOptions): Promise<T> {
  const timeout = timeoutOf(options);
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = await read();
    if (found !== undefined) return found;
    if (Date.now() >= deadline) throw new Error(`Waited ${timeout} ms for ${what}; none came.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
