/**
 * What the flows' Node tests share: the real simulator, in process, reached through `MfaClient`'s `fetch`; a fake
 * clock that moves the simulator's time and fires the flow's timers (no real waits); and a flow's events recorded.
 */
import { after, before } from 'node:test';
import { MfaClient } from '../../src/api/client.ts';
import { MfaSession, type TokenProvider } from '../../src/api/session.ts';
import type { Clock } from '../../src/controllers/clock.ts';
import type { Flow } from '../../src/flows/flow.ts';
import type { Simulator } from '../../src/simulator/index.ts';
import { PUBLIC_CLIENT_ID, startSimulator, type RunningTestSimulator } from '../simulator/setup.ts';

/** The simulator's time, and timers that fire only when a test moves it. */
export class FakeClock implements Clock {
  readonly #timers = new Map<number, { at: number; run: () => void }>();
  #next = 0;

  constructor(private readonly simulator: Simulator) {}

  now(): number {
    return this.simulator.clock.now();
  }

  setTimeout(run: () => void, ms: number): unknown {
    const id = ++this.#next;
    this.#timers.set(id, { at: this.now() + ms, run });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time by `seconds`, firing each timer due on the way at its time, and lets what it started settle. */
  async advance(seconds: number, simulatorSeconds = seconds): Promise<void> {
    const skew = simulatorSeconds - seconds;
    const end = this.now() + seconds * 1000;
    for (;;) {
      const due = [...this.#timers].filter(([, t]) => t.at <= end).sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) break;
      const [id, timer] = due;
      this.simulator.clock.advance(Math.max(0, timer.at - this.now()) / 1000);
      this.#timers.delete(id);
      timer.run();
      await settle();
    }
    this.simulator.clock.advance(Math.max(0, end - this.now()) / 1000 + skew);
    await settle();
  }
}

/** Lets in-process requests (and the crypto they use) finish. */
export async function settle(ms = 30): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) await new Promise((resolve) => setImmediate(resolve));
}

/** Waits, in real time but without timers, until `predicate` holds. */
export async function until(predicate: () => unknown, what: string | (() => string), timeoutMs = 5000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > end) throw new Error(`Timed out: ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export interface World {
  sim: RunningTestSimulator;
  clock: FakeClock;
  /** Paths the flow's client sent, in order. */
  requests: string[];
  /** A session for `provider` whose client reaches the simulator through its fetch handler. */
  session(provider?: TokenProvider): MfaSession;
}

/** One in-process simulator per test file (served too, for the setup helpers that speak HTTP). */
export function useWorld(): () => World {
  let world: World | undefined;
  before(async () => {
    const sim = await startSimulator();
    const requests: string[] = [];
    const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return sim.running.simulator.fetch(new Request(input, init));
    };
    const client = new MfaClient({ baseUrl: sim.url, clientId: PUBLIC_CLIENT_ID, fetch });
    world = { sim, clock: new FakeClock(sim.running.simulator), requests, session: (provider) => new MfaSession(client, provider) };
  });
  after(() => world?.sim.close());
  return () => world!;
}

/** Everything a flow told its view, by type. */
export function record<E extends { type: string }>(flow: Flow<{ step: string }, E>) {
  const events: any[] = [];
  flow.subscribe((event) => {
    if (event.type !== 'changed') events.push(event);
  });
  return {
    events,
    of: (type: string) => events.filter((event) => event.type === type),
    errors: () => events.filter((event) => event.type === 'error').map((event) => event.error.code as string),
    steps: () => events.filter((event) => event.type === 'step').length,
  };
}
