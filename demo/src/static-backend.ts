/**
 * On a static host there is no server: the development backend of mfa-elements/vite (proxy and simulator) runs
 * inside the page, and the page's fetch reaches it for the backend's paths. Everything else still goes to the network.
 */
import { createDevBackend } from '../../src/vite/dev-backend.ts';

export function installInPageBackend(): void {
  const backend = createDevBackend();
  const networkFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    return url.origin === location.origin && backend.handles(url.pathname) ? backend(request) : networkFetch(request);
  };
}
