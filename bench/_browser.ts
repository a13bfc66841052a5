/**
 * Shared by browser benchmark groups: builds the studio if needed, serves dist/ with the same
 * headers as production (vite preview), and opens a page in headless Chromium.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
// @ts-expect-error -- plain .mjs helper shared with the test setup
import { findBrowser } from '../scripts/find-browser.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 4179);

/** `ready`: a selector that says the page has loaded (bench.html sets data-ready). */
export async function openBenchPage(path: string, ready = 'body[data-ready="true"]'): Promise<{ page: Page; close(): Promise<void> }> {
  if (!existsSync('dist/bench.html')) buildApp();
  const server = await serveDist();
  const browser = await launchBrowser();
  const close = async () => {
    await browser.close();
    server.close();
  };
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}${path}`);
    await page.waitForSelector(ready);
    return { page, close };
  } catch (e) {
    await close(); // a page that never got ready must not leave the preview server on BENCH_PORT
    throw e;
  }
}

/** `npm run build:app`: the production build into dist/. */
export function buildApp(): void {
  const build = spawnSync('npm', ['run', 'build:app'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
}

/** Serves dist/ on BENCH_PORT with the production headers (vite preview). */
export async function serveDist(): Promise<{ url: string; close(): void }> {
  const server: ChildProcess = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${PORT}`;
  await waitForServer(`${url}/`);
  return { url, close: () => server.kill() };
}

/** Headless Chromium with the flags the studio's benches and journeys use. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: (await findBrowser()) as string | undefined,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu', '--enable-precise-memory-info'],
  });
}

async function waitForServer(url: string) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not start`);
}
