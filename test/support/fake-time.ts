/** For browser tests that fake the page's timers: real-time waits, and a tab that can be hidden. */
import sinon from 'sinon';
import { NETWORK_WAIT_MS } from './wait.ts';
const realSetTimeout = window.setTimeout.bind(window);

export const sleep = (ms: number) => new Promise((resolve) => realSetTimeout(resolve, ms));

/** Waits in real time while the page's timers are fake. */
export async function until(predicate: () => unknown | Promise<unknown>, message: string, timeoutMs = NETWORK_WAIT_MS): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await predicate())) {
    if (performance.now() > end) throw new Error(`Timed out: ${message}`);
    await sleep(20);
  }
}

export function setVisibility(state: 'hidden' | 'visible'): void {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

/**
 * Fakes the clock of the elements' countdowns (Date and setInterval) from now on, so that a test moves a cooldown
 * with `tick` instead of waiting for a real interval, which a loaded machine may run late. Network answers and the
 * test's own waits stay real. Install it before the countdown starts: an interval set earlier stays real.
 */
export function fakeCountdowns(): sinon.SinonFakeTimers {
  return sinon.useFakeTimers({ now: Date.now(), toFake: ['Date', 'setInterval', 'clearInterval'] });
}
