import { useState } from 'react';
import '../../ui/inside/inside.css';
import { actions } from '../../store';
import { getModelInfo } from '../../core/models/catalog';
import { visibleToken, type EmbeddingView, type TextInspectResult } from '../../core/jobs/inspect';
import type { Problem } from '../../core/util/result';
import { AttentionMap, LayerHeadPicker, TokenPicker } from '../../ui/inside/attention-map';
import { EmbeddingPlot } from '../../ui/inside/embedding-plot';
import { ProblemBanner } from '../../ui/problem-banner';

/** Families whose blocks have attention to show (the others still have an embedding view). */
const WITH_ATTENTION = new Set(['text-transformer', 'text-hybrid']);
const pct = (p: number) => `${(p * 100).toFixed(1)} %`;

/**
 * Inside a text classifier: for a typed text, each Transformer block's attention and the class
 * lens (what the model would predict after each block); the test texts' vectors in 2-D.
 */
export function InsideTextPanel({ runId, family, textColumns }: { runId: string; family: string; textColumns: string[] }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState<'inspect' | 'embeddings' | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [result, setResult] = useState<TextInspectResult | null>(null);
  const [view, setView] = useState<EmbeddingView | null>(null);
  const [pos, setPos] = useState(0);
  const [layer, setLayer] = useState(0);
  const [head, setHead] = useState(0);
  const info = getModelInfo(family);
  if ((info?.input ?? 'vector') !== 'tokens' || info?.kind !== 'neural') return null;
  const attention = WITH_ATTENTION.has(family);

  async function inspect() {
    setBusy('inspect');
    setProblem(null);
    const r = await actions.inspectText(runId, { [textColumns[0]!]: text });
    setBusy(null);
    if (!r.ok) return setProblem(r.error);
    setResult(r.value);
    setPos(0);
    setLayer(Math.min(layer, Math.max(0, r.value.nLayer - 1)));
    setHead(Math.min(head, Math.max(0, r.value.nHead - 1)));
  }

  async function embeddings() {
    setBusy('embeddings');
    setProblem(null);
    const r = await actions.textEmbeddings(runId);
    setBusy(null);
    if (!r.ok) return setProblem(r.error);
    setView(r.value);
  }

  return (
    <section className="inside-text-panel" aria-labelledby="inside-text-title">
      <h3 id="inside-text-title">Inside the model</h3>
      {problem && <ProblemBanner title={problem.message} {...(problem.hint ? { hint: problem.hint } : {})} onDismiss={() => setProblem(null)} />}
      {attention && (
        <>
          <p className="muted small">Type a text to see which words each attention head links, and what the model would decide after each block.</p>
          <label className="inside-field">
            <span>Text to look inside ({textColumns[0]})</span>
            <textarea className="inside-text" rows={2} value={text} onChange={(e) => setText(e.target.value)} />
          </label>
        </>
      )}
      <div className="inside-row">
        {attention && (
          <button type="button" disabled={busy !== null || text.trim() === ''} onClick={() => void inspect()}>
            {busy === 'inspect' ? 'Looking inside…' : 'Look inside'}
          </button>
        )}
        <button type="button" className="secondary" disabled={busy !== null} onClick={() => void embeddings()}>
          {busy === 'embeddings' ? 'Projecting…' : 'Show the test texts in 2-D'}
        </button>
      </div>
      {result && result.nLayer > 0 && <TextInspection r={result} pos={pos} layer={layer} head={head} setPos={setPos} setLayer={setLayer} setHead={setHead} />}
      {view && (
        <div data-testid="text-embeddings">
          <h4>The test texts as the model sees them</h4>
          <EmbeddingPlot view={view} title="Test texts, first two principal components" />
        </div>
      )}
    </section>
  );
}

function TextInspection({ r, pos, layer, head, setPos, setLayer, setHead }: { r: TextInspectResult; pos: number; layer: number; head: number; setPos: (i: number) => void; setLayer: (l: number) => void; setHead: (h: number) => void }) {
  const tokens = r.tokens.map(visibleToken);
  const T = tokens.length;
  const probs = r.attention.subarray((layer * r.nHead + head) * T * T, (layer * r.nHead + head + 1) * T * T);
  const name = (l: number) => (l === 0 ? 'before the blocks' : l === r.nLayer ? `after block ${l} (the prediction)` : `after block ${l}`);
  return (
    <div data-testid="text-inspection">
      <TokenPicker tokens={tokens} selected={pos} onSelect={setPos} label="Choose a token" />
      <LayerHeadPicker nLayer={r.nLayer} nHead={r.nHead} layer={layer} head={head} onLayer={setLayer} onHead={setHead} />
      <AttentionMap tokens={tokens} probs={probs} query={pos} title={`Attention of block ${layer + 1}, head ${head + 1}`} />
      <h4 id="text-lens-title">Class lens: what the model would decide after each block</h4>
      <p className="muted small">The model&apos;s pooling, normalisation and head applied to the tokens after each block. The last row is its real prediction.</p>
      <div className="inside-scroll" role="region" aria-labelledby="text-lens-title" tabIndex={0}>
        <table className="inside-table" data-testid="text-lens">
          <thead>
            <tr>
              <th scope="col">stage</th>
              {r.labels.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.lens.map((p, l) => (
              <tr key={l}>
                <th scope="row">{name(l)}</th>
                {p.map((v, c) => (
                  <td key={c} className="num">
                    {pct(v)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
