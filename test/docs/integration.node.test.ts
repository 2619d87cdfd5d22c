/**
 * The integration guide quotes examples/express, which the consumer tests run from the packed package: every
 * line of code in the guide's JavaScript blocks must be a line of the example, so the guide cannot drift from
 * what is tested. Comments and elisions (`…`) are the guide's own.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const code = (line: string) => line.replace(/\s*\/\/ .*$/, '').trim();

test('every line of the JavaScript in docs/integration.md is a line of examples/express', () => {
  const example = ['examples/express/server.mjs', ...readdirSync(new URL('../../examples/express/public', import.meta.url))
    .filter((name) => name.endsWith('.js'))
    .map((name) => `examples/express/public/${name}`)];
  const lines = new Set(example.flatMap((path) => read(path).split('\n').map(code)));
  const blocks = [...read('docs/integration.md').matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);
  assert.ok(blocks.length >= 6, `${blocks.length} blocks`);
  const strays = blocks
    .flatMap((block) => block.split('\n').map(code))
    .filter((line) => line && !line.includes('…') && !lines.has(line));
  assert.deepEqual(strays, []);
});
