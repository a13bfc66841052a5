/**
 * Accessibility checks for journeys. `expectAccessible(page, where)` runs axe's WCAG 2.1 AA rules
 * on the whole page and checks that the page never scrolls sideways, at a laptop size (1280×720)
 * and a phone size (390×844), then puts the laptop size back. Call it on every step and panel a
 * journey shows; a new panel is checked by one more call.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const LAPTOP = { width: 1280, height: 720 };
export const PHONE = { width: 390, height: 844 };

/** axe's WCAG 2.1 AA violations on the page now, one line each with the elements involved. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)}]` : ''}`).join('; ')}`);
}

/** How many CSS pixels the page is wider than the window (0: no sideways scrolling). */
export const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** The innermost elements that stick out past the window's right edge (to say what to fix). */
export const overflowCulprits = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p; p = p.parentElement) if (p !== document.documentElement && p !== document.body && getComputedStyle(p).overflowX !== 'visible') return true;
      return false;
    };
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right <= window.innerWidth + 0.5 || r.width === 0 || clipped(el)) continue;
      if ([...el.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5)) continue;
      out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(r.right)}`);
    }
    return out.slice(0, 8);
  });

/**
 * 0 axe violations and no sideways page scroll at both sizes. Soft assertions, so a journey run
 * lists every problem on every step at once.
 */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  // Lazy views and charts show a skeleton while their code loads: check what the user will see.
  await expect(page.locator('.view-skeleton, .chart-skeleton')).toHaveCount(0);
  for (const [name, size] of [['1280×720', LAPTOP], ['390×844', PHONE]] as const) {
    await page.setViewportSize(size);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect.soft(await axeViolations(page), `axe WCAG 2.1 AA violations: ${where} at ${name}`).toEqual([]);
    const overflow = await pageOverflow(page);
    expect.soft(overflow, `sideways page scroll (px): ${where} at ${name}; sticking out: ${overflow > 0 ? (await overflowCulprits(page)).join(', ') : ''}`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize(LAPTOP);
}
