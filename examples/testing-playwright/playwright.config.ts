import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.PORT ?? 5173);
// A Chrome or Chromium already on the machine (CHROME_PATH, or Debian's), else Playwright's own
// (`npx playwright install chromium`).
const executablePath = process.env.CHROME_PATH ?? ['/usr/bin/chromium'].find((path) => existsSync(path));

export default defineConfig({
  testDir: 'tests',
  reporter: 'list',
  // The elements poll a push every 5 s, as Auth0 asks: an approval shows within one interval.
  expect: { timeout: 10_000 },
  use: { baseURL: `http://127.0.0.1:${port}`, launchOptions: { executablePath } },
  // The app's own dev server: mfa-elements/vite puts the simulator and the proxy behind it.
  webServer: {
    command: `npm run dev -- --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
  },
});
