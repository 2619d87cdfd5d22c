// `npm run build:package` (and `prepack`): what the npm package ships, compiled with the package's own settings.
//   dist/  ES2022 JavaScript, .d.ts and source maps for every public entry (tsconfig.build.json), editor data
//   cdn/   ES modules with lit bundled: one registering every element, one per element, lazy chunks beside them
// The demo's build (`npm run build:demo`, dist/demo) is separate and left in place.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { writeEditorData } from './editor-data.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
// One define entry per element: src/define/<tag>.ts.
const ELEMENTS = readdirSync(join(root, 'src', 'define'))
  .filter((name) => name.startsWith('mfa-'))
  .map((name) => name.replace(/\.ts$/, ''));

function clean() {
  if (existsSync(dist)) for (const name of readdirSync(dist)) if (name !== 'demo') rmSync(join(dist, name), { recursive: true });
  rmSync(join(root, 'cdn'), { recursive: true, force: true });
}

function compile() {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const { status } = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (status !== 0) throw new Error('tsc -p tsconfig.build.json failed');
}

function files(dir, suffix) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path, suffix);
    return path.endsWith(suffix) ? [path] : [];
  });
}

/**
 * rewriteRelativeImportExtensions rewrites `./x.ts` to `./x.js` in JavaScript but not in declarations: a consumer's
 * tsconfig without allowImportingTsExtensions must read them too.
 */
function rewriteDeclarationSpecifiers() {
  const specifier = /((?:from|import)\s*\(?\s*)(['"])(\.\.?\/[^'"]+)\.ts\2/g;
  for (const file of files(dist, '.d.ts')) {
    const text = readFileSync(file, 'utf8');
    const rewritten = text.replace(specifier, '$1$2$3.js$2');
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
  const left = files(dist, '.d.ts').filter((file) => /['"]\.\.?\/[^'"]+\.ts['"]/.test(readFileSync(file, 'utf8')));
  if (left.length) throw new Error(`.ts specifiers left in ${left.join(', ')}`);
}

/** The CDN tree: a static host serves it as is; relative imports reach the shared and lazy chunks. */
async function cdn() {
  await build({
    absWorkingDir: root,
    entryPoints: {
      define: 'src/define/index.ts',
      ...Object.fromEntries(ELEMENTS.map((tag) => [`define/${tag}`, `src/define/${tag}.ts`])),
    },
    outdir: 'cdn',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    tsconfig: 'tsconfig.build.json',
    logLevel: 'warning',
  });
}

clean();
compile();
rewriteDeclarationSpecifiers();
for (const cli of ['dist/simulator/cli.js', 'dist/proxy/cli.js']) chmodSync(join(root, cli), 0o755);
await cdn();
writeEditorData(root);
console.log('Built dist/ (JavaScript, types, editor data) and cdn/');
