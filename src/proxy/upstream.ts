/** Where the proxy sends the calls it lets through, and how it reads the answers. */
import { refusals } from './errors.ts';

/** Upstream headers worth passing back: Auth0's rate-limit advice. */
const PASSED_HEADERS = ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];

/** `https://tenant.eu.auth0.com` from `domain`, or `upstream` as given; no trailing slash. */
export function upstreamBase(options: { upstream?: string; domain?: string }): string {
  const { upstream, domain } = options;
  if ((upstream === undefined) === (domain === undefined)) {
    throw new TypeError('Give the proxy exactly one of `upstream` (a URL) or `domain` (an Auth0 domain)');
  }
  if (domain !== undefined) {
    const host = domain.replace(/^https:\/\//i, '').replace(/\/+$/, '');
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i.test(host)) {
      throw new TypeError(`domain: "${domain}" is not a host name such as tenant.eu.auth0.com`);
    }
    return `https://${host}`;
  }
  let url: URL | undefined;
  try {
    url = new URL(upstream!);
  } catch {
    // Reported below.
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
    throw new TypeError(`upstream: "${upstream}" is not an http(s) URL such as http://127.0.0.1:4010`);
  }
  return url.href.replace(/\/+$/, '');
}

export interface UpstreamAnswer {
  status: number;
  /** The JSON text exactly as upstream sent it; empty for 204. */
  body: string;
  /** The parsed body, for the `onTokens` hook and the log. */
  value: unknown;
  headers: Record<string, string>;
}

/**
 * One upstream call. The timeout covers the whole answer, body included. Failures become the
 * proxy's own errors: unreachable 502, timeout 504, anything but JSON 502.
 */
export async function callUpstream(
  fetchUpstream: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<UpstreamAnswer> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  let response: Response;
  let body: string;
  try {
    response = await fetchUpstream(url, { ...init, signal: controller.signal, redirect: 'manual' });
    body = await response.text();
  } catch {
    throw timedOut ? refusals.upstreamTimeout() : refusals.upstreamUnreachable();
  } finally {
    clearTimeout(timer);
  }
  const headers: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  if (response.status === 204) return { status: 204, body: '', value: undefined, headers };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw refusals.upstreamInvalid(response.status);
  }
  return { status: response.status, body, value, headers };
}
