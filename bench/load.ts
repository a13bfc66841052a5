/**
 * First load (issue 18): builds the studio, serves the build, opens it in headless Chromium as a
 * first-time visitor and measures the JavaScript that must arrive before anything is drawn.
 *
 *   bench: first-paint-js-gzip   JS requested before the first contentful paint (gzip -6 of each file)
 *   bench: first-contentful-paint  on this machine, local server, no throttling
 *   bench: total-js-gzip         all JS requested once the first screen is idle (prefetches included)
 *   and the same three for opening the language-model view from there (lm-view-…).
 *
 * Sizes are gzip of the built files, as a server compressing them would send (vite preview itself
 * does not compress). The service worker is blocked here: after the page has loaded it downloads
 * every chunk and worker for offline use (`precache-gzip`), which is not what the first screen waits for.
 * Then the composition: the 10 biggest modules of the first-paint chunks (dist/.vite/bundle-report.json).
 * Fails (exit 1) when the first paint needs more than the budget. Run: `npm run bench -- load`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from '@playwright/test';
import { buildApp, launchBrowser, serveDist } from './_browser';
import type { BundleReport } from '../build-tools/bundle-report';

const BUDGET_KB = 250;

interface Loaded {
  path: string;
  /** Epoch ms when the request started. */
  start: number;
}

const gzipCache = new Map<string, number>();
function gzipBytes(path: string): number {
  let n = gzipCache.get(path);
  if (n === undefined) {
    n = gzipSync(readFileSync(join('dist', path)), { level: 6 }).length;
    gzipCache.set(path, n);
  }
  return n;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const isJs = (path: string) => path.endsWith('.js') || path.endsWith('.mjs');
const sumGzip = (files: Iterable<string>) => [...new Set(files)].reduce((s, f) => s + gzipBytes(f), 0);

/** Records every same-origin JS file the context (page and its workers) requests. */
function recordJs(context: BrowserContext, origin: string): Loaded[] {
  const loaded: Loaded[] = [];
  context.on('requestfinished', (req) => {
    const url = new URL(req.url());
    if (url.origin !== origin || !isJs(url.pathname)) return;
    loaded.push({ path: url.pathname.slice(1), start: req.timing().startTime });
  });
  return loaded;
}

async function fcpEpoch(page: Page): Promise<{ fcp: number; epoch: number }> {
  const handle = await page.waitForFunction(() => {
    const e = performance.getEntriesByName('first-contentful-paint')[0];
    return e ? { fcp: e.startTime, epoch: performance.timeOrigin + e.startTime } : undefined;
  });
  return (await handle.jsonValue())!;
}

/** Network idle, then a little longer: the neighbouring steps are prefetched 1 s after a view shows. */
async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(2000);
  await page.waitForLoadState('networkidle');
}

function list(files: Iterable<string>): string {
  return [...new Set(files)]
    .sort((a, b) => gzipBytes(b) - gzipBytes(a))
    .map((f) => `${f} ${kb(gzipBytes(f))}`)
    .join(', ');
}

function composition(report: BundleReport, files: Iterable<string>, top = 10): string[] {
  const wanted = new Set(files);
  const modules = report.chunks.filter((c) => wanted.has(c.file)).flatMap((c) => Object.entries(c.modules).map(([id, bytes]) => ({ id, bytes, file: c.file })));
  const total = modules.reduce((s, m) => s + m.bytes, 0);
  return modules
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top)
    .map((m) => `  ${kb(m.bytes).padStart(7)} KB  ${((100 * m.bytes) / total).toFixed(1).padStart(4)} %  ${m.id}  (${m.file})`);
}

buildApp();
const report = JSON.parse(readFileSync('dist/.vite/bundle-report.json', 'utf8')) as BundleReport;
const precache = JSON.parse(readFileSync('dist/precache.json', 'utf8')) as string[];
const server = await serveDist();
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const loaded = recordJs(context, server.url);
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  const { fcp, epoch } = await fcpEpoch(page);
  await page.getByRole('button', { name: /Load sample: Iris/ }).waitFor();
  const firstPaint = loaded.filter((l) => l.start <= epoch).map((l) => l.path);
  const firstPaintKb = sumGzip(firstPaint) / 1024;
  console.log(`bench: first-paint-js-gzip ${firstPaintKb.toFixed(1)} KB # target ≤ ${BUDGET_KB} KB; ${list(firstPaint)}`);
  if (!(firstPaintKb <= BUDGET_KB)) {
    console.error(`first paint needs more than ${BUDGET_KB} KB gzip of JavaScript`);
    process.exitCode = 1;
  }
  console.log(`bench: first-contentful-paint ${fcp.toFixed(0)} ms # local server, no throttling, shared 2-core machine`);
  await settle(page);
  const firstScreen = loaded.map((l) => l.path);
  console.log(`bench: total-js-gzip ${kb(sumGzip(firstScreen))} KB # upload step idle, neighbouring step prefetched; ${list(firstScreen)}`);

  // The language-model view, opened from the first screen.
  const before = loaded.length;
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Language model', exact: true }).click();
  await page.getByRole('heading', { name: '1. Text' }).waitFor();
  const shown = Date.now() - t0;
  const lmShown = loaded.slice(before).map((l) => l.path).filter((f) => !firstScreen.includes(f));
  console.log(`bench: lm-view-js-gzip ${kb(sumGzip(lmShown))} KB # requested between the click and the view drawn; ${list(lmShown) || 'none (prefetched)'}`);
  console.log(`bench: lm-view-shown ${shown} ms # click → view drawn`);
  await settle(page);
  const all = loaded.map((l) => l.path);
  console.log(`bench: lm-view-total-js-gzip ${kb(sumGzip(all))} KB # whole session once the LM view is idle; LM view's own: ${list(all.filter((f) => !firstScreen.includes(f))) || 'none'}`);

  const precacheJs = precache.filter(isJs);
  console.log(`bench: precache-gzip ${kb(sumGzip(precache))} KB # what the service worker downloads after the page has loaded (${precacheJs.length} JS files, wasm, css), for offline use`);

  console.log(`composition of the first-paint chunks, top 10 modules (rendered bytes before minification):`);
  for (const line of composition(report, firstPaint)) console.log(line);
  await context.close();
} finally {
  await browser.close();
  server.close();
}
