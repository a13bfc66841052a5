import { useMemo, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { EmbeddingView } from '../../core/jobs/inspect';
import { visibleToken } from '../../core/jobs/inspect';
import { ChartTable } from '../chart-table';
import { CHART_COLORS, seriesColor } from '../palette';

const W = 400;
const H = 300;
const PAD = 16;

/**
 * A 2-D scatter of embeddings (PCA), coloured by group with the colour-blind-safe palette.
 * Hover a point, or focus the plot and use the arrow keys (left/right step through the points
 * from left to right, Home/End jump to the ends), to read its text; the table lists every point.
 */
export function EmbeddingPlot({ view, title }: { view: EmbeddingView; title: string }) {
  const [at, setAt] = useState<number | null>(null);
  const { xs, ys, order } = useMemo(() => {
    const px = view.points.map((p) => p.x);
    const py = view.points.map((p) => p.y);
    const [x0, x1] = [Math.min(...px), Math.max(...px)];
    const [y0, y1] = [Math.min(...py), Math.max(...py)];
    const sx = (v: number) => PAD + ((v - x0) / (x1 - x0 || 1)) * (W - 2 * PAD);
    const sy = (v: number) => H - PAD - ((v - y0) / (y1 - y0 || 1)) * (H - 2 * PAD);
    return { xs: px.map(sx), ys: py.map(sy), order: px.map((_, i) => i).sort((a, b) => px[a]! - px[b]! || a - b) };
  }, [view]);
  const groupIndex = (g: string) => Math.max(0, view.groups.indexOf(g));
  const hover = (e: MouseEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const mx = ((e.clientX - box.left) / box.width) * W;
    const my = ((e.clientY - box.top) / box.height) * H;
    let best = -1;
    let dist = 15 ** 2;
    xs.forEach((x, i) => {
      const d = (x - mx) ** 2 + (ys[i]! - my) ** 2;
      if (d < dist) [best, dist] = [i, d];
    });
    setAt(best >= 0 ? best : null);
  };
  const key = (e: KeyboardEvent) => {
    const pos = at === null ? -1 : order.indexOf(at);
    const go = (p: number) => {
      e.preventDefault();
      setAt(order[Math.max(0, Math.min(order.length - 1, p))]!);
    };
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') go(pos + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') go(pos < 0 ? 0 : pos - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(order.length - 1);
    else if (e.key === 'Escape') setAt(null);
  };
  const point = at === null ? undefined : view.points[at];
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  return (
    <figure className="embedding-plot">
      <div
        className="embedding-frame"
        tabIndex={0}
        role="group"
        aria-label={`${title}: ${view.points.length} points. Use the arrow keys to step through them from left to right.`}
        aria-describedby="embedding-readout"
        onKeyDown={key}
      >
        <svg viewBox={`0 0 ${W} ${H}`} aria-hidden="true" onMouseMove={hover} onMouseLeave={() => setAt(null)}>
          <rect x={0} y={0} width={W} height={H} fill="#fff" stroke={CHART_COLORS.grid} />
          {view.points.map((p, i) => (
            <circle key={i} cx={xs[i]} cy={ys[i]} r={3} fill={seriesColor(groupIndex(p.group))} fillOpacity={0.75} />
          ))}
          {point && at !== null && <circle cx={xs[at]} cy={ys[at]} r={7} fill="none" stroke="#000" strokeWidth={2} />}
        </svg>
      </div>
      <p id="embedding-readout" className="embedding-readout" aria-live="polite" data-testid="embedding-readout">
        {point ? `“${visibleToken(point.text)}” — ${point.group}` : 'Hover or focus a point to read its text.'}
      </p>
      <ul className="embedding-legend" aria-label="Colours">
        {view.groups.map((g, i) => (
          <li key={g}>
            <span className="swatch" style={{ background: seriesColor(i) }} aria-hidden="true" /> {g} ({view.points.filter((p) => p.group === g).length})
          </li>
        ))}
      </ul>
      <figcaption className="muted small">
        PCA of {view.what}: the horizontal axis explains {pct(view.explained[0])} of the variance, the vertical {pct(view.explained[1])}. Points close together have similar vectors.
      </figcaption>
      <ChartTable
        title={title}
        data={() => ({
          columns: ['text', 'group', 'PC 1', 'PC 2'],
          rows: view.points.map((p) => [visibleToken(p.text), p.group, Number(p.x.toFixed(4)), Number(p.y.toFixed(4))]),
        })}
      />
    </figure>
  );
}
