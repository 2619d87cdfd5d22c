/** Waits for an element's event, with no test framework: `await waitForEvent(element, 'mfa-verified')`. */
import { timeoutOf, type WaitOptions } from './wait.ts';

export function waitForEvent<K extends keyof HTMLElementEventMap>(target: EventTarget, type: K, options?: WaitOptions): Promise<HTMLElementEventMap[K]>;
export function waitForEvent<E extends Event = Event>(target: EventTarget, type: string, options?: WaitOptions): Promise<E>;
export function waitForEvent(target: EventTarget, type: string, options?: WaitOptions): Promise<Event> {
  return new Promise((resolve, reject) => {
    const timeout = timeoutOf(options);
    const timer = setTimeout(() => {
      target.removeEventListener(type, listener);
      const name = (target as { localName?: string }).localName;
      reject(new Error(`Waited ${timeout} ms for ${type}${name ? ` from <${name}>` : ''}; none came.`));
    }, timeout);
    const listener = (event: Event) => {
      clearTimeout(timer);
      resolve(event);
    };
    target.addEventListener(type, listener, { once: true });
  });
}
