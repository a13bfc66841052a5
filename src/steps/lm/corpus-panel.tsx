import { useRef, useState } from 'react';
import { actions, useStudio } from '../../store';
import { defaultLmDoc } from '../../store/lm-doc';
import { fmtInt } from '../shared/format';
import { NumberField } from './fields';

/** Step 1: the text (files or the Moby Dick sample), its tokenizer and the validation split. */
export function CorpusPanel({ locked }: { locked: boolean }) {
  const lm = useStudio((s) => s.doc.lm) ?? defaultLmDoc();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const corpus = lm.corpus;
  const imported = lm.useImported && lm.imported;
  return (
    <section className="lm-panel" aria-labelledby="lm-corpus-title">
      <h3 id="lm-corpus-title">1. Text</h3>
      <div
        className={`lm-drop${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          e.stopPropagation();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          e.stopPropagation();
          setOver(false);
          if (!locked) void actions.lmLoadFiles(Array.from(e.dataTransfer.files));
        }}
      >
        <p>Drop one or more .txt files here, or</p>
        <button type="button" onClick={() => input.current?.click()} disabled={locked}>
          Choose text files…
        </button>
        <input ref={input} type="file" accept=".txt,text/plain" multiple hidden aria-label="Choose text files" onChange={(e) => void actions.lmLoadFiles(Array.from(e.target.files ?? []))} />
        <button type="button" className="secondary" disabled={locked} onClick={() => void actions.lmUseSample({ file: 'moby-dick.txt', name: 'Moby Dick' })}>
          Use the Moby Dick sample
        </button>
      </div>
      <div className="lm-row">
        <label className="lm-field">
          <span>Tokenizer</span>
          <select
            aria-label="Tokenizer"
            value={imported ? 'imported' : lm.tokenizer.kind}
            disabled={locked || !!imported}
            onChange={(e) => void actions.lmSetTokenizer({ ...lm.tokenizer, kind: e.target.value as 'char' | 'bpe' })}
          >
            {imported && <option value="imported">The imported model's ({lm.imported!.tokenizerKind})</option>}
            <option value="char">Characters (one token per character)</option>
            <option value="bpe">Byte-level BPE (sub-words, as GPT-2)</option>
          </select>
        </label>
        {lm.tokenizer.kind === 'bpe' && !imported && <NumberField label="BPE vocabulary size" value={lm.tokenizer.vocabSize} min={258} max={50000} integer disabled={locked} onChange={(v) => void actions.lmSetTokenizer({ ...lm.tokenizer, vocabSize: v })} />}
        <NumberField label="Validation share (the end of the text)" value={lm.valFraction} min={0.01} max={0.5} step={0.01} disabled={locked} onChange={(v) => void actions.lmSetValFraction(v)} />
      </div>
      {corpus ? (
        <div className="lm-summary" aria-label="Corpus summary">
          <p>
            <strong>{corpus.names.join(', ')}</strong>: {fmtInt(corpus.chars)} characters → <strong data-testid="lm-token-count">{fmtInt(corpus.tokens)}</strong> tokens ({corpus.charsPerToken.toFixed(2)} characters per token), vocabulary of{' '}
            <strong>{fmtInt(corpus.vocabSize)}</strong>. Training on the first {fmtInt(corpus.trainTokens)} tokens, validating on the last {fmtInt(corpus.valTokens)}.
          </p>
          <div className="lm-tokens" role="region" aria-label="Token preview" tabIndex={0}>
            {corpus.preview.map((t, i) => (
              <span key={i} className="lm-token" title={`id ${t.id}`}>
                {t.text.replace(/\n/g, '↵').replace(/ /g, '·')}
              </span>
            ))}
          </div>
        </div>
      ) : (
        <p className="muted">{imported ? `Load the new text to continue training ${lm.imported!.fileName} on; it is read with the model's own tokenizer.` : 'No text yet.'}</p>
      )}
    </section>
  );
}
