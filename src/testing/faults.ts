/** Injected faults: error statuses, latency or dropped connections on the simulator's MFA API paths. */
import type { FaultRequest } from '../simulator/control-types.ts';
import type { Fault } from '../simulator/faults.ts';
import type { Connection } from './connection.ts';

export class Faults {
  constructor(readonly connection: Connection) {}

  /** The next `count` (default 1) requests to paths starting with `path` (every API path when empty) fail so. */
  inject(fault: FaultRequest): Promise<Fault> {
    return this.connection.call<Fault>('POST', '/__sim/faults', { json: fault });
  }

  /** Forgets every fault not yet taken. */
  async clear(): Promise<void> {
    await this.connection.call('DELETE', '/__sim/faults');
  }
}
