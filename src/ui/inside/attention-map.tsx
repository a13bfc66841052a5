import { ChartTable } from '../chart-table';
import { heatColor } from './heat';

export interface AttentionMapProps {
  /** Token labels (whitespace made visible), one per position. */
  tokens: string[];
  /** One head's probabilities [T, T] row-major (query row, key column). */
  probs: Float32Array;
  /** The highlighted query row. */
  query: number;
  title: string;
}

const CELL = 14;
const LABEL = 64;
const short = (s: string) => (s.length > 8 ? `${s.slice(0, 7)}…` : s);

/**
 * One head's attention as a heat map: rows are the positions that look (queries), columns the
 * positions they look at (keys). Darker = more attention. The numbers are in the table toggle.
 */
export function AttentionMap({ tokens, probs, query, title }: AttentionMapProps) {
  const T = tokens.length;
  const size = LABEL + T * CELL;
  const top = tokens.map((t, j) => ({ t, j }));
  const strongest = (() => {
    let best = 0;
    for (let k = 1; k < T; k++) if (probs[query * T + k]! > probs[query * T + best]!) best = k;
    return best;
  })();
  return (
    <figure className="attention-map">
      <div className="attention-scroll">
        <svg viewBox={`0 0 ${size} ${size}`} role="img" aria-label={`${title}. Token ${query + 1} (“${tokens[query]}”) attends most to token ${strongest + 1} (“${tokens[strongest]}”), ${(probs[query * T + strongest]! * 100).toFixed(1)} %.`} style={{ maxWidth: Math.max(size, 240) }}>
          {top.map(({ t, j }) => (
            <text key={`c${j}`} x={LABEL + j * CELL + CELL / 2} y={LABEL - 4} transform={`rotate(-60 ${LABEL + j * CELL + CELL / 2} ${LABEL - 4})`} fontSize={9} className="attention-label">
              {short(t)}
            </text>
          ))}
          {top.map(({ t, j: i }) => (
            <text key={`r${i}`} x={LABEL - 4} y={LABEL + i * CELL + CELL * 0.7} textAnchor="end" fontSize={9} className={i === query ? 'attention-label strong' : 'attention-label'}>
              {short(t)}
            </text>
          ))}
          {Array.from({ length: T * T }, (_, c) => {
            const i = Math.floor(c / T);
            const j = c % T;
            return <rect key={c} x={LABEL + j * CELL} y={LABEL + i * CELL} width={CELL} height={CELL} fill={heatColor(probs[c]!)} />;
          })}
          <rect x={LABEL} y={LABEL + query * CELL} width={T * CELL} height={CELL} fill="none" stroke="#D55E00" strokeWidth={2} />
        </svg>
      </div>
      <figcaption className="muted small">Rows: the token that looks; columns: the tokens it looks at (only earlier ones in a language model). Darker = more attention; the orange row is the chosen token.</figcaption>
      <ChartTable
        title={title}
        data={() => ({
          columns: ['looking token', ...tokens.map((t, j) => `${j + 1}: ${t}`)],
          rows: tokens.map((t, i) => [`${i + 1}: ${t}`, ...Array.from(probs.subarray(i * T, (i + 1) * T), (v) => Number(v.toFixed(4)))]),
        })}
      />
    </figure>
  );
}

/** Layer and head pickers for the attention map. */
export function LayerHeadPicker({ nLayer, nHead, layer, head, onLayer, onHead }: { nLayer: number; nHead: number; layer: number; head: number; onLayer: (l: number) => void; onHead: (h: number) => void }) {
  return (
    <div className="inside-row">
      <label className="inside-field">
        <span>Layer</span>
        <select value={layer} onChange={(e) => onLayer(Number(e.target.value))}>
          {Array.from({ length: nLayer }, (_, l) => (
            <option key={l} value={l}>
              {l + 1} of {nLayer}
            </option>
          ))}
        </select>
      </label>
      <label className="inside-field">
        <span>Head</span>
        <select value={head} onChange={(e) => onHead(Number(e.target.value))}>
          {Array.from({ length: nHead }, (_, h) => (
            <option key={h} value={h}>
              {h + 1} of {nHead}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** The input's tokens as buttons: the pressed one is the query the map and the lists follow. */
export function TokenPicker({ tokens, selected, onSelect, label }: { tokens: string[]; selected: number; onSelect: (i: number) => void; label: string }) {
  return (
    <div className="inside-tokens" role="group" aria-label={label}>
      {tokens.map((t, i) => (
        <button key={i} type="button" className="inside-token" aria-pressed={i === selected} aria-label={`Token ${i + 1}: ${t}`} onClick={() => onSelect(i)}>
          {t}
        </button>
      ))}
    </div>
  );
}
