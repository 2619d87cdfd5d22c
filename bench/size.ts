/**
 * What a page downloads for each element: esbuild bundles the define entry with lit, minified, with
 * lazy chunks split out; sizes are gzip -9. Run: npx tsx bench/size.ts
 */
import { build, type Metafile } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const ENTRIES = { 'mfa-challenge': 'src/define/mfa-challenge.ts' };

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The entry and every chunk it imports statically: what loads before the element can render. */
function eagerFiles(metafile: Metafile, entryOut: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of metafile.outputs[file].imports) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entryOut);
  return [...seen];
}

const outdir = mkdtempSync(join(tmpdir(), 'mfa-size-'));
try {
  const { metafile } = await build({
    entryPoints: ENTRIES,
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    outdir,
    metafile: true,
    legalComments: 'none',
    logLevel: 'error',
  });
  const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
  for (const name of Object.keys(ENTRIES)) {
    const entryOut = Object.keys(metafile.outputs).find((o) => metafile.outputs[o].entryPoint && o.endsWith(`${name}.js`))!;
    const eager = eagerFiles(metafile, entryOut);
    const eagerGz = eager.reduce((sum, file) => sum + gz(file), 0);
    console.log(`<${name}> with lit, loaded before first render: ${kb(eagerGz)} gzip (${eager.length} file(s))`);
    const lazy = Object.keys(metafile.outputs).filter((o) => o.endsWith('.js') && !eager.includes(o) && !metafile.outputs[o].entryPoint);
    for (const file of lazy) {
      const inputs = Object.keys(metafile.outputs[file].inputs).map((i) => relative('.', i)).join(', ');
      console.log(`  lazy chunk ${kb(gz(file))} gzip: ${inputs}`);
    }
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
