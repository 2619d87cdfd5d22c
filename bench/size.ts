/**
 * What a page downloads for each element: esbuild bundles each define entry on its own with lit, minified, with
 * lazy chunks (languages, the QR code generator) split out; sizes are gzip -9. Run: npx tsx bench/size.ts
 */
import { build, type Metafile } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const ENTRIES = {
  'mfa-challenge': 'src/define/mfa-challenge.ts',
  'mfa-enroll': 'src/define/mfa-enroll.ts',
  'mfa-authenticators': 'src/define/mfa-authenticators.ts',
  'all four elements': 'src/define/index.ts',
};

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

/** Chunks the eager files import dynamically, each with what it loads statically beyond the eager files. */
function lazyChunks(metafile: Metafile, eager: string[]): string[][] {
  const dynamic = new Set(
    eager.flatMap((file) => metafile.outputs[file].imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path)),
  );
  return [...dynamic].map((chunk) => eagerFiles(metafile, chunk).filter((file) => !eager.includes(file)));
}

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const sum = (files: string[]) => files.reduce((total, file) => total + gz(file), 0);

for (const [name, entry] of Object.entries(ENTRIES)) {
  const outdir = mkdtempSync(join(tmpdir(), 'mfa-size-'));
  try {
    const { metafile } = await build({
      entryPoints: { [name]: entry },
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
    // The entry's own output: a lazily imported module (`<mfa-enroll>` in `<mfa-authenticators>`) is an entryPoint too.
    const entryOut = Object.keys(metafile.outputs).find((o) => metafile.outputs[o].entryPoint === entry)!;
    const eager = eagerFiles(metafile, entryOut);
    const eagerGz = sum(eager);
    console.log(`${name.startsWith('mfa-') ? `<${name}>` : name} with lit, loaded before first render: ${kb(eagerGz)} gzip (${eager.length} file(s))`);
    for (const files of lazyChunks(metafile, eager)) {
      const inputs = [...new Set(files.flatMap((file) => Object.keys(metafile.outputs[file].inputs)))];
      const what = inputs.some((i) => i.includes('node_modules/qrcode/'))
        ? 'qrcode (the QR code generator)'
        : inputs.map((i) => relative('.', i)).join(', ');
      console.log(`  lazy chunk ${kb(sum(files))} gzip: ${what}; with it ${kb(eagerGz + sum(files))}`);
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
