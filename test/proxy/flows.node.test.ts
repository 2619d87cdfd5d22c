/** The flow suite (flows.ts) through the proxy on Node, in this process. */
import { serveMfaProxy } from '../../src/proxy/node.ts';
import { describeFlows } from './flows.ts';
import { CLIENT } from './setup.ts';

describeFlows('Node', (upstream) => serveMfaProxy({ upstream, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret }));
