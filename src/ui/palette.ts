/**
 * The one palette every chart uses: the Okabe–Ito colours (Okabe & Ito, "Color Universal Design",
 * 2008), chosen to stay distinguishable with the common colour-vision deficiencies. Orange, sky
 * blue, yellow and reddish purple are too light on a white chart for WCAG 1.4.11 (3:1 for
 * graphics), so those four are the same hues darkened until they pass; palette.test.ts computes
 * the ratios against every background a chart is drawn on.
 */

/** Series colours, in the order charts take them. */
export const SERIES_COLORS = [
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#B86A93', // reddish purple (darkened from #CC79A7)
  '#A66F00', // orange (darkened from #E69F00)
  '#2B88C4', // sky blue (darkened from #56B4E9)
  '#9A8C00', // yellow (darkened from #F0E442)
  '#000000', // black
] as const;

/** The colour of series i (wraps around after eight). */
export const seriesColor = (i: number): string => SERIES_COLORS[((i % SERIES_COLORS.length) + SERIES_COLORS.length) % SERIES_COLORS.length]!;

/** Named roles, so "training" and "validation" look the same in every chart. */
export const CHART_COLORS = {
  primary: SERIES_COLORS[0],
  training: SERIES_COLORS[0],
  validation: SERIES_COLORS[1],
  metric: SERIES_COLORS[2],
  /** Raw batch losses behind their smoothed line. */
  raw: SERIES_COLORS[5],
  /** Reference lines (diagonals, zero lines) and markers: decorative, explained in text. */
  reference: '#6b7280',
  grid: '#e4e7ed',
  axisText: '#4b5563',
} as const;

/** Backgrounds charts sit on: the step panel (white) and the tinted target panel (--bg). */
export const CHART_BACKGROUNDS = ['#ffffff', '#f6f7fa'] as const;

/** WCAG 2.x relative luminance of a #rrggbb colour. */
export function relativeLuminance(hex: string): number {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const channel = (i: number) => {
    const v = parseInt(m[1]!.slice(i, i + 2), 16) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

/** WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
