/**
 * On a static host there is no server: the demo's backend (proxy and simulator) runs inside the page,
 * and the page's fetch reaches it for the backend's paths. Everything else still goes to the network.
 */
import { BACKEND_PATHS, createDemoBackend } from '../server/backend.ts';

export function installInPageBackend(): void {
  const backend = createDemoBackend();
  const networkFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const ours = url.origin === location.origin && BACKEND_PATHS.some((path) => url.pathname.startsWith(path));
    return ours ? backend(request) : networkFetch(request);
  };
}
