/** The flow suite (flows.ts) through the proxy's entry for Bun, src/proxy/adapters/. */
import { describeFlows } from './flows.ts';
import { serveOnBun } from './runtimes.ts';

describeFlows('Bun', serveOnBun);
