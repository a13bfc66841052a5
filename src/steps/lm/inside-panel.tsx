import { useState } from 'react';
import '../../ui/inside/inside.css';
import { actions, useStudio } from '../../store';
import { defaultLmDoc } from '../../store/lm-doc';
import { visibleToken, type EmbeddingView, type LmInspectResult, type TokenProb } from '../../core/jobs/inspect';
import type { Problem } from '../../core/util/result';
import { AttentionMap, LayerHeadPicker, TokenPicker } from '../../ui/inside/attention-map';
import { EmbeddingPlot } from '../../ui/inside/embedding-plot';
import { ProblemBanner } from '../../ui/problem-banner';

const pct = (p: number) => `${(p * 100).toFixed(1)} %`;

/** Step 5: inside the model: attention per layer and head, next-token probabilities, the logit lens, the token embeddings. */
export function InsidePanel() {
  const lm = useStudio((s) => s.doc.lm) ?? defaultLmDoc();
  const training = useStudio((s) => !!s.lm?.live) && lm.run?.status === 'running';
  const hasModel = lm.run?.checkpointStep !== undefined || !!lm.imported;
  const [text, setText] = useState<string | null>(null);
  const [busy, setBusy] = useState<'inspect' | 'embeddings' | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const { result, show, selection } = useInspection();
  const [view, setView] = useState<EmbeddingView | null>(null);
  const input = text ?? lm.generate.prompt;

  async function inspect() {
    setBusy('inspect');
    setProblem(null);
    const r = await actions.lmInspect(input);
    setBusy(null);
    if (!r.ok) return setProblem(r.error);
    show(r.value);
  }

  async function embeddings() {
    setBusy('embeddings');
    setProblem(null);
    const r = await actions.lmEmbeddings();
    setBusy(null);
    if (!r.ok) return setProblem(r.error);
    setView(r.value);
  }

  return (
    <section className="lm-panel" aria-labelledby="lm-inside-title">
      <h3 id="lm-inside-title">5. Inside the model</h3>
      {!hasModel ? (
        <p className="muted">Train a model (or import one) to see what it does inside.</p>
      ) : (
        <>
          <p className="muted small">
            Type a text and look at what each layer does with it: which earlier tokens each attention head looks at, what the model expects next, and what each layer on its own would
            predict (the logit lens).
          </p>
          {problem && <ProblemBanner title={problem.message} {...(problem.hint ? { hint: problem.hint } : {})} onDismiss={() => setProblem(null)} />}
          <InsideTextField value={input} onChange={setText} />
          <div className="lm-actions">
            <button type="button" disabled={training || busy !== null} onClick={() => void inspect()}>
              {busy === 'inspect' ? 'Looking inside…' : 'Look inside'}
            </button>
            <button type="button" className="secondary" disabled={training || busy !== null} onClick={() => void embeddings()}>
              {busy === 'embeddings' ? 'Projecting…' : 'Show token embeddings'}
            </button>
            {training && <span className="muted">Pause training to look inside the current weights.</span>}
          </div>
          {result && <Inspection r={result} {...selection} />}
          {view && (
            <div data-testid="lm-embeddings">
              <h4>Token embeddings</h4>
              <EmbeddingPlot view={view} title="Token embeddings, first two principal components" />
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** The visualiser's last answer and the token, layer and head chosen in it (kept, within range, for the next answer). */
export function useInspection() {
  const [result, setResult] = useState<LmInspectResult | null>(null);
  const [pos, setPos] = useState(0);
  const [layer, setLayer] = useState(0);
  const [head, setHead] = useState(0);
  const show = (r: LmInspectResult) => {
    setResult(r);
    setPos(r.ids.length - 1);
    setLayer((l) => Math.min(l, r.nLayer - 1));
    setHead((h) => Math.min(h, r.nHead - 1));
  };
  return { result, show, selection: { pos, layer, head, setPos, setLayer, setHead } };
}

/** The text box the visualiser reads. */
export function InsideTextField({ value, onChange }: { value: string; onChange: (text: string) => void }) {
  return (
    <label className="lm-field">
      <span>Text to look inside</span>
      <textarea className="inside-text" rows={2} value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

/** The visualiser's view of one answer; `idBase` keeps ids apart when two show on a page, `norm` names the final norm. */
export function Inspection({ r, pos, layer, head, setPos, setLayer, setHead, idBase = 'lm', norm = 'LayerNorm' }: { r: LmInspectResult; pos: number; layer: number; head: number; setPos: (i: number) => void; setLayer: (l: number) => void; setHead: (h: number) => void; idBase?: string; norm?: string }) {
  const labels = new Map(r.labels.map(([id, s]) => [id, visibleToken(s)]));
  const label = (id: number) => labels.get(id) ?? `#${id}`;
  const tokens = r.ids.map(label);
  const T = tokens.length;
  const probs = r.attention.subarray((layer * r.nHead + head) * T * T, (layer * r.nHead + head + 1) * T * T);
  const layerName = (l: number) => (l === 0 ? 'embeddings' : l === r.nLayer ? `layer ${l} (output)` : `layer ${l}`);
  return (
    <div data-testid={`${idBase}-inspection`}>
      {r.dropped > 0 && <p className="muted small">The first {r.dropped} tokens are left out: the view shows the last {T}.</p>}
      <TokenPicker tokens={tokens} selected={pos} onSelect={setPos} label="Choose a token" />
      <LayerHeadPicker nLayer={r.nLayer} nHead={r.nHead} layer={layer} head={head} onLayer={setLayer} onHead={setHead} />
      <div className="inside-grid">
        <AttentionMap tokens={tokens} probs={probs} query={pos} title={`Attention of layer ${layer + 1}, head ${head + 1}`} />
        <div>
          <h4 id={`${idBase}-next-title`}>
            After “{tokens[pos]}” (token {pos + 1}) the model expects
          </h4>
          <TopTable top={r.next[pos]!} label={label} labelledBy={`${idBase}-next-title`} testId={`${idBase}-next`} />
        </div>
      </div>
      <h4 id={`${idBase}-lens-title`}>Logit lens: what each layer would predict after “{tokens[pos]}”</h4>
      <p className="muted small">The final {norm} and the output layer applied to the residual stream after each layer. The last row is the model&apos;s real prediction.</p>
      <div className="inside-scroll" role="region" aria-labelledby={`${idBase}-lens-title`} tabIndex={0}>
        <table className="inside-table" data-testid={`${idBase}-lens`}>
          <thead>
            <tr>
              <th scope="col">after</th>
              {r.lens[0]![pos]!.map((_, k) => (
                <th key={k} scope="col">
                  #{k + 1}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.lens.map((row, l) => (
              <tr key={l}>
                <th scope="row">{layerName(l)}</th>
                {row[pos]!.map((t, k) => (
                  <td key={k}>
                    {label(t.id)} {pct(t.p)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4 id={`${idBase}-lens-grid-title`}>Logit lens, every position: each layer&apos;s most likely next token</h4>
      <div className="inside-scroll" role="region" aria-labelledby={`${idBase}-lens-grid-title`} tabIndex={0}>
        <table className="inside-table">
          <thead>
            <tr>
              <th scope="col">after</th>
              {tokens.map((t, i) => (
                <th key={i} scope="col">
                  {t}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.lens.map((row, l) => (
              <tr key={l}>
                <th scope="row">{layerName(l)}</th>
                {row.map((top, i) => (
                  <td key={i}>{label(top[0]!.id)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function TopTable({ top, label, labelledBy, testId }: { top: TokenProb[]; label: (id: number) => string; labelledBy: string; testId: string }) {
  return (
    <div className="inside-scroll" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      <table className="inside-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">rank</th>
            <th scope="col">token</th>
            <th scope="col">probability</th>
          </tr>
        </thead>
        <tbody>
          {top.map((t, k) => (
            <tr key={k}>
              <td className="num">{k + 1}</td>
              <td>{label(t.id)}</td>
              <td className="num">
                <span className="inside-bar" style={{ width: `${Math.max(1, t.p * 80)}px` }} aria-hidden="true" />
                {pct(t.p)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
