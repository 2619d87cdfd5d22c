/**
 * The backend proxy as a fetch handler: the elements' five MFA calls, with Auth0's paths and wire
 * format, and the application's client credentials added on the server. Stateless; runs on any
 * platform that speaks `Request` and `Response`.
 */
import { BodyError, DEFAULT_BODY_TIMEOUT_MS, FORM_TYPE, JSON_TYPE, checkTimeout, json, mediaType, readFields, type Fields } from '../server/http.ts';
import { clientIp, type PlatformInfo } from './client-ip.ts';
import { checkOrigin, corsHeaders, preflightHeaders, validOrigin, type OriginVerdict } from './cors.ts';
import { ProxyError, refusals } from './errors.ts';
import { ASSOCIATE_FIELDS, CHALLENGE_FIELDS, TOKEN_FIELDS, isMfaGrant, type MfaGrant } from './grants.ts';
import { authenticatorId, matchRoute, type Route } from './routes.ts';
import { callUpstream, upstreamBase, type UpstreamAnswer } from './upstream.ts';

export interface TokenContext {
  /** The browser's request (its body is already read). */
  request: Request;
  grantType: MfaGrant;
}

export interface RateLimitContext {
  request: Request;
  /** The caller's address: the socket's, or X-Forwarded-For's last entry with `trustProxy`. */
  ip?: string;
  /** The user's token: the `mfa_token` field, or the Bearer token of /mfa/associate, list and delete. */
  mfaToken?: string;
  /** The route, as `/oauth/token` or `/mfa/authenticators/{id}`. */
  path: string;
}

/** What the `log` hook receives: no body, no header value, no token, code or secret. */
export interface ProxyLogEntry {
  method: string;
  /** The route template; absent for a path the proxy does not serve (it may hold anything). */
  path?: string;
  status: number;
  /** Absent when the proxy answered without asking upstream. */
  upstreamStatus?: number;
  durationMs: number;
  /** Only one of the three MFA grants; a refused grant is not echoed. */
  grantType?: MfaGrant;
  /** The `error` code of the answer, such as `invalid_grant` or `unsupported_grant_type`. */
  error?: string;
}

export interface MfaProxyOptions {
  /** Where the MFA API is, as a URL: `http://127.0.0.1:4010` (the simulator). Or `domain`. */
  upstream?: string;
  /** An Auth0 domain, `tenant.eu.auth0.com`, meaning `https://tenant.eu.auth0.com`. Or `upstream`. */
  domain?: string;
  /** The confidential application's credentials, added to /mfa/challenge and /oauth/token. */
  clientId: string;
  clientSecret: string;
  /** The path the proxy serves under, as `/mfa-api` (default: the root). */
  prefix?: string;
  /** Exact origins that may call from other origins (default none: same-origin pages need none). */
  allowedOrigins?: string[];
  /** A reverse proxy in front sets X-Forwarded-For, X-Forwarded-Host and X-Forwarded-Proto (default false). */
  trustProxy?: boolean;
  /** Upstream time limit, answer included (default 10000 ms); beyond it the answer is 504. */
  timeoutMs?: number;
  /** The largest request body accepted (default 16 KiB); larger ones are 413. */
  bodyLimit?: number;
  /** The request body must arrive within this (default 10000 ms); a slower one is 408 and its connection closed. */
  bodyTimeoutMs?: number;
  /** The fetch that reaches upstream (default `globalThis.fetch`). */
  fetch?: typeof fetch;
  /**
   * Called when a grant succeeds, with Auth0's token response. Return a `Response` or an object to
   * send the browser instead (keep `recovery_code`: the user must see it), or nothing to pass the
   * token response through.
   */
  onTokens?: (
    tokens: Record<string, unknown>,
    context: TokenContext,
  ) => Response | object | undefined | void | Promise<Response | object | undefined | void>;
  /** Called before each call goes upstream; `{ retryAfterS }` answers 429 with Retry-After instead. */
  rateLimit?: (
    context: RateLimitContext,
  ) => { retryAfterS: number } | undefined | void | Promise<{ retryAfterS: number } | undefined | void>;
  /** One entry per answer, redacted. */
  log?: (entry: ProxyLogEntry) => void | Promise<void>;
}

/** The proxy: a fetch handler (the second argument is the platform's, see client-ip.ts). */
export type MfaProxy = ((request: Request, info?: PlatformInfo) => Promise<Response>) & {
  /** The upstream base URL it resolved, as `https://tenant.eu.auth0.com`: safe to print. */
  readonly upstream: string;
  /** The normalised prefix, `''` or `/mfa-api`. */
  readonly prefix: string;
};

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_BODY_LIMIT = 16 * 1024;
const ERROR_CODE = /^[a-z0-9_]{1,64}$/;

function resolveOptions(options: MfaProxyOptions) {
  const base = upstreamBase(options);
  for (const name of ['clientId', 'clientSecret'] as const) {
    if (typeof options[name] !== 'string' || options[name] === '') throw new TypeError(`${name} is required`);
  }
  const prefix = (options.prefix ?? '').replace(/\/+$/, '');
  if (!/^(\/[\w.~-]+)*$/.test(prefix) || /\/\.\.?(\/|$)/.test(prefix)) {
    throw new TypeError(`prefix: "${options.prefix}" is not a path such as /mfa-api`);
  }
  const timeoutMs = checkTimeout('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  if (!Number.isSafeInteger(bodyLimit) || bodyLimit <= 0) throw new TypeError('bodyLimit must be a positive integer');
  const bodyTimeoutMs = checkTimeout('bodyTimeoutMs', options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS);
  return {
    ...options,
    base,
    prefix,
    timeoutMs,
    bodyLimit,
    bodyTimeoutMs,
    trustProxy: options.trustProxy === true,
    allowedOrigins: new Set((options.allowedOrigins ?? []).map(validOrigin)),
    fetch: options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init)),
  };
}

type Config = ReturnType<typeof resolveOptions>;

/** What the log learns while a request is handled. */
interface Trace {
  path?: string;
  grantType?: MfaGrant;
  upstreamStatus?: number;
  error?: string;
}

async function readBody(request: Request, config: Config): Promise<Fields> {
  try {
    return await readFields(request, config.bodyLimit, config.bodyTimeoutMs);
  } catch (error) {
    if (error instanceof BodyError) {
      const refusal = { too_large: refusals.bodyTooLarge, media_type: refusals.unsupportedMediaType, bad_json: refusals.badJson, timeout: refusals.bodyTimeout };
      throw refusal[error.kind]();
    }
    throw error;
  }
}

const pick = (fields: Fields, names: readonly string[]): Fields =>
  Object.fromEntries(names.filter((name) => fields[name] !== undefined).map((name) => [name, fields[name]]));

const stringField = (fields: Fields, name: string): string | undefined =>
  typeof fields[name] === 'string' && fields[name] !== '' ? (fields[name] as string) : undefined;

/** What goes upstream: built from scratch, so no cookie, Origin or other browser header follows. */
interface UpstreamCall {
  path: string;
  headers: Record<string, string>;
  body?: string;
  mfaToken?: string;
}

async function buildCall(request: Request, route: Route, param: string | undefined, config: Config, trace: Trace): Promise<UpstreamCall> {
  const call: UpstreamCall = { path: route.template, headers: { Accept: 'application/json' } };
  if (route.bearer) {
    // The user's token, and only a Bearer one: Basic would be client authentication by the browser.
    const authorization = request.headers.get('authorization');
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (token) {
      call.headers.Authorization = authorization!;
      call.mfaToken = token;
    }
  }
  const client = { client_id: config.clientId, client_secret: config.clientSecret };

  switch (route.name) {
    case 'authenticators':
      break;
    case 'deleteAuthenticator':
      call.path = `/mfa/authenticators/${authenticatorId(param ?? '')}`;
      break;
    case 'associate': {
      // Associate needs no client authentication here: client_id, client_secret and every other
      // field the call does not take are dropped.
      const fields = pick(await readBody(request, config), ASSOCIATE_FIELDS);
      if (mediaType(request) === FORM_TYPE) {
        for (const name of ['authenticator_types', 'oob_channels']) {
          if (typeof fields[name] === 'string') fields[name] = (fields[name] as string).split(/[\s,]+/).filter(Boolean);
        }
      }
      call.headers['Content-Type'] = 'application/json';
      call.body = JSON.stringify(fields);
      break;
    }
    case 'challenge': {
      const fields = await readBody(request, config);
      call.mfaToken = stringField(fields, 'mfa_token');
      call.headers['Content-Type'] = 'application/json';
      call.body = JSON.stringify({ ...pick(fields, CHALLENGE_FIELDS), ...client });
      break;
    }
    case 'token': {
      const fields = await readBody(request, config);
      if (fields.grant_type === undefined || fields.grant_type === '') throw refusals.missing('grant_type');
      if (!isMfaGrant(fields.grant_type)) throw refusals.unsupportedGrantType();
      trace.grantType = fields.grant_type;
      const form = new URLSearchParams();
      for (const [name, value] of Object.entries(pick(fields, TOKEN_FIELDS))) {
        if (typeof value !== 'string') throw refusals.invalid(name);
        form.set(name, value);
      }
      form.set('client_id', client.client_id);
      form.set('client_secret', client.client_secret);
      call.mfaToken = stringField(fields, 'mfa_token');
      call.headers['Content-Type'] = FORM_TYPE;
      call.body = form.toString();
      break;
    }
  }
  return call;
}

function passThrough(answer: UpstreamAnswer): Response {
  if (answer.status === 204) return new Response(null, { status: 204, headers: answer.headers });
  return new Response(answer.body, { status: answer.status, headers: { ...answer.headers, 'Content-Type': JSON_TYPE } });
}

async function tokensResponse(answer: UpstreamAnswer, request: Request, trace: Trace, config: Config): Promise<Response> {
  const tokens = answer.value;
  if (!config.onTokens || typeof tokens !== 'object' || tokens === null || Array.isArray(tokens)) return passThrough(answer);
  const chosen = await config.onTokens(tokens as Record<string, unknown>, { request, grantType: trace.grantType! });
  if (chosen instanceof Response) return chosen;
  if (typeof chosen === 'object' && chosen !== null) return json(chosen);
  return passThrough(answer);
}

async function handle(request: Request, url: URL, info: PlatformInfo | undefined, config: Config, trace: Trace, verdict: OriginVerdict): Promise<Response> {
  const { pathname } = url;
  const { prefix } = config;
  if (prefix && pathname !== prefix && !pathname.startsWith(`${prefix}/`)) throw refusals.notFound();
  const match = matchRoute(pathname.slice(prefix.length));
  if (!match) throw refusals.notFound();
  const { route } = match;
  trace.path = route.template;
  if (verdict === 'refused') throw refusals.originNotAllowed();
  if (request.method === 'OPTIONS') {
    const origin = request.headers.get('origin');
    const headers = verdict === 'allowed' && origin ? preflightHeaders(origin, route.method) : { Allow: `${route.method}, OPTIONS` };
    return new Response(null, { status: 204, headers });
  }
  if (request.method !== route.method) throw refusals.methodNotAllowed(`${route.method}, OPTIONS`);

  const call = await buildCall(request, route, match.param, config, trace);
  if (config.rateLimit) {
    const limited = await config.rateLimit({
      request,
      ip: clientIp(request, info, config.trustProxy),
      mfaToken: call.mfaToken,
      path: route.template,
    });
    if (limited) throw refusals.rateLimited(Math.max(0, Math.ceil(Number(limited.retryAfterS) || 0)));
  }

  const answer = await callUpstream(
    config.fetch,
    `${config.base}${call.path}`,
    { method: route.method, headers: call.headers, body: call.body },
    config.timeoutMs,
  );
  trace.upstreamStatus = answer.status;
  const upstreamError = (answer.value as { error?: unknown } | undefined)?.error;
  if (answer.status >= 400 && typeof upstreamError === 'string' && ERROR_CODE.test(upstreamError)) trace.error = upstreamError;
  if (route.name === 'token' && answer.status === 200) return tokensResponse(answer, request, trace, config);
  return passThrough(answer);
}

/** Every answer: never cached, never sniffed, CORS for an allowed origin only. */
function finish(response: Response, corsOrigin: string | undefined): Response {
  if (response.type === 'error') return response;
  const headers = new Headers(response.headers);
  headers.set('Cache-Control', 'no-store');
  headers.set('X-Content-Type-Options', 'nosniff');
  if (!/(^|,)\s*origin\s*(,|$)/i.test(headers.get('vary') ?? '')) headers.append('Vary', 'Origin');
  if (corsOrigin) for (const [name, value] of Object.entries(corsHeaders(corsOrigin))) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

function report(config: Config, entry: ProxyLogEntry): void {
  if (!config.log) return;
  try {
    // A broken logger never breaks a request.
    Promise.resolve(config.log(entry)).catch(() => undefined);
  } catch {
    // Same, when it throws at once.
  }
}

/** The proxy's fetch handler; options are checked now, so a misconfiguration fails at start-up. */
export function createMfaProxy(options: MfaProxyOptions): MfaProxy {
  const config = resolveOptions(options);
  const handler = async (request: Request, info?: PlatformInfo): Promise<Response> => {
    const started = Date.now();
    const trace: Trace = {};
    const url = new URL(request.url);
    const verdict = checkOrigin(request, url, config.allowedOrigins, config.trustProxy);
    let response: Response;
    try {
      response = await handle(request, url, info, config, trace, verdict);
    } catch (error) {
      const refusal = error instanceof ProxyError ? error : refusals.internal();
      trace.error = refusal.error;
      response = refusal.toResponse();
    }
    response = finish(response, verdict === 'allowed' ? request.headers.get('origin')! : undefined);
    report(config, {
      method: /^[A-Z]{1,16}$/.test(request.method) ? request.method : 'OTHER',
      ...(trace.path && { path: trace.path }),
      status: response.status,
      ...(trace.upstreamStatus !== undefined && { upstreamStatus: trace.upstreamStatus }),
      durationMs: Date.now() - started,
      ...(trace.grantType && { grantType: trace.grantType }),
      ...(trace.error && { error: trace.error }),
    });
    return response;
  };
  return Object.assign(handler, { upstream: config.base, prefix: config.prefix });
}
