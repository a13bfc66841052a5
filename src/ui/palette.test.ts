import { describe, expect, it } from 'vitest';
import { CHART_BACKGROUNDS, CHART_COLORS, contrastRatio, relativeLuminance, SERIES_COLORS, seriesColor } from './palette';

describe('chart palette', () => {
  it('computes WCAG contrast ratios (known pairs)', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2); // the classic "just fails AA" grey
    expect(relativeLuminance('#ff0000')).toBeCloseTo(0.2126, 4);
    // The original Okabe–Ito orange is too light for a white chart: why the palette darkens it.
    expect(contrastRatio('#E69F00', '#ffffff')).toBeLessThan(3);
  });

  it('every series colour has 3:1 contrast with every chart background (WCAG 1.4.11)', () => {
    for (const bg of CHART_BACKGROUNDS) for (const c of SERIES_COLORS) expect(contrastRatio(c, bg), `${c} on ${bg}`).toBeGreaterThanOrEqual(3);
    for (const bg of CHART_BACKGROUNDS) expect(contrastRatio(CHART_COLORS.axisText, bg), `axis text on ${bg}`).toBeGreaterThanOrEqual(4.5);
  });

  it('has eight distinct colours and wraps around', () => {
    expect(new Set(SERIES_COLORS.map((c) => c.toLowerCase())).size).toBe(8);
    expect(seriesColor(8)).toBe(SERIES_COLORS[0]);
    expect(seriesColor(9)).toBe(SERIES_COLORS[1]);
  });

  it('rejects colours it cannot read', () => {
    expect(() => relativeLuminance('blue')).toThrow(/#rrggbb/);
  });
});

describe('confusion-matrix cell colours', () => {
  it('the count is readable (4.5:1) on every shade, from an empty cell to the largest', async () => {
    const { cellColors } = await import('./confusion-matrix');
    for (let share = 0; share <= 1.0001; share += 0.05) {
      const { background, color } = cellColors(share);
      expect(contrastRatio(color, background), `share ${share.toFixed(2)}: ${color} on ${background}`).toBeGreaterThanOrEqual(4.5);
    }
    // Stronger shades for bigger counts.
    expect(relativeLuminance(cellColors(1).background)).toBeLessThan(relativeLuminance(cellColors(0.5).background));
  });
});
