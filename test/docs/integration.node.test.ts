/**
 * The integration guide quotes examples/express, which the consumer tests run from the packed package: every
 * line of code in the guide's JavaScript blocks must be a line of the example, so the guide cannot drift from
 * what is tested.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { unquotedLines } from '../support/quoted.ts';

const path = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

test('every line of the JavaScript in docs/integration.md is a line of examples/express', () => {
  const example = ['examples/express/server.mjs', ...readdirSync(path('examples/express/public'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => `examples/express/public/${name}`)];
  const { blocks, strays } = unquotedLines(readFileSync(path('docs/integration.md'), 'utf8'), ['js'], example.map(path));
  assert.ok(blocks >= 6, `${blocks} blocks`);
  assert.deepEqual(strays, []);
});
