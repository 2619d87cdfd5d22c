#!/usr/bin/env node
/** `mfa-proxy --port 4020` (in this repository `npm run proxy -- …`): the proxy on its own, configured from the environment. */
import { parseArgs } from 'node:util';
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
  AUTH0_DOMAIN         the tenant, as tenant.eu.auth0.com     (or MFA_UPSTREAM)
  MFA_UPSTREAM         a full URL, as http://127.0.0.1:4010   (or AUTH0_DOMAIN)
  AUTH0_CLIENT_ID      the confidential application's client id
  AUTH0_CLIENT_SECRET  its secret (never printed)
  MFA_ALLOWED_ORIGINS  origins allowed to call from another origin, comma-separated (default none)`;

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

const env = (name: string): string | undefined => process.env[name]?.trim() || undefined;
const domain = env('AUTH0_DOMAIN');
const upstream = env('MFA_UPSTREAM');
if (domain && upstream) fail('Set AUTH0_DOMAIN or MFA_UPSTREAM, not both.');
if (!domain && !upstream) fail('Set AUTH0_DOMAIN (tenant.eu.auth0.com) or MFA_UPSTREAM (a URL).');
const clientId = env('AUTH0_CLIENT_ID');
const clientSecret = env('AUTH0_CLIENT_SECRET');
if (!clientId) fail('Set AUTH0_CLIENT_ID.');
if (!clientSecret) fail('Set AUTH0_CLIENT_SECRET.');
const allowedOrigins = (env('MFA_ALLOWED_ORIGINS') ?? '').split(',').map((o) => o.trim()).filter(Boolean);

let running;
try {
  running = await serveMfaProxy({
    port,
    host: values.host,
    prefix: values.prefix,
    trustProxy: values['trust-proxy'],
    ...(domain ? { domain } : { upstream }),
    clientId,
    clientSecret,
    allowedOrigins,
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
    `Forwarding to ${running.proxy.upstream} as client ${clientId}`,
    ...(allowedOrigins.length ? [`Allowed origins: ${allowedOrigins.join(', ')}`] : []),
  ].join('\n'),
);
const stop = () => void running.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
