import { useId, useState } from 'react';
import { defaultS2sSettings } from '../../core/jobs';
import { actions, useStudio } from '../../store';

/** Type a source, watch the output stream in, and see which source tokens each output token looked at. */
export function Playground() {
  const ready = useStudio((s) => !!s.s2s?.ready);
  const generating = useStudio((s) => !!s.s2s?.generating);
  const streaming = useStudio((s) => s.s2s?.streaming);
  const out = useStudio((s) => s.s2s?.output);
  const notice = useStudio((s) => s.s2s?.genNotice);
  const [text, setText] = useState('');
  const [mode, setMode] = useState<'greedy' | 'beam'>('greedy');
  const [width, setWidth] = useState(4);
  const [lp, setLp] = useState(() => defaultS2sSettings().lengthPenalty);
  const id = useId();
  if (!ready) return null;
  return (
    <section className="card" aria-labelledby={`${id}-t`}>
      <h3 id={`${id}-t`}>Try it</h3>
      <div className="s2s-row">
        <label className="s2s-field">
          Source
          <input value={text} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter' && text) void actions.s2sGenerate(text, { mode, width, lengthPenalty: lp }); }} />
        </label>
        <label className="s2s-field">
          Decoding
          <select value={mode} onChange={(e) => setMode(e.target.value as 'greedy' | 'beam')}>
            <option value="greedy">greedy</option>
            <option value="beam">beam search</option>
          </select>
        </label>
        {mode === 'beam' && (
          <>
            <label className="s2s-field">Beam width<input type="number" min={1} max={16} value={width} onChange={(e) => setWidth(Math.max(1, Math.min(16, Number(e.target.value) || 1)))} /></label>
            <label className="s2s-field">Length penalty<input type="number" step={0.1} value={lp} onChange={(e) => setLp(Number(e.target.value) || 0)} /></label>
          </>
        )}
        <button type="button" disabled={!text || generating} onClick={() => void actions.s2sGenerate(text, { mode, width, lengthPenalty: lp })}>
          Run
        </button>
      </div>
      {notice && (
        <p className="note" role="note" data-testid="s2s-gen-notice">
          {notice}
        </p>
      )}
      <p aria-live="polite">
        Output: <output data-testid="s2s-output">{generating ? streaming : out?.output}</output>
        {out && !generating && <span className="muted"> (log-probability {out.logProb.toFixed(3)})</span>}
      </p>
      {out?.alternatives && !generating && (
        <ol className="muted" aria-label="Beam hypotheses">
          {out.alternatives.map((a, i) => <li key={i}>{a.output} <span>(score {a.score.toFixed(3)})</span></li>)}
        </ol>
      )}
      {out && !generating && out.cross.length > 0 && <CrossHeatMap source={out.sourceTokens} target={out.targetTokens} cross={out.cross} />}
    </section>
  );
}

/** Cross-attention as a table of shaded cells: rows are output tokens, columns source tokens. */
function CrossHeatMap({ source, target, cross }: { source: string[]; target: string[]; cross: number[][] }) {
  return (
    <div className="s2s-heat-wrap" tabIndex={0} aria-label="Cross-attention heat map">
      <table className="s2s-heat" aria-label="Cross-attention: which source token each output token attends to (last decoder layer, mean over heads)">
        <thead>
          <tr><th scope="col">output ↓ / source →</th>{source.map((s, j) => <th key={j} scope="col">{s === ' ' ? '␣' : s}</th>)}</tr>
        </thead>
        <tbody>
          {cross.map((row, i) => (
            <tr key={i}>
              <th scope="row">{target[i]}</th>
              {/* Over white, rgb(0,60,140) at alpha w keeps ≥ 4.5:1 contrast with black text below 0.7 and white from 0.7 (WCAG AA). */}
              {row.map((w, j) => (
                <td key={j} title={w.toFixed(3)} style={{ background: `rgba(0, 60, 140, ${w.toFixed(3)})`, color: w >= 0.7 ? '#fff' : '#000' }}>{w.toFixed(2)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
