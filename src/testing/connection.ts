/**
 * Where the simulator is, and how a call reaches it: over HTTP (a URL: the `mfa-simulator` command, the Vite
 * plugin's `/mfa-dev`, a path in a page) or in process (anything with `fetch(Request)`, as `createSimulator()`).
 * No Node API: it runs in Node and in pages alike.
 */
import { SimulatorError } from './error.ts';

/** An in-process simulator: `createSimulator()` or anything else that answers a `Request`. */
export interface FetchHandler {
  fetch(request: Request): Promise<Response>;
}

export type SimulatorTarget = string | URL | FetchHandler;

/** A body sent as JSON (the control API, /mfa/*) or as a form (/oauth/token). */
export type Body = { json: unknown } | { form: Record<string, string> };

/** The origin an in-process simulator is reached under: tokens it issues name it, unless it has an issuer. */
const IN_PROCESS_BASE = 'http://simulator.test';

export class Connection {
  /** The absolute URL under which `/__sim/` and the MFA API's paths live, without a trailing slash. */
  readonly base: string;
  readonly #send: (request: Request) => Promise<Response>;

  constructor(target: SimulatorTarget) {
    if (typeof target === 'object' && 'fetch' in target) {
      this.base = IN_PROCESS_BASE;
      this.#send = (request) => target.fetch(request);
    } else {
      this.base = absolute(String(target)).replace(/\/+$/, '');
      this.#send = (request) => fetch(request);
    }
  }

  /** Sends a call and reads its JSON answer; an error answer (or none) throws SimulatorError. */
  async call<T>(method: string, path: string, body?: Body, token?: string): Promise<T> {
    const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
    let payload: string | undefined;
    if (body && 'json' in body) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams(body.form).toString();
    }
    let response: Response;
    try {
      response = await this.#send(new Request(`${this.base}${path}`, { method, headers, body: payload }));
    } catch (error) {
      throw new SimulatorError(method, path, 0, '', `${(error as Error).message} (is the simulator running at ${this.base}?)`);
    }
    if (response.type === 'error') throw new SimulatorError(method, path, 0, '', 'the connection was dropped');
    const text = await response.text();
    let answer: unknown;
    try {
      answer = text ? JSON.parse(text) : undefined;
    } catch {
      throw new SimulatorError(method, path, response.status, '', `the answer is not JSON (is ${this.base} the simulator?)`);
    }
    if (!response.ok) {
      const { error = '', error_description = '' } = (answer ?? {}) as { error?: string; error_description?: string };
      throw new SimulatorError(method, path, response.status, error, error_description);
    }
    return answer as T;
  }
}

/** A URL as given, or a path resolved against the page it runs in. */
function absolute(url: string): string {
  const page = (globalThis as { location?: { href: string } }).location?.href;
  try {
    return new URL(url, page).href;
  } catch {
    throw new TypeError(
      `connectSimulator('${url}'): not a URL. Outside a page, give an absolute one, such as http://127.0.0.1:4010 ` +
        '(the mfa-simulator command) or http://localhost:5173/mfa-dev (the Vite plugin).',
    );
  }
}
