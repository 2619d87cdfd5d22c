/** The flow suite (flows.ts) through the proxy's entry for Deno, src/proxy/adapters/. */
import { describeFlows } from './flows.ts';
import { serveOnDeno } from './runtimes.ts';

describeFlows('Deno', serveOnDeno);
