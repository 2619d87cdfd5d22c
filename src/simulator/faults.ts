/** Injected faults for demos and tests: a status, latency, or a dropped connection, `count` times. */
import { jsonError } from '../server/http.ts';

export interface Fault {
  /** A path prefix such as `/oauth/token`; every API path when empty. */
  path: string;
  status?: number;
  latency_ms?: number;
  drop?: boolean;
  count: number;
}

export function parseFault(body: Record<string, unknown>): Fault | undefined {
  const { path = '', status, latency_ms, drop, count = 1 } = body;
  const valid =
    typeof path === 'string' &&
    (status === undefined || (Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599)) &&
    (latency_ms === undefined || (typeof latency_ms === 'number' && latency_ms >= 0 && latency_ms <= 60_000)) &&
    (drop === undefined || typeof drop === 'boolean') &&
    Number.isInteger(count) &&
    (count as number) > 0;
  if (!valid) return undefined;
  return { path, status, latency_ms, drop, count } as Fault;
}

/** Takes the first fault matching `path`, if any. */
export function takeFault(faults: Fault[], path: string): Fault | undefined {
  const index = faults.findIndex((f) => path.startsWith(f.path));
  if (index < 0) return undefined;
  const fault = faults[index];
  if (--fault.count <= 0) faults.splice(index, 1);
  return fault;
}

/** What a fault does to a request; undefined when it only adds latency. */
export async function applyFault(fault: Fault): Promise<Response | undefined> {
  if (fault.latency_ms) await new Promise((resolve) => setTimeout(resolve, fault.latency_ms));
  if (fault.drop) return Response.error();
  if (fault.status === 429) {
    return jsonError(429, 'too_many_requests', 'Rate limit exceeded.', { 'Retry-After': '1' });
  }
  if (fault.status) return jsonError(fault.status, 'server_error', 'Fault injected by the simulator.');
  return undefined;
}
