import { defineConfig } from '@playwright/test';
// @ts-expect-error -- plain .mjs helper shared with scripts/ensure-browser.mjs
import { findBrowser } from './scripts/find-browser.mjs';

const executablePath: string | undefined = await findBrowser();
// E2E_PORT lets several checkouts run their journeys at once without reusing one another's server.
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e/journeys',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // A trace records every action's DOM snapshot, which costs every test time. CI retries a failed
    // test once and records that retry; a local run (no retries) keeps the trace of a failure.
    trace: process.env.CI ? 'on-first-retry' : 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      // Background networking is refused on closed machines; WebGPU needs the unsafe flag headless.
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--enable-unsafe-webgpu',
      ],
    },
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
