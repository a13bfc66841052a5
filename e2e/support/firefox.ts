/**
 * Opens an exported demo page from file:// in stock Firefox (Debian's firefox-esr), headless, with
 * no server: Playwright's Firefox is a patched build that cannot be installed here, so this drives
 * Firefox over WebDriver BiDi with puppeteer-core (which downloads no browser). The journeys call
 * it after the Chromium check, with the studio's own values, and skip with a printed line when no
 * Firefox is installed (FIREFOX_PATH, else /usr/bin/firefox-esr, else /usr/bin/firefox;
 * FIREFOX_PATH=none turns it off).
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** FIREFOX_PATH when set (a path that does not exist turns the check off), else Debian's firefox-esr or firefox. */
export function firefoxPath(): string | undefined {
  const candidates = process.env.FIREFOX_PATH ? [process.env.FIREFOX_PATH] : ['/usr/bin/firefox-esr', '/usr/bin/firefox'];
  return candidates.find((p) => existsSync(p));
}

/** The line a journey prints when it cannot run its Firefox part. */
export const NO_FIREFOX = 'Firefox check skipped: no Firefox here (set FIREFOX_PATH, or apt-get install firefox-esr)';

export interface FirefoxDemo {
  page: Page;
  /** Fills the form (by field name) and presses Predict, or types into the live text box; resolves with the shown probabilities by label. */
  predict(values: Record<string, string>): Promise<Record<string, string>>;
  /** LM pages: generates from the prompt with these settings and resolves with the text written after it. */
  generate(prompt: string, s: { maxNewTokens: number; temperature: number; topK: number; seed: number }): Promise<string>;
  /** Throws unless the page made no request beyond file://, raised no CSP violation and no page error. */
  check(): Promise<void>;
  /** What the page reports about itself: the ready state (wasm / cpu fallback) and its user agent. */
  ready: string;
  userAgent: string;
}

/**
 * Polls `fn` in the page until it returns true. Why not page.waitForFunction: puppeteer's poller
 * builds its predicate with Function(), which the demo page's CSP (no 'unsafe-eval') blocks in
 * Firefox 140 ESR; page.evaluate goes through WebDriver BiDi's callFunction, which CSP allows.
 */
async function waitInPage(page: Page, fn: (arg: string) => boolean, arg: string, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(fn, arg)) return;
    if (Date.now() > until) throw new Error(`Firefox: waited ${timeoutMs / 1000} s for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Launches Firefox, opens the page from file://, runs `use`, closes Firefox. */
export async function withFirefoxDemo<T>(file: string, use: (demo: FirefoxDemo) => Promise<T>): Promise<T> {
  const executablePath = firefoxPath();
  if (!executablePath) throw new Error(NO_FIREFOX);
  const browser: Browser = await puppeteer.launch({ browser: 'firefox', executablePath, headless: true, timeout: 120_000 });
  try {
    const page = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.evaluateOnNewDocument(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('html[data-demo-ready]', { timeout: 60_000 });
    const ready = await page.evaluate(() => document.documentElement.getAttribute('data-demo-ready') ?? '');
    const userAgent = await page.evaluate(() => navigator.userAgent);
    let last = '';
    const predict = async (values: Record<string, string>) => {
      // As [name, value] pairs: a column may be called "constructor", which BiDi's serializer takes for a class.
      const live = await page.evaluate((pairs) => {
        const labels = [...document.querySelectorAll('form label')];
        for (const [name, value] of pairs) {
          // The field's label: its first span starts with the column name, then " (type)".
          const label = labels.find((l) => l.querySelector('span')?.firstChild?.textContent === name);
          const input = label?.querySelector('input, select, textarea') as HTMLInputElement | null;
          if (!input) throw new Error(`no field ${name}`);
          input.value = value;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
        const button = document.querySelector('form button[type=submit]') as HTMLButtonElement | null;
        button?.click();
        return !button;
      }, Object.entries(values));
      // A live text box predicts 250 ms after typing; wait until the shown probabilities change.
      await waitInPage(
        page,
        (before) => {
          const cells = [...document.querySelectorAll('[data-testid=probability]')];
          const now = JSON.stringify(cells.map((c) => [c.getAttribute('data-label'), c.textContent]));
          return cells.length > 0 && now !== before;
        },
        last,
        live ? 30_000 : 20_000,
        'the shown probabilities to change',
      );
      const shown = await page.evaluate(() => [...document.querySelectorAll('[data-testid=probability]')].map((c) => [c.getAttribute('data-label')!, c.textContent!] as [string, string]));
      last = JSON.stringify(shown);
      return Object.fromEntries(shown);
    };
    const generate: FirefoxDemo['generate'] = async (prompt, s) => {
      await page.evaluate(
        (p, values) => {
          const set = (id: string, v: string) => ((document.getElementById(id) as HTMLInputElement).value = v);
          set('gen-prompt', p);
          for (const [id, v] of values) set(id, v);
          const out = document.querySelector('pre.generated')!;
          out.setAttribute('aria-busy', 'true');
          (document.querySelector('section[aria-label=Generate] button[type=submit]') as HTMLButtonElement).click();
        },
        prompt,
        [['gen-tokens', String(s.maxNewTokens)], ['gen-temperature', String(s.temperature)], ['gen-topk', String(s.topK)], ['gen-seed', String(s.seed)]],
      );
      await waitInPage(page, () => document.querySelector('pre.generated')?.getAttribute('aria-busy') === 'false', '', 60_000, 'the generation to end');
      return page.evaluate(() => document.querySelector('[data-testid=generated]')!.textContent!);
    };
    const check = async () => {
      const away = requests.filter((u) => !u.startsWith('file:'));
      const csp = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
      if (away.length || errors.length || csp.length) throw new Error(`Firefox: requests ${JSON.stringify(away)}, page errors ${JSON.stringify(errors)}, CSP violations ${JSON.stringify(csp)}`);
    };
    return await use({ page, predict, generate, check, ready, userAgent });
  } finally {
    await browser.close();
  }
}
