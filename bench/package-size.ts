/**
 * What each way of using the published package loads, from the built package (`npm run build`, which also makes the
 * demo's single file): the npm tarball; each cdn/ entry with the chunks it imports before its elements can render,
 * and the lazy chunks beside them; the demo's one-file build. Sizes are gzip -9. Run: npx tsx bench/package-size.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** The relative imports of a built ES module, static or dynamic. */
function imports(file: string, kind: 'static' | 'dynamic'): string[] {
  const text = readFileSync(file, 'utf8');
  const pattern = kind === 'static' ? /(?:^|;|\})\s*(?:import|export)\s*(?:[^'"()]*?from\s*)?"(\.[^"]+)"/g : /import\("(\.[^"]+)"\)/g;
  return [...text.matchAll(pattern)].map((match) => resolve(dirname(file), match[1]));
}

/** The file and everything it imports statically: what loads before its code runs. */
function eager(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const imported of imports(file, 'static')) eager(imported, seen);
  return seen;
}

const sum = (files: Iterable<string>) => [...files].reduce((total, file) => total + gz(file), 0);

if (!existsSync('cdn/define.js')) throw new Error('No cdn/: run npm run build first');

const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }))[0];
console.log(`npm tarball: ${kb(pack.size)} (${kb(pack.unpackedSize)} unpacked, ${pack.entryCount} files)`);

const entries = ['cdn/define.js', ...readdirSync('cdn/define').map((name) => `cdn/define/${name}`)];
for (const entry of entries) {
  const files = eager(resolve(entry));
  console.log(`${entry}: ${kb(sum(files))} gzip before first render (${files.size} files)`);
}
const lazy = new Set(entries.flatMap((entry) => [...eager(resolve(entry))].flatMap((file) => imports(file, 'dynamic'))));
for (const chunk of [...lazy].sort()) console.log(`  lazy ${relative('cdn', chunk)}: ${kb(gz(chunk))}`);

const single = join('dist', 'demo', 'mfa-elements.js');
if (existsSync(single)) console.log(`${single} (the demo's one file, everything inlined): ${kb(gz(single))}`);
