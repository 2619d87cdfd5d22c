/**
 * Screenshots of <mfa-recovery-codes> in each state, light and dark, desktop and phone, for people to look at:
 * `npx tsx scripts/screenshot-recovery-codes.ts [out-dir]` (default /tmp/shots/recovery-codes). Not committed.
 * Also checks, in a real Chromium, that Download saves recovery-codes.txt and that Print reaches the print dialog.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { printCss } from '../src/components/mfa-recovery-codes/mfa-recovery-codes.styles.ts';
import { CHROMIUM_ARGS, NO_CHROMIUM, findChromium } from './find-chromium.mjs';

const out = process.argv[2] ?? '/tmp/shots/recovery-codes';
mkdirSync(out, { recursive: true });
const ORIGIN = 'https://app.example.com';

const entry = `
  import './src/define/mfa-challenge.ts';
  import './src/define/mfa-recovery-codes.ts';
  // The challenge's new-recovery-code step, without a login: its state set by hand.
  window.showChallengeStep = async (code) => {
    const el = document.createElement('mfa-challenge');
    el.tokenProvider = () => new Promise(() => {});
    document.querySelector('main').append(el);
    await el.updateComplete;
    Object.assign(el, { step: 'new-recovery-code', newRecoveryCode: code });
    await el.updateComplete;
  };
`;
const bundle = await build({
  stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' },
  bundle: true,
  format: 'iife',
  write: false,
  target: 'es2022',
  tsconfig: 'tsconfig.json',
});
const script = bundle.outputFiles[0].text;
const page = (lang: string) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Example app</title>
<style>
  :root { color-scheme: light dark; }
  body { margin: 0; padding: 40px 16px; font: 16px/1.5 system-ui, sans-serif; background: Canvas; }
  main { max-width: 30rem; margin: 0 auto; }
  @media (max-width: 500px) { body { padding: 16px; } }
</style></head><body><main></main><script src="/bundle.js"></script></body></html>`;

const executablePath = findChromium();
if (!executablePath) throw new Error(NO_CHROMIUM);
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });

const CODE = 'N3BGPZZWJ85JLCNPZBDW6QXC';

async function open(scheme: 'light' | 'dark', width: number, lang = 'en'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ORIGIN });
  const p = await context.newPage();
  p.on('pageerror', (error) => console.error('page error:', error.message));
  await p.route(`${ORIGIN}/**`, (route) =>
    route.request().url().endsWith('/bundle.js')
      ? route.fulfill({ contentType: 'text/javascript', body: script })
      : route.fulfill({ contentType: 'text/html', body: page(lang) }),
  );
  await p.goto(`${ORIGIN}/`);
  return p;
}

async function show(p: Page, codes: string[], attributes = ''): Promise<void> {
  await p.evaluate(
    ([codes, attributes]) => {
      document.querySelector('main')!.innerHTML = `<mfa-recovery-codes ${attributes}></mfa-recovery-codes>`;
      (document.querySelector('mfa-recovery-codes') as HTMLElement & { codes: string[] }).codes = codes as string[];
    },
    [codes, attributes] as const,
  );
  await p.locator('mfa-recovery-codes [part="code"]').first().waitFor();
}

const shot = (p: Page, name: string) => p.screenshot({ path: join(out, `${name}.png`), fullPage: true });

for (const scheme of ['light', 'dark'] as const) {
  for (const width of [1280, 390]) {
    const tag = `${width}-${scheme}`;
    const p = await open(scheme, width);
    await show(p, [CODE]);
    await shot(p, `default-${tag}`);
    await p.evaluate(() => (document.querySelector('mfa-recovery-codes') as HTMLElement).focus());
    for (let i = 0; i < 4; i++) await p.keyboard.press('Tab');
    await shot(p, `keyboard-checkbox-${tag}`);
    await p.getByRole('checkbox').check();
    await p.getByRole('button', { name: 'Copy recovery code' }).click();
    await p.getByText('Copied', { exact: true }).first().waitFor();
    await p.getByRole('button', { name: 'Copy recovery code' }).focus();
    await shot(p, `checked-copied-${tag}`);

    await show(p, [CODE, 'Q7RT2K9MXW4HBC8DLP3VZN6F', 'A0O1IL8BZ2S5G6T7E3R4H9KX']);
    await shot(p, `three-codes-${tag}`);

    // The clipboard refusing.
    await p.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    });
    await show(p, [CODE]);
    await p.getByRole('button', { name: 'Copy recovery code' }).click();
    await p.getByRole('alert').waitFor();
    await shot(p, `copy-failed-${tag}`);

    await p.evaluate(() => (document.querySelector('main')!.innerHTML = ''));
    await p.evaluate((code) => (window as unknown as { showChallengeStep(code: string): Promise<void> }).showChallengeStep(code), CODE);
    await shot(p, `in-challenge-${tag}`);
    await p.context().close();

    const arabic = await open(scheme, width, 'ar');
    await show(arabic, [CODE]);
    await arabic.getByText('احفظ رمز الاسترداد').waitFor();
    await shot(arabic, `arabic-${tag}`);
    await arabic.context().close();
  }
}

// A real download and a real print call.
{
  const p = await open('light', 1280);
  await show(p, [CODE]);
  const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'Download' }).click()]);
  const path = join(out, download.suggestedFilename());
  await download.saveAs(path);
  console.log(`downloaded ${download.suggestedFilename()}:`, JSON.stringify(readFileSync(path, 'utf8')));
  await show(p, [CODE, 'Q7RT2K9MXW4HBC8DLP3VZN6F']);
  await p.getByRole('button', { name: 'Print' }).click();
  const frames = await p.evaluate(() => document.querySelectorAll('iframe').length);
  console.log(`print: no error; frames left in the page: ${frames}`);
  // What the print frame holds, laid out as printed (its stylesheet is a constructed one, added here as a <style>).
  const printed = await p.evaluate(() => document.querySelector('iframe')!.contentDocument!.documentElement.outerHTML);
  const sheet = await p.context().newPage();
  await sheet.setViewportSize({ width: 794, height: 1123 });
  await sheet.setContent(printed.replace('</head>', `<style>${printCss}</style></head>`));
  await sheet.emulateMedia({ media: 'print' });
  await sheet.screenshot({ path: join(out, 'print-frame.png') });
  await p.context().close();
}

await browser.close();
console.log(`screenshots in ${out}`);
