#!/usr/bin/env node
/** `mfa-proxy --port 4020` (in this repository `npm run proxy -- …`): the proxy on its own, configured from the environment. */
import { parseArgs } from 'node:util';
import { PROXY_ENV_HELP, proxyOptionsFromEnv } from './env.ts';
import { serveMfaProxy } from './node.ts';

/** One path everywhere: the elements' `api-base`, the middleware's mount point, this command. */
const DEFAULT_PREFIX = '/mfa-api';

const USAGE = `Usage: mfa-proxy [options]        (in this repository: npm run proxy -- [options])
  --port <n>        port to listen on (default 4020; 0 picks a free one)
  --host <addr>     address to listen on (default 127.0.0.1)
  --prefix <path>   path to serve under (default /mfa-api, the elements' api-base; / for the root)
  --trust-proxy     a reverse proxy in front sets X-Forwarded-For, -Host and -Proto
  --quiet           no log line per request

Environment:
${PROXY_ENV_HELP}`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '4020' },
      host: { type: 'string', default: '127.0.0.1' },
      prefix: { type: 'string', default: DEFAULT_PREFIX },
      'trust-proxy': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`Invalid --port: ${values.port}`);

let fromEnv;
try {
  fromEnv = proxyOptionsFromEnv((name) => process.env[name]);
} catch (error) {
  fail((error as Error).message);
}

let running;
try {
  running = await serveMfaProxy({
    port,
    host: values.host,
    prefix: values.prefix,
    trustProxy: values['trust-proxy'],
    ...fromEnv,
    // Entries are redacted by the proxy: method, route, statuses, duration, grant, error code.
    log: values.quiet ? undefined : (entry) => console.log(JSON.stringify(entry)),
  });
} catch (error) {
  // Option errors name the option, never the secret; listen errors name the address.
  fail((error as Error).message);
}
// One write, so a reader that waits for the URL has the rest too.
console.log(
  [
    `MFA proxy listening on ${running.url}`,
    `Forwarding to ${running.proxy.upstream} as client ${fromEnv.clientId}`,
    ...(fromEnv.allowedOrigins.length ? [`Allowed origins: ${fromEnv.allowedOrigins.join(', ')}`] : []),
  ].join('\n'),
);
const stop = () => void running.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
