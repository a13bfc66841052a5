// Takes the README screenshot (docs/screenshot.png) from the production build served by
// `npm run preview`: the penguins sample, profiled, with its target chosen.
import { chromium } from '@playwright/test';
import { findBrowser } from './find-browser.mjs';

const url = process.argv[2] ?? 'http://127.0.0.1:4173/?sample=penguins';
const browser = await chromium.launch({ executablePath: await findBrowser(), args: ['--no-sandbox', '--disable-background-networking'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(url);
await page.getByText(/344 rows × 7 columns/).waitFor();
await page.getByRole('figure', { name: 'Class balance of Species' }).waitFor();
await page.getByRole('tab', { name: 'Profile' }).click();
await page.getByRole('figure', { name: 'Histogram of Body Mass (g)' }).waitFor();
await page.evaluate('window.scrollTo(0, 330)');
await page.screenshot({ path: 'docs/screenshot.png' });
await browser.close();
console.log('wrote docs/screenshot.png');
