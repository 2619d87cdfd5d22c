/** Small pieces shared by the simulator's and the proxy's fetch handlers. */

export type Fields = Record<string, unknown>;

export const JSON_TYPE = 'application/json; charset=utf-8';
export const FORM_TYPE = 'application/x-www-form-urlencoded';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store', ...headers },
  });
}

export function jsonError(
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): Response {
  return json({ error, error_description: description }, status, headers);
}

export class BodyError extends Error {
  constructor(readonly kind: 'too_large' | 'media_type' | 'bad_json' | 'timeout') {
    super(kind);
  }
}

/** How long a request body may take to arrive, for the proxy and the simulator alike. */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

/** A valid deadline for setTimeout, or a TypeError naming the option. */
export function checkTimeout(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0 || value > 2 ** 31 - 1) throw new TypeError(`${name} must be a positive number of milliseconds`);
  return value;
}

/**
 * Reads at most `limit` bytes, whatever Content-Length claims, within `timeoutMs`: a client trickling its body
 * one byte at a time would otherwise hold the request (and its socket) for as long as it likes.
 */
export async function readText(request: Request, limit: number, timeoutMs?: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) throw new BodyError('too_large');
  if (!request.body) return '';
  const reader = request.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    if (timeoutMs !== undefined) timer = setTimeout(() => reject(new BodyError('timeout')), timeoutMs);
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline]);
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw new BodyError('too_large');
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

export function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * A JSON object or a urlencoded form as plain fields; an empty body is an empty object. `emptyJson`: an empty
 * body that says it is JSON is `{}` too, as the simulator's control API takes it.
 */
export async function readFields(
  request: Request,
  limit: number,
  timeoutMs?: number,
  { emptyJson = false } = {},
): Promise<Fields> {
  const type = mediaType(request);
  const text = await readText(request, limit, timeoutMs);
  if (text === '' && (type === '' || (emptyJson && type === 'application/json'))) return {};
  if (type === 'application/json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new BodyError('bad_json');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BodyError('bad_json');
    return value as Fields;
  }
  if (type === FORM_TYPE) return Object.fromEntries(new URLSearchParams(text));
  throw new BodyError('media_type');
}
