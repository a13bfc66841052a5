/**
 * Journey helpers. Every journey uses `test` from here, which watches every request the page
 * makes and fails the test if one goes to any origin but the studio's own (privacy promise), and
 * fails it on any Content-Security-Policy violation in the page or its workers (csp.config.ts).
 */
import { test as base, expect, type Browser, type ConsoleMessage, type Page } from '@playwright/test';

const CSP_MARK = 'CSP violation:';
const isCspMessage = (m: ConsoleMessage) => m.text().startsWith(CSP_MARK) || /Content Security Policy/i.test(m.text());

export const test = base.extend<{ foreignRequests: string[]; cspViolations: string[] }>({
  cspViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      // Chromium logs every violation to the console; page 'console' also carries dedicated workers'
      // messages (a worker.on('console') listener is not needed, and attaching one broke the
      // service worker's caching in offline-private). The event listener catches unlogged ones.
      await page.addInitScript((mark) => {
        document.addEventListener('securitypolicyviolation', (e) => console.error(`${mark} ${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
      }, CSP_MARK);
      const watch = (m: ConsoleMessage) => {
        if (isCspMessage(m)) violations.push(m.text());
      };
      page.on('console', watch);
      await use(violations);
      expect([...new Set(violations)], 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
  foreignRequests: [
    async ({ page, baseURL }, use) => {
      const origin = new URL(baseURL!).origin;
      const foreign: string[] = [];
      page.on('request', (req) => {
        const url = req.url();
        if (url.startsWith('data:') || url.startsWith('blob:')) return;
        if (new URL(url).origin !== origin) foreign.push(url);
      });
      await use(foreign);
      expect(foreign, 'requests to other origins').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * A fresh studio: cleared storage, then the page loaded again, in every context. (A single load in
 * a new context saved ~0.25 s a call; it was taken back while chasing the guidance journey's
 * first-try flake, which stayed with either form, so the older, well-tried form is kept.)
 */
export async function openFreshStudio(page: Page, path = '/') {
  await page.goto(path);
  await page.evaluate(async () => {
    const dbs = await indexedDB.databases();
    await Promise.all(dbs.map((d) => new Promise((r) => { const q = indexedDB.deleteDatabase(d.name!); q.onsuccess = q.onerror = q.onblocked = r; })));
  });
  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'ML Studio' })).toBeVisible();
}

/** From a loaded dataset with its target chosen: Encode (waits for `features`), the Model step's `model` button, then Train. */
export async function toTrainStep(page: Page, model: string | RegExp, features: RegExp) {
  await page.getByRole('button', { name: /Step 3: Encode/ }).click();
  await expect(page.getByText(features)).toBeVisible();
  await page.getByRole('button', { name: /Step 4: Model/ }).click();
  await page.getByRole('button', { name: model }).click();
  await page.getByRole('button', { name: /Step 5: Train/ }).click();
}

/** From a loaded page to the Train step with the iris sample and `model` chosen (its MLP by default). */
export async function irisAtTrainStep(page: Page, model: string | RegExp = /Choose Neural network|Choose MLP|Choose .*MLP/) {
  await page.getByRole('button', { name: 'Load sample: Iris flowers' }).click();
  await expect(page.getByLabel('Target column')).toHaveValue('species');
  await toTrainStep(page, model, /The model will see 4 features/);
}


/** Loads a file through the file picker (as a user choosing a file). */
export async function chooseFile(page: Page, name: string, content: string | Buffer, mimeType = 'text/csv') {
  await page.getByLabel('Choose a data file').setInputFiles({ name, mimeType, buffer: Buffer.isBuffer(content) ? content : Buffer.from(content) });
}

/** Drops a file on the page body (drag and drop anywhere). */
export async function dropFile(page: Page, name: string, content: string) {
  const dt = await page.evaluateHandle(([n, c]) => {
    const d = new DataTransfer();
    d.items.add(new File([c], n, { type: 'text/csv' }));
    return d;
  }, [name, content] as const);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: dt });
  await page.dispatchEvent('body', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
}

export const parseStat = (text: string) => Number(text.replace(/[^0-9.]/g, ''));

/**
 * Downloads the bundle of the latest run from the Export step, then imports it into a fresh studio
 * in a new browser context (nothing shared but the file). Returns that page; close its context.
 */
export async function exportAndImportFresh(page: Page, browser: Browser, path: string): Promise<Page> {
  await page.getByRole('button', { name: /Step 7: Export/ }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download bundle (.zip)' }).click()]);
  await download.saveAs(path);
  const other = await (await browser.newContext()).newPage();
  await openFreshStudio(other);
  await other.getByRole('button', { name: /Step 7: Export/ }).click();
  await other.getByLabel('Choose a model bundle').setInputFiles(path);
  await expect(other.getByText(/Loaded .*\.zip/)).toBeVisible();
  return other;
}

/** Writes `value` as the saved project (IndexedDB `ml-studio` → `projects` → `current`), as a damaged or foreign autosave would be. */
export async function putSavedProject(page: Page, value: unknown) {
  await page.evaluate(async (v) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const q = indexedDB.open('ml-studio');
      q.onsuccess = () => ok(q.result);
      q.onerror = () => fail(q.error);
    });
    await new Promise((ok, fail) => {
      const tx = db.transaction('projects', 'readwrite');
      tx.objectStore('projects').put(v, 'current');
      tx.oncomplete = ok;
      tx.onerror = fail;
    });
    db.close();
  }, value);
}

/**
 * The latest epoch of a saved run checkpoint (IndexedDB `ml-studio` → `trainCheckpoints`), 0 when
 * none: the keeper saves what it holds in memory, so a saved epoch-2 checkpoint is one a resume
 * can start from. Polled instead of sleeping until "about once a second" has surely passed.
 */
export const savedCheckpointEpoch = (page: Page) =>
  page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const q = indexedDB.open('ml-studio');
      q.onsuccess = () => ok(q.result);
      q.onerror = () => fail(q.error);
    });
    if (!db.objectStoreNames.contains('trainCheckpoints')) return (db.close(), 0);
    const all = await new Promise<{ checkpoint?: { epoch?: number } }[]>((ok, fail) => {
      const q = db.transaction('trainCheckpoints').objectStore('trainCheckpoints').getAll();
      q.onsuccess = () => ok(q.result as { checkpoint?: { epoch?: number } }[]);
      q.onerror = () => fail(q.error);
    });
    db.close();
    return Math.max(0, ...all.map((r) => r.checkpoint?.epoch ?? 0));
  });
