import { useState } from 'react';
import '../../ui/inside/inside.css';
import type { PretrainedCard } from '../../core/jobs/pretrained';
import type { Problem } from '../../core/util/result';
import { actions } from '../../store';
import { ProblemBanner } from '../../ui/problem-banner';
import { InsideTextField, Inspection, useInspection } from './inside-panel';

/** "Look inside" the loaded pretrained model (issue 16 §3): the same views as step 5, for this model. */
export function PretrainedInside({ card, prompt, disabled }: { card: PretrainedCard; prompt: string; disabled: boolean }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const { result, show, selection } = useInspection();
  const input = text ?? (prompt || 'Once upon a time');

  async function look() {
    setBusy(true);
    setProblem(null);
    const r = await actions.pretrainedLookInside(input);
    setBusy(false);
    if (!r.ok) return setProblem(r.error);
    show(r.value);
  }

  if (!open)
    return (
      <div className="lm-actions">
        <button type="button" className="secondary" onClick={() => setOpen(true)}>
          Look inside this model…
        </button>
      </div>
    );
  return (
    <div data-testid="pretrained-inside">
      <h4>Inside this model</h4>
      <p className="muted small">
        Which earlier tokens each attention head looks at{card.kvHeads < card.heads ? ` (${card.heads} query heads share ${card.kvHeads} key/value heads)` : ''}, what the model expects next, and what each layer on its own would predict (the logit lens).
      </p>
      {problem && <ProblemBanner title={problem.message} {...(problem.hint ? { hint: problem.hint } : {})} onDismiss={() => setProblem(null)} />}
      <InsideTextField value={input} onChange={setText} />
      <div className="lm-actions">
        <button type="button" disabled={disabled || busy} onClick={() => void look()}>
          {busy ? 'Looking inside…' : 'Look inside'}
        </button>
      </div>
      {result && <Inspection r={result} {...selection} idBase="pretrained" norm={card.family === 'llama' ? 'RMSNorm' : 'LayerNorm'} />}
    </div>
  );
}
