/** Serves the simulator on node:http. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLimitedServer, toNodeListener, type NodeServerLimits } from '../server/node-adapter.ts';
import type { SimulatorOptions } from './context.ts';
import { createSimulator, type Simulator } from './simulator.ts';

export interface RunningSimulator {
  simulator: Simulator;
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0 picks a free one) and resolves once it does; deadlines and cap as the proxy's. */
export async function serveSimulator(
  options: SimulatorOptions & NodeServerLimits & { port?: number; host?: string } = {},
): Promise<RunningSimulator> {
  const { port = 0, host = '127.0.0.1', requestTimeoutMs, headersTimeoutMs, maxConnections, ...simulatorOptions } = options;
  const server = createLimitedServer({ requestTimeoutMs, headersTimeoutMs, maxConnections });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host}:${address.port}`;
  // Tokens name one issuer whatever Host a request carries: the URL it listens on, unless told.
  let simulator: Simulator;
  try {
    simulator = createSimulator({ ...simulatorOptions, issuer: simulatorOptions.issuer ?? url });
  } catch (error) {
    // Bad options: leave no listening socket behind to keep the process alive.
    server.close();
    throw error;
  }
  server.on('request', toNodeListener(simulator.fetch));
  return {
    simulator,
    server,
    url,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** 127.0.0.0/8, ::1 and localhost: addresses no other machine reaches. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare) || /^::ffff:127(\.\d{1,3}){3}$/.test(bare);
}
