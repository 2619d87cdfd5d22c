/**
 * The testing recipes (README's "Testing your app", docs/testing-recipes.md) quote examples/testing-playwright and
 * examples/testing-server, whose tests the examples test runs from the packed package: every line of their
 * TypeScript and JavaScript must be a line of those examples, so the recipes run as written.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { unquotedLines } from '../support/quoted.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The examples' own code: every .ts, .js and .mjs file outside node_modules. */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return /\.(ts|js|mjs)$/.test(entry.name) ? [join(root, path)] : [];
  });
}
const examples = [...sources('examples/testing-playwright'), ...sources('examples/testing-server')];

test('every line of code in docs/testing-recipes.md is a line of the testing examples', () => {
  const { blocks, strays } = unquotedLines(read('docs/testing-recipes.md'), ['ts', 'js'], examples);
  assert.ok(blocks >= 10, `${blocks} blocks`);
  assert.deepEqual(strays, []);
});

test("every line of code in the README's testing section is a line of the testing examples", () => {
  const section = read('README.md').match(/^## Testing your app\n[\s\S]*?(?=^## )/m)?.[0];
  assert.ok(section, 'README.md has a "## Testing your app" section');
  const { blocks, strays } = unquotedLines(section, ['ts', 'js'], examples);
  assert.ok(blocks >= 2, `${blocks} blocks`);
  assert.deepEqual(strays, []);
});
