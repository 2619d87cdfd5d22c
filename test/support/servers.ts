/**
 * The servers browser tests talk to, mounted in the test runner's dev server:
 * `/sim/{name}/…` is a simulator of its own per name, so test files never share a clock or faults.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toNodeMiddleware } from '../../src/server/node-adapter.ts';
import { createSimulator, type Simulator } from '../../src/simulator/index.ts';

interface KoaContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: string;
  respond?: boolean;
}

const SIM = /^\/sim\/([\w-]+)(?=\/|$)/;

export function testServers() {
  const simulators = new Map<string, Simulator>();
  const simulator = (name: string) => {
    let sim = simulators.get(name);
    if (!sim) {
      sim = createSimulator();
      simulators.set(name, sim);
    }
    return sim;
  };
  return [
    async (ctx: KoaContext, next: () => Promise<void>) => {
      const match = SIM.exec(ctx.url);
      if (!match) return next();
      ctx.respond = false;
      await new Promise<void>((resolve) => {
        ctx.res.once('close', resolve);
        toNodeMiddleware(simulator(match[1]).fetch, match[0])(ctx.req, ctx.res, () => resolve());
      });
    },
  ];
}
