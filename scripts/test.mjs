// `npm test`: the Node-side tests (node:test), then the browser tests (@web/test-runner in Chromium),
// then one closing line `N passed, N failed` for CI.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NO_CHROMIUM, findChromium } from './find-chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const chromium = findChromium();
if (!chromium) {
  console.error(NO_CHROMIUM);
  process.exit(1);
}

function testFiles(dir, suffix) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path, suffix);
    return path.endsWith(suffix) ? [relative(root, path)] : [];
  });
}

/** Runs a command with inherited stderr, echoing stdout and keeping a copy. */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk;
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

const filter = process.argv.slice(2);
const pick = (files) => (filter.length ? files.filter((f) => filter.some((part) => f.includes(part))) : files);
const env = { CHROME_PATH: chromium };
let passed = 0;
let failed = 0;

const nodeFiles = pick(testFiles(join(root, 'test'), '.node.test.ts'));
if (nodeFiles.length) {
  const { code, output } = await run(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...nodeFiles],
    env,
  );
  const count = (name) => Number(output.match(new RegExp(`^ℹ ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  passed += count('pass');
  failed += count('fail') + count('cancelled');
  if (code !== 0 && count('fail') + count('cancelled') === 0) failed += 1;
}

const browserFiles = pick(testFiles(join(root, 'test'), '.test.ts').filter((f) => !f.endsWith('.node.test.ts')));
if (browserFiles.length) {
  const countsFile = join(mkdtempSync(join(tmpdir(), 'mfa-wtr-')), 'counts.json');
  const { code } = await run(
    process.execPath,
    ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs', ...browserFiles.flatMap((f) => ['--files', f])],
    { ...env, MFA_TEST_COUNTS: countsFile },
  );
  let counts = { passed: 0, failed: 0 };
  try {
    counts = JSON.parse(readFileSync(countsFile, 'utf8'));
  } catch {
    // No counts: the runner failed before any test ran.
  }
  passed += counts.passed;
  failed += counts.failed;
  if (code !== 0 && counts.failed === 0) failed += 1;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
