/**
 * Slow clients: a request that trickles in (one byte at a time, headers or body) must not hold a socket for
 * minutes, and connections are capped. On the proxy's and the simulator's Node servers, with short deadlines set
 * through their options; and in the fetch handlers themselves, which read bodies with a deadline of their own on
 * any runtime (Express middleware, Deno, Workers).
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { createMfaProxy } from '../../src/proxy/index.ts';
import { serveMfaProxy, type RunningMfaProxy } from '../../src/proxy/node.ts';
import { createSimulator } from '../../src/simulator/index.ts';
import { serveSimulator, type RunningSimulator } from '../../src/simulator/node.ts';

/** Long enough that a server without deadlines is caught holding the socket; far beyond the deadlines set. */
const GIVE_UP_MS = 8_000;
const LIMITS = { requestTimeoutMs: 1_000, headersTimeoutMs: 1_000, bodyTimeoutMs: 1_000 };

interface Trickled {
  closed: boolean;
  answer: string;
  /** Bytes the client managed to send before the server closed. */
  sent: number;
}

function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.on('error', () => undefined); // writes after the server closed: expected
  return once(socket, 'connect').then(() => socket);
}

/** Sends `head` at once, then `slow` one byte every 200 ms, until the server closes or GIVE_UP_MS passes. */
async function trickle(url: string, head: string, slow: string): Promise<Trickled> {
  const socket = await open(url);
  let answer = '';
  let sent = 0;
  socket.on('data', (chunk) => (answer += chunk));
  socket.write(head);
  const timer = setInterval(() => {
    if (sent < slow.length && !socket.destroyed) socket.write(slow[sent++]);
  }, 200);
  const closed = await Promise.race([once(socket, 'close').then(() => true), delay(GIVE_UP_MS).then(() => false)]);
  clearInterval(timer);
  socket.destroy();
  return { closed, answer, sent };
}

const bodyOf = (path: string, host: string, body: string) =>
  [`POST ${path} HTTP/1.1`, `Host: ${host}`, 'Content-Type: application/x-www-form-urlencoded', `Content-Length: ${body.length}`, '', ''].join('\r\n');

const SLOW_BODY = 'grant_type=http%3A%2F%2Fauth0.com%2Foauth%2Fgrant-type%2Fmfa-otp&mfa_token=x&otp=123456'.repeat(2);

for (const kind of ['proxy', 'simulator'] as const) {
  describe(`the ${kind}'s Node server`, () => {
    let running: RunningMfaProxy | RunningSimulator;
    let simulator: RunningSimulator | undefined;
    before(async () => {
      if (kind === 'proxy') {
        simulator = await serveSimulator({ port: 0 });
        running = await serveMfaProxy({ upstream: simulator.url, clientId: 'c', clientSecret: 's', ...LIMITS, maxConnections: 4 });
      } else {
        running = await serveSimulator({ port: 0, ...LIMITS, maxConnections: 4 });
      }
    });
    after(async () => {
      await running.close();
      await simulator?.close();
    });

    test('closes a connection whose body trickles in, with 408', async () => {
      const { host } = new URL(running.url);
      const result = await trickle(running.url, bodyOf('/oauth/token', host, SLOW_BODY), SLOW_BODY);
      assert.ok(result.closed, `still open after ${GIVE_UP_MS} ms, ${result.sent} bytes sent`);
      assert.ok(result.sent < SLOW_BODY.length, 'closed before the body was complete');
      assert.match(result.answer, /^HTTP\/1\.1 408 /);
    });

    test('closes a connection whose headers trickle in', async () => {
      const { host } = new URL(running.url);
      const request = `GET /.well-known/jwks.json HTTP/1.1\r\nHost: ${host}\r\nX-Padding: ${'a'.repeat(200)}\r\n\r\n`;
      const result = await trickle(running.url, '', request);
      assert.ok(result.closed, `still open after ${GIVE_UP_MS} ms, ${result.sent} bytes sent`);
      assert.ok(result.sent < request.length, 'closed before the headers were complete');
    });

    test('refuses connections beyond maxConnections, and serves again once they close', async () => {
      const held = await Promise.all([1, 2, 3, 4].map(() => open(running.url)));
      const extra = await open(running.url);
      const refused = await Promise.race([once(extra, 'close').then(() => true), delay(GIVE_UP_MS).then(() => false)]);
      assert.ok(refused, 'a fifth connection was kept');
      for (const socket of held) socket.destroy();
      await delay(100);
      const answer = await fetch(`${running.url}/mfa/authenticators`);
      assert.equal(answer.status, 401);
    });
  });
}

/** A body that sends a few bytes and then nothing, never ending. */
function stalledBody(): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('grant_type='));
    },
  });
}

describe('the fetch handlers read bodies with a deadline, on any runtime', () => {
  const stalled = (url: string) =>
    new Request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: stalledBody(),
      duplex: 'half',
    } as RequestInit);

  test('proxy: bodyTimeoutMs, then 408 request_timeout', async () => {
    const proxy = createMfaProxy({ upstream: 'http://127.0.0.1:9', clientId: 'c', clientSecret: 's', bodyTimeoutMs: 300 });
    const answer = await Promise.race([proxy(stalled('http://proxy.test/oauth/token')), delay(GIVE_UP_MS).then(() => undefined)]);
    assert.ok(answer, `no answer after ${GIVE_UP_MS} ms`);
    assert.equal(answer.status, 408);
    assert.equal((await answer.json()).error, 'request_timeout');
  });

  test('simulator: bodyTimeoutMs, then 408 request_timeout', async () => {
    const simulator = createSimulator({ bodyTimeoutMs: 300 });
    const answer = await Promise.race([simulator.fetch(stalled('http://sim.test/oauth/token')), delay(GIVE_UP_MS).then(() => undefined)]);
    assert.ok(answer, `no answer after ${GIVE_UP_MS} ms`);
    assert.equal(answer.status, 408);
    assert.equal((await answer.json()).error, 'request_timeout');
  });

  test('a misconfigured deadline fails at start-up', () => {
    for (const bodyTimeoutMs of [0, -1, Number.NaN, 2 ** 31]) {
      assert.throws(() => createMfaProxy({ upstream: 'http://127.0.0.1:9', clientId: 'c', clientSecret: 's', bodyTimeoutMs }), /bodyTimeoutMs/);
    }
  });
});
