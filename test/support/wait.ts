/**
 * open-wc's `waitUntil` with a deadline fit for real network answers. Its default of 1 s is shorter than a
 * round trip through the proxy and the simulator can take on a loaded 2-core machine, which made tests fail
 * at random; the mocha timeout (20 s) still bounds every test.
 */
import { waitUntil as openWcWaitUntil } from '@open-wc/testing';

export const NETWORK_WAIT_MS = 10_000;

export function waitUntil(
  predicate: () => unknown | Promise<unknown>,
  message?: string,
  options: { interval?: number; timeout?: number } = {},
): Promise<void> {
  return openWcWaitUntil(predicate, message, { interval: 20, timeout: NETWORK_WAIT_MS, ...options });
}
