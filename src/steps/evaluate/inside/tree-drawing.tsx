import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { DrawnNode } from '../../../core/explain/tree-view';
import { ChartTable } from '../../../ui/chart-table';
import { CHART_COLORS, seriesColor } from '../../../ui/palette';

const BOX_W = 156, BOX_H = 50, GAP_X = 14, GAP_Y = 46;

export interface TreeDrawingProps {
  title: string;
  nodes: DrawnNode[];
  slots: number;
  depth: number;
  /** The words of a node's output, and the class (colour) it leans to, if any. */
  output: (n: DrawnNode) => { text: string; cls?: number };
}

/** A tree as boxes and edges: zoom with the buttons or + and −, pan by dragging or with the arrow keys. */
export function TreeDrawing({ title, nodes, slots, depth, output }: TreeDrawingProps) {
  const [view, setView] = useState({ k: 1, x: 0, y: 0 });
  const drag = useRef<{ x: number; y: number } | null>(null);
  const W = slots * (BOX_W + GAP_X), H = (depth + 1) * (BOX_H + GAP_Y);
  const pos = new Map(nodes.map((n) => [n.id, { x: n.x * (BOX_W + GAP_X) + GAP_X / 2, y: n.depth * (BOX_H + GAP_Y) + 8 }]));
  const zoom = (f: number) => setView((v) => ({ ...v, k: Math.min(4, Math.max(0.25, v.k * f)) }));
  const pan = (dx: number, dy: number) => setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
  const onKey = (e: KeyboardEvent) => {
    const step = 40;
    const keys: Record<string, () => void> = {
      ArrowLeft: () => pan(step, 0), ArrowRight: () => pan(-step, 0), ArrowUp: () => pan(0, step), ArrowDown: () => pan(0, -step),
      '+': () => zoom(1.25), '=': () => zoom(1.25), '-': () => zoom(0.8), '0': () => setView({ k: 1, x: 0, y: 0 }),
    };
    const act = keys[e.key];
    if (act) {
      e.preventDefault();
      act();
    }
  };
  const onDown = (e: PointerEvent) => {
    drag.current = { x: e.clientX, y: e.clientY };
    (e.currentTarget as Element).setPointerCapture?.(e.pointerId);
  };
  const onMove = (e: PointerEvent) => {
    if (!drag.current) return;
    const scale = W / Math.max(1, (e.currentTarget as Element).clientWidth || W);
    pan((e.clientX - drag.current.x) * scale, (e.clientY - drag.current.y) * scale);
    drag.current = { x: e.clientX, y: e.clientY };
  };
  return (
    <figure className="chart inside-tree" aria-label={title}>
      <div className="inside-tree-tools" role="group" aria-label="Zoom the tree">
        <button type="button" className="ghost small" onClick={() => zoom(1.25)}>Zoom in</button>
        <button type="button" className="ghost small" onClick={() => zoom(0.8)}>Zoom out</button>
        <button type="button" className="ghost small" onClick={() => setView({ k: 1, x: 0, y: 0 })}>Reset view</button>
        <span className="muted small" id="tree-keys">Focus the drawing, then use the arrow keys to pan, + and − to zoom, 0 to reset.</span>
      </div>
      <div className="inside-tree-canvas" tabIndex={0} role="region" aria-label={`${title} (drawing)`} aria-describedby="tree-keys" onKeyDown={onKey} onPointerDown={onDown} onPointerMove={onMove} onPointerUp={() => (drag.current = null)} onPointerCancel={() => (drag.current = null)}>
        <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ minWidth: Math.min(W, 320), maxHeight: 460 }} role="img" aria-label={`${title}: ${nodes.length} nodes shown; the table below lists every rule.`}>
          <g transform={`translate(${view.x} ${view.y}) translate(${W / 2} ${H / 2}) scale(${view.k}) translate(${-W / 2} ${-H / 2})`}>
            {nodes.map((n) => {
              const p = pos.get(n.parent);
              const q = pos.get(n.id)!;
              if (!p) return null;
              const yes = n.edge !== undefined && nodes.find((m) => m.id === n.parent)?.split?.left === n.edge;
              return (
                <g key={`e${n.id}`}>
                  <line x1={p.x + BOX_W / 2} y1={p.y + BOX_H} x2={q.x + BOX_W / 2} y2={q.y} stroke={CHART_COLORS.reference} />
                  <text x={(p.x + q.x) / 2 + BOX_W / 2} y={(p.y + BOX_H + q.y) / 2 + 4} fontSize={11} textAnchor="middle" fill={CHART_COLORS.axisText}>
                    {yes ? 'yes' : 'no'}
                  </text>
                </g>
              );
            })}
            {nodes.map((n) => {
              const q = pos.get(n.id)!;
              const out = output(n);
              const line1 = n.split && !n.hidden ? `${n.split.left}?` : n.hidden ? `… ${n.hidden} more nodes` : out.text;
              const colour = out.cls === undefined ? CHART_COLORS.reference : seriesColor(out.cls);
              return (
                <g key={n.id} data-node={n.id}>
                  <rect x={q.x} y={q.y} width={BOX_W} height={BOX_H} rx={5} fill="#fff" stroke={n.leaf ? colour : CHART_COLORS.axisText} strokeWidth={n.leaf ? 2.5 : 1} />
                  <text x={q.x + 6} y={q.y + 18} fontSize={12} fill="#111">{line1.length > 24 ? `${line1.slice(0, 23)}…` : line1}</text>
                  <text x={q.x + 6} y={q.y + 38} fontSize={11} fill={CHART_COLORS.axisText}>
                    {n.count} rows{!n.leaf && !n.hidden ? ` · ${out.text}` : ''}
                  </text>
                </g>
              );
            })}
          </g>
        </svg>
      </div>
      <ChartTable
        title={`${title}, every node`}
        data={() => ({
          columns: ['node (path from the root)', 'rule to reach it', 'training rows', 'splits on', 'output'],
          rows: nodes.map((n) => [pathOf(nodes, n), n.edge ?? '(root)', n.count, n.split && !n.hidden ? `${n.split.left} (yes) / ${n.split.right} (no)` : n.hidden ? `${n.hidden} nodes hidden below the depth limit` : 'leaf', output(n).text]),
        })}
      />
    </figure>
  );
}

/** "1.2.1": the child positions from the root (1 = yes, 2 = no). */
function pathOf(nodes: DrawnNode[], n: DrawnNode): string {
  const byId = new Map(nodes.map((m) => [m.id, m]));
  const parts: string[] = [];
  let cur: DrawnNode | undefined = n;
  while (cur && cur.parent >= 0) {
    const parent = byId.get(cur.parent);
    parts.unshift(parent?.split?.left === cur.edge ? '1' : '2');
    cur = parent;
  }
  return ['root', ...parts].join('.');
}
