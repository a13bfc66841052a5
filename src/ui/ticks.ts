/**
 * "Nice" axis ticks (steps of 1, 2 or 5 × 10^k) for the live charts, which draw their own SVG so an
 * update costs a few milliseconds (see live-line-chart.tsx).
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    return niceTicks(min - pad, max + pad, count);
  }
  if (min > max) [min, max] = [max, min];
  const raw = (max - min) / Math.max(1, count - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  // From the tick at or below min to the first tick at or above max.
  for (let i = 0; ; i++) {
    const v = Number((first + i * step).toPrecision(12));
    ticks.push(v);
    if (v >= max - step * 1e-9) break;
  }
  return ticks;
}

/** Integer ticks for a step or epoch axis (never 1.5 epochs). */
export function integerTicks(min: number, max: number, count = 6): number[] {
  const ticks = niceTicks(min, max, count).filter((t) => Number.isInteger(t) && t >= min && t <= max);
  if (ticks.length === 0 || ticks[0] !== min) ticks.unshift(Math.round(min));
  return [...new Set(ticks)];
}

/**
 * A tick label: short, no float noise (0.30000000000000004 → 0.3); large values as 20k, 1.5M
 * (step axes of long runs), tiny ones in exponent form.
 */
export function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e9) return v.toExponential(1);
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  if (a < 0.001) return v.toExponential(1);
  return String(Number(v.toPrecision(4)));
}
