/** The Auth0 MFA API as a fetch handler: `Request` in, `Response` out, state in memory. */
import { BodyError, checkTimeout, json, jsonError, readFields, type Fields } from '../server/http.ts';
import { Clock } from './clock.ts';
import { DEFAULT_OPTIONS, type Context, type ResolvedOptions, type SimulatorOptions } from './context.ts';
import * as control from './control.ts';
import { checkControlCaller } from './control-guard.ts';
import { jwks, openidConfiguration, userinfo } from './discovery.ts';
import { ApiError, errors } from './errors.ts';
import { applyFault, takeFault, type Fault } from './faults.ts';
import { JwtSigner } from './jwt.ts';
import { associate, challenge, deleteAuthenticator, listAuthenticators } from './mfa.ts';
import { TokenBucket } from './rate-limit.ts';
import { State } from './state.ts';
import { token } from './token.ts';

const BODY_LIMIT = 64 * 1024;

interface Call {
  ctx: Context;
  request: Request;
  url: URL;
  params: string[];
  fields: Fields;
}
type Handler = (call: Call) => Response | Promise<Response>;
type Route = [method: string, pattern: RegExp, handler: Handler];

export interface Simulator {
  /** The fetch handler: serve it anywhere that speaks `Request` and `Response`. */
  fetch: (request: Request) => Promise<Response>;
  readonly state: State;
  readonly clock: Clock;
  readonly faults: Fault[];
  readonly options: ResolvedOptions;
}

const routes: Route[] = [
  ['POST', /^\/mfa\/associate$/, ({ ctx, request, fields }) => associate(ctx, request, fields)],
  ['GET', /^\/mfa\/authenticators$/, ({ ctx, request }) => listAuthenticators(ctx, request)],
  ['DELETE', /^\/mfa\/authenticators\/([^/]+)$/, ({ ctx, request, params }) => deleteAuthenticator(ctx, request, params[0])],
  ['POST', /^\/mfa\/challenge$/, ({ ctx, request, fields }) => challenge(ctx, request, fields)],
  ['POST', /^\/oauth\/token$/, ({ ctx, request, fields }) => token(ctx, request, fields)],
  ['GET', /^\/\.well-known\/openid-configuration$/, ({ ctx }) => openidConfiguration(ctx)],
  ['GET', /^\/\.well-known\/jwks\.json$/, ({ ctx }) => jwks(ctx)],
  ['GET', /^\/userinfo$/, ({ ctx, request }) => userinfo(ctx, request)],
  ['POST', /^\/__sim\/users$/, ({ ctx, fields }) => control.createUser(ctx, fields)],
  ['POST', /^\/__sim\/users\/([^/]+)\/mfa-token$/, ({ ctx, params }) => control.newMfaToken(ctx, decodeURIComponent(params[0]))],
  ['POST', /^\/__sim\/users\/([^/]+)\/access-token$/, ({ ctx, params, fields }) =>
    control.newAccessToken(ctx, decodeURIComponent(params[0]), fields)],
  ['GET', /^\/__sim\/outbox$/, ({ ctx, url }) => control.outbox(ctx, url)],
  ['GET', /^\/__sim\/guardian$/, ({ ctx, url }) => control.guardian(ctx, url)],
  ['POST', /^\/__sim\/guardian\/enrollments\/([^/]+)\/confirm$/, ({ ctx, params, fields }) =>
    control.confirmEnrollment(ctx, params[0], fields)],
  ['POST', /^\/__sim\/guardian\/enrollments\/([^/]+)\/reject$/, ({ ctx, params }) => control.rejectEnrollment(ctx, params[0])],
  ['POST', /^\/__sim\/guardian\/challenges\/([^/]+)\/(approve|reject)$/, ({ ctx, params }) =>
    control.answerChallenge(ctx, params[0], params[1] as 'approve' | 'reject')],
  ['GET', /^\/__sim\/config$/, ({ ctx }) => control.config(ctx)],
  ['GET', /^\/__sim\/totp$/, ({ ctx, url }) => control.totpCodes(ctx, url)],
  ['POST', /^\/__sim\/clock$/, ({ ctx, fields }) => control.advanceClock(ctx, fields)],
  ['GET', /^\/__sim\/clock$/, ({ ctx }) => json({ now: new Date(ctx.clock.now()).toISOString() })],
];

function toResponse(error: unknown): Response {
  if (error instanceof ApiError) return jsonError(error.status, error.error, error.description, error.headers);
  if (error instanceof BodyError) {
    const mapped = { too_large: errors.bodyTooLarge, media_type: errors.unsupportedMediaType, bad_json: errors.badJson, timeout: errors.bodyTimeout }[error.kind]();
    return toResponse(mapped);
  }
  if (error instanceof URIError) return toResponse(errors.notFound());
  return jsonError(500, 'server_error', 'Internal error.');
}

function withCors(response: Response, origin: string | null, options: ResolvedOptions): Response {
  if (!origin || !options.webOrigins.includes(origin) || response.type === 'error') return response;
  const headers = new Headers(response.headers);
  headers.set('Access-Control-Allow-Origin', origin);
  headers.append('Vary', 'Origin');
  headers.set('Access-Control-Expose-Headers', 'Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Adds the tenant limit's headers, unless the answer carries a narrower limit's own (a 429 of a send limit). */
function withRateLimit(response: Response, headers: Record<string, string>): Response {
  if (response.type === 'error' || response.headers.has('X-RateLimit-Limit')) return response;
  const merged = new Headers(response.headers);
  for (const [name, value] of Object.entries(headers)) merged.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: merged });
}

function preflight(origin: string | null, options: ResolvedOptions): Response {
  const allowed = origin !== null && options.webOrigins.includes(origin);
  return new Response(null, {
    status: 204,
    headers: allowed
      ? {
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
          'Access-Control-Allow-Headers': 'Authorization, Content-Type',
          'Access-Control-Max-Age': '600',
          Vary: 'Origin',
        }
      : { Vary: 'Origin' },
  });
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const resolved: ResolvedOptions = { ...DEFAULT_OPTIONS, ...given };
  checkTimeout('bodyTimeoutMs', resolved.bodyTimeoutMs);
  const clock = new Clock({ frozen: resolved.frozenClock });
  const state = new State(clock);
  const signer = new JwtSigner();
  const faults: Fault[] = [];
  // The tenant's API limit: its `X-RateLimit-*` headers come on every answer, not only on 429 (community thread
  // 56087 shows them on a 403).
  const { rateLimit } = resolved;
  const apiLimit = rateLimit && new TokenBucket(rateLimit.limit, 1 / rateLimit.perSecond, clock.now());

  const controlRoutes: Route[] = [
    ['POST', /^\/__sim\/faults$/, ({ fields }) => control.addFault(faults, fields)],
    ['DELETE', /^\/__sim\/faults$/, () => (faults.length = 0, json({ status: 'cleared' }))],
    ['POST', /^\/__sim\/reset$/, () => (state.reset(), (faults.length = 0), json({ status: 'reset' }))],
  ];
  const allRoutes = [...routes, ...controlRoutes];

  async function dispatch(request: Request, url: URL): Promise<Response> {
    const path = url.pathname;
    const isControl = path.startsWith('/__sim/');
    if (isControl && !resolved.control) throw errors.notFound();
    if (isControl) checkControlCaller(request, url, resolved.webOrigins, resolved.issuer);
    const fault = isControl ? undefined : takeFault(faults, path);
    if (fault) {
      const injected = await applyFault(fault);
      if (injected) return injected;
    }
    const matching = allRoutes.filter(([, pattern]) => pattern.test(path));
    if (matching.length === 0) throw errors.notFound();
    const route = matching.find(([method]) => method === request.method);
    if (!route) throw errors.methodNotAllowed([...new Set(matching.map(([method]) => method))]);
    const [, pattern, handler] = route;
    const fields =
      request.method === 'POST' ? await readFields(request, BODY_LIMIT, resolved.bodyTimeoutMs, { emptyJson: isControl }) : {};
    const issuer = (resolved.issuer ?? url.origin).replace(/\/?$/, '/');
    const ctx: Context = { options: resolved, state, clock, signer, issuer };
    return handler({ ctx, request, url, params: pattern.exec(path)!.slice(1), fields });
  }

  return {
    state,
    clock,
    faults,
    options: resolved,
    async fetch(request) {
      const origin = request.headers.get('origin');
      if (request.method === 'OPTIONS') return preflight(origin, resolved);
      let response: Response;
      // The limit as it stood when this request was counted: what its X-RateLimit-* headers report.
      let limitHeaders: Record<string, string> | undefined;
      try {
        const url = new URL(request.url);
        if (apiLimit && !url.pathname.startsWith('/__sim/')) {
          const now = clock.now();
          const counted = apiLimit.take(now);
          limitHeaders = apiLimit.headers(now);
          if (!counted) {
            const retryAfter = apiLimit.retryAfterS(now);
            throw errors.rateLimited(apiLimit.capacity, retryAfter, Math.ceil(now / 1000) + retryAfter);
          }
        }
        response = await dispatch(request, url);
      } catch (error) {
        response = toResponse(error);
      }
      if (limitHeaders) response = withRateLimit(response, limitHeaders);
      return withCors(response, origin, resolved);
    },
  };
}
