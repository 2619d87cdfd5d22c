/** The flow suite (flows.ts) through the proxy's entry for workerd (Cloudflare Workers), src/proxy/adapters/. */
import { describeFlows } from './flows.ts';
import { serveOnWorkerd } from './runtimes.ts';

describeFlows('workerd (Cloudflare Workers)', serveOnWorkerd);
