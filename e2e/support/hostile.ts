/**
 * HTML/script payloads for the journeys that check user data is shown as text (hostile-data,
 * demo-page): each would set `window.__xss` if it ran.
 */
import type { Page } from '@playwright/test';

/** Column names. */
export const P = {
  numeric: '<img src=x onerror="window.__xss=1">',
  category: '<script>window.__xss=2</script>',
  target: '"><svg onload=window.__xss=3>',
};
/** Category values. */
export const VALUES = ['<b onmouseover=window.__xss=4>bold</b>', 'javascript:window.__xss=5', "{{constructor.constructor('window.__xss=6')()}}"];

export const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
export const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Fails the test at once on a dialog (alert() from a payload). */
export function failOnDialog(page: Page) {
  page.on('dialog', (d) => {
    void d.dismiss();
    throw new Error(`a dialog opened: ${d.message()}`);
  });
}
