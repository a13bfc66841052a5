import { useId, useMemo } from 'react';
import { deserializeTokenizer } from '../../core/text';
import type { S2sSideTokenizer } from '../../core/jobs';
import { useStudio } from '../../store';
import { TokenizerWorkbench } from '../shared/tokenizer-workbench';

const TITLES: Record<S2sSideTokenizer['side'], string> = { source: 'Source tokenizer', target: 'Target tokenizer', shared: 'Shared tokenizer (both sides)' };

function Side({ side }: { side: S2sSideTokenizer }) {
  const tokenizer = useMemo(() => {
    const r = deserializeTokenizer(side.json);
    return r.ok ? r.value : null;
  }, [side.json]);
  const id = useId();
  return (
    <section aria-labelledby={id} className="s2s-side">
      <h4 id={id}>{TITLES[side.side]}</h4>
      {tokenizer ? (
        <TokenizerWorkbench tokenizer={tokenizer} samples={side.samples} stats={side.stats} maxLength={side.maxLength} label={`${TITLES[side.side]} workbench`} />
      ) : (
        <p className="muted">This tokenizer could not be read back.</p>
      )}
    </section>
  );
}

/** The tokenizer workbench (the Encode step's) for each side of the trained model, over its training texts. */
export function TokenizersPanel() {
  const sides = useStudio((s) => s.s2s?.sides);
  const id = useId();
  if (!sides?.length) return null;
  return (
    <section className="card" aria-labelledby={id}>
      <h3 id={id}>Tokenizers</h3>
      {sides.map((s) => (
        <Side key={s.side} side={s} />
      ))}
    </section>
  );
}
