/**
 * `npx tsx bench/forwarder.ts <upstream> pipe|fetch`: the reference the proxy is measured against,
 * forwarding every request to `upstream` as it comes, with no checks.
 * - `pipe`: node:http to node:http over keep-alive, streams piped (what http-proxy does): the least
 *   a Node forwarder can do.
 * - `fetch`: the same transport as the proxy (the request adapter and Node's fetch, which is
 *   undici), so the difference to the proxy is the proxy's own work: routing, checks, building the
 *   upstream call.
 * Prints `listening on <url>`.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeListener } from '../src/server/node-adapter.ts';

const [upstream, mode] = process.argv.slice(2);
if (!upstream || (mode !== 'pipe' && mode !== 'fetch')) {
  console.error('Usage: npx tsx bench/forwarder.ts <upstream URL> pipe|fetch');
  process.exit(2);
}
const target = new URL(upstream);

function pipeForwarder() {
  const agent = new Agent({ keepAlive: true });
  return createServer((req, res) => {
    const forwarded = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.writeHead(502).end());
    req.pipe(forwarded);
  });
}

function fetchForwarder() {
  return createServer(
    toNodeListener(async (incoming) => {
      const { pathname, search } = new URL(incoming.url);
      const headers = new Headers(incoming.headers);
      headers.delete('host');
      const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD';
      const answer = await fetch(`${target.origin}${pathname}${search}`, {
        method: incoming.method,
        headers,
        body: hasBody ? await incoming.arrayBuffer() : undefined,
      });
      return new Response(answer.body, { status: answer.status, headers: answer.headers });
    }),
  );
}

const server = mode === 'pipe' ? pipeForwarder() : fetchForwarder();
server.listen(0, '127.0.0.1', () => {
  console.log(`Forwarder (${mode}) listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
