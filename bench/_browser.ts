/**
 * Shared by browser benchmark groups: builds the studio if needed, serves dist/ with the same
 * headers as production (vite preview), and opens a page in headless Chromium.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
// @ts-expect-error -- plain .mjs helper shared with the test setup
import { findBrowser } from '../scripts/find-browser.mjs';


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

/**
 * Serves dist/ with the production headers (vite preview) on BENCH_PORT, else on a port the system
 * says is free: helpers sharing a machine each run benches, and a fixed port let one bench time
 * another worktree's build (its own server failed on the taken port, the other one answered).
 */
export async function serveDist(): Promise<{ url: string; close(): void }> {
  const port = await freePort(process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : 0);
  // vite's own script under this Node, not `npx vite`: npx runs vite as a child of its own, and
  // killing npx left that child holding BENCH_PORT after the bench (the next run on it failed).
  const vite = path.join(process.cwd(), 'node_modules', 'vite', 'bin', 'vite.js');
  const server: ChildProcess = spawn(process.execPath, [vite, 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore' });
  let exited: number | null | undefined;
  server.on('exit', (code) => (exited = code));
  const url = `http://127.0.0.1:${port}`;
  await waitForServer(`${url}/`, () => exited !== undefined && `the preview server exited (code ${exited}): is port ${port} taken? Set BENCH_PORT to a free one.`);
  return { url, close: () => server.kill() };
}

/** `wanted` if it is free (0: any free port); fails when it is taken. */
function freePort(wanted: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () => reject(new Error(`port ${wanted} is taken (another bench or preview server?): set BENCH_PORT to a free one, or leave it unset.`)));
    probe.listen(wanted, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Headless Chromium with the flags the studio's benches and journeys use. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: (await findBrowser()) as string | undefined,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu', '--enable-precise-memory-info'],
  });
}

/** `failed`: a message once our own server has gone (another process on the port must not answer for it). */
async function waitForServer(url: string, failed: () => string | false) {
  for (let i = 0; i < 100; i++) {
    const why = failed();
    if (why) throw new Error(why);
    try {
      if ((await fetch(url)).ok && !failed()) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not start`);
}
