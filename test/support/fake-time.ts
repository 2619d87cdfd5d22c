/** For browser tests that fake the page's timers: real-time waits, and a tab that can be hidden. */
const realSetTimeout = window.setTimeout.bind(window);

export const sleep = (ms: number) => new Promise((resolve) => realSetTimeout(resolve, ms));

/** Waits in real time while the page's timers are fake. */
export async function until(predicate: () => unknown | Promise<unknown>, message: string, timeoutMs = 5000): Promise<void> {
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
