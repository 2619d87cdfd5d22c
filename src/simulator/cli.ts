#!/usr/bin/env node
/** `mfa-simulator --port 4010` (in this repository `npm run simulator -- …`): the simulator on its own. */
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, type RateLimit } from './context.ts';
import { isLoopback, serveSimulator } from './node.ts';

const { rateLimit } = DEFAULT_OPTIONS;
const RATE_LIMIT = rateLimit ? `${rateLimit.limit}/${rateLimit.perSecond}` : 'off';

const USAGE = `Usage: mfa-simulator [options]        (in this repository: npm run simulator -- [options])
  --port <n>               port to listen on (default 4010; 0 picks a free one)
  --host <addr>            address to listen on (default 127.0.0.1)
  --client-id <id>         the confidential application (default ${DEFAULT_OPTIONS.clientId})
  --client-secret <s>      its secret (default ${DEFAULT_OPTIONS.clientSecret})
  --public-client-id <id>  the public application, an SPA (default ${DEFAULT_OPTIONS.publicClientId})
  --web-origin <origin>    an allowed web origin for CORS (repeatable)
  --issuer <url>           public URL for discovery and tokens (default: the URL it listens on)
  --tenant-name <name>     shown by authenticator apps (default "${DEFAULT_OPTIONS.tenantName}")
  --mfa-requirements       Customizable MFA: mfa_required carries mfa_requirements (default off)
  --sms-and-voice          sms and voice both enabled: one phone associates both (default off)
  --rate-limit <n/s|off>   the tenant's API limit, as limit/per-second (default ${RATE_LIMIT}); off: none
  --no-control             no /__sim/ control API (no users, tokens or codes for anyone who can reach it)

For development and tests only: the control API hands out tokens and codes to whoever can reach it.`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'public-client-id': { type: 'string' },
      'web-origin': { type: 'string', multiple: true },
      issuer: { type: 'string' },
      'tenant-name': { type: 'string' },
      'mfa-requirements': { type: 'boolean' },
      'sms-and-voice': { type: 'boolean' },
      'rate-limit': { type: 'string' },
      'no-control': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid --port: ${values.port}`);
  process.exit(2);
}

/** `1000/100` or `off`. */
function parseRateLimit(value: string | undefined): RateLimit | false | undefined {
  if (value === undefined) return undefined;
  if (value === 'off') return false;
  const [limit, perSecond] = value.split('/').map(Number);
  if (!(Number.isInteger(limit) && limit > 0 && perSecond > 0 && Number.isFinite(perSecond))) {
    console.error(`Invalid --rate-limit: ${value} (limit/per-second, as ${RATE_LIMIT}, or off)`);
    process.exit(2);
  }
  return { limit, perSecond };
}

const control = !values['no-control'];
if (control && !isLoopback(values.host!)) {
  console.error(
    [
      '',
      `WARNING: the simulator is binding to ${values.host}, beyond this machine's loopback, with its control API on.`,
      'Anyone who can reach that address can create users, mint MFA access tokens and read every code sent.',
      'The simulator is for development and tests only. Bind to 127.0.0.1, or pass --no-control.',
      '',
    ].join('\n'),
  );
}

let running;
try {
  running = await serveSimulator({
    port,
    host: values.host,
    clientId: values['client-id'],
    clientSecret: values['client-secret'],
    publicClientId: values['public-client-id'],
    webOrigins: values['web-origin'],
    issuer: values.issuer,
    tenantName: values['tenant-name'],
    mfaRequirements: values['mfa-requirements'],
    smsAndVoice: values['sms-and-voice'],
    rateLimit: parseRateLimit(values['rate-limit']),
    control,
  });
} catch (error) {
  console.error(`Cannot listen on ${values.host}:${port}: ${(error as Error).message}`);
  process.exit(1);
}
console.log(`Auth0 MFA API simulator listening on ${running.url}${control ? '' : ' (control API off)'}`);
const stop = () => void running.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
