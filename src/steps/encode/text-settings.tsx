import { useState } from 'react';
import type { TextRepresentation, TextSettings } from '../../core/features';
import { downloadBlob } from '../shared/download';
import type { TokenizerKind } from '../../core/text';

const KINDS: { id: TokenizerKind; label: string; help: string }[] = [
  { id: 'word', label: 'Words', help: 'Splits on spaces and punctuation; each word (or pair of words) is a token. Simple and readable.' },
  { id: 'char', label: 'Characters', help: 'Every character is a token: tiny vocabulary, long sequences, never an unknown word.' },
  { id: 'bpe', label: 'Byte-level BPE', help: 'Learns frequent pieces of words from your texts (as GPT-2 does): common words stay whole, rare ones are split into parts.' },
  { id: 'wordpiece', label: 'WordPiece', help: 'Like BPE, the subword method of BERT: rare words become a start plus ##continuations.' },
];

const REPRESENTATIONS: { id: TextRepresentation; label: string; help: string }[] = [
  { id: 'tfidf', label: 'Bag of words (TF-IDF)', help: 'Counts which tokens appear, weighting rare ones up. Word order is lost. Works with logistic regression, MLP and trees, and can be combined with the table’s other columns.' },
  { id: 'tokens', label: 'Token sequence', help: 'Keeps the order of the tokens, for text models (CNN, GRU/LSTM, Transformer). Only the text is used.' },
];

interface Props {
  settings: TextSettings;
  /** The fitted tokenizer's JSON, for download. */
  trained?: unknown;
  /** Columns that may hold text (string columns, target excluded). */
  candidates: string[];
  onChange: (next: TextSettings) => void;
}

/** The text input of the encode step: which columns, which tokenizer, bag of words or sequence. */
export function TextSettingsForm({ settings, candidates, trained, onChange }: Props) {
  const set = (patch: Partial<TextSettings>) => onChange({ ...settings, ...patch });
  const [fileError, setFileError] = useState<string>();
  const loadFile = async (file: File) => {
    try {
      const json = JSON.parse(await file.text()) as unknown;
      setFileError(undefined);
      set({ pretrained: { fileName: file.name, json } });
    } catch {
      setFileError(`"${file.name}" is not a JSON file. A tokenizer file is the tokenizer.json of a Hugging Face model, or one downloaded from here.`);
    }
  };
  const withoutFile = () => {
    const { pretrained: _p, ...rest } = settings;
    onChange(rest);
  };
  const setTok = (patch: Partial<TextSettings['tokenizer']>) => set({ tokenizer: { ...settings.tokenizer, ...patch } });
  const kind = KINDS.find((k) => k.id === settings.tokenizer.kind);
  const rep = REPRESENTATIONS.find((r) => r.id === settings.representation);
  return (
    <section aria-label="Text settings" className="text-settings">
      <h3>Text</h3>
      <fieldset>
        <legend>Text columns (joined in this order)</legend>
        {candidates.map((name) => (
          <label key={name} className="inline">
            <input
              type="checkbox"
              checked={settings.columns.includes(name)}
              onChange={(e) => set({ columns: e.target.checked ? candidates.filter((c) => c === name || settings.columns.includes(c)) : settings.columns.filter((c) => c !== name) })}
            />{' '}
            {name}
          </label>
        ))}
      </fieldset>
      <div className="form-grid">
        <label>
          The model reads
          <select value={settings.representation} onChange={(e) => set({ representation: e.target.value as TextRepresentation })}>
            {REPRESENTATIONS.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        {settings.pretrained ? (
          <p className="small">
            Tokenizer: <strong>{settings.pretrained.fileName}</strong> (loaded, not trained){' '}
            <button type="button" className="link" onClick={withoutFile}>
              Train one here instead
            </button>
          </p>
        ) : (
        <label>
          Tokenizer
          <select value={settings.tokenizer.kind} onChange={(e) => setTok({ kind: e.target.value as TokenizerKind, ...(e.target.value === 'word' ? {} : { ngrams: 1 as const }) })}>
            {KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        )}
        {!settings.pretrained && (
        <label>
          Vocabulary size
          <input type="number" min={10} max={100000} step={500} value={settings.tokenizer.vocabSize} onChange={(e) => setTok({ vocabSize: Math.round(Number(e.target.value)) || 10 })} />
        </label>
        )}
        {!settings.pretrained && settings.tokenizer.kind === 'word' && (
          <label>
            Word n-grams
            <select value={settings.tokenizer.ngrams ?? 1} onChange={(e) => setTok({ ngrams: Number(e.target.value) as 1 | 2 | 3 })}>
              <option value={1}>single words</option>
              <option value={2}>words and pairs</option>
              <option value={3}>up to triples</option>
            </select>
          </label>
        )}
        {!settings.pretrained && (
        <label className="inline">
          <input type="checkbox" checked={settings.tokenizer.lowercase} onChange={(e) => setTok({ lowercase: e.target.checked })} /> lower-case first
        </label>
        )}
        {settings.representation === 'tokens' && (
          <label>
            Maximum length (tokens)
            <input type="number" min={1} max={4096} value={settings.maxLength} onChange={(e) => set({ maxLength: Math.round(Number(e.target.value)) || 1 })} />
          </label>
        )}
      </div>
      <p className="muted small">
        {rep?.help} {settings.pretrained ? 'The loaded tokenizer is used as it is.' : `${kind?.help ?? ''} The tokenizer is trained on the training split only.`}
      </p>
      <p className="small">
        <label className="file-button secondary">
          Use a tokenizer.json file…
          <input type="file" accept=".json,application/json" hidden aria-label="Choose a tokenizer.json file" onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void loadFile(f);
            e.target.value = '';
          }} />
        </label>{' '}
        {trained !== undefined && (
          <button type="button" className="secondary" onClick={() => downloadBlob(JSON.stringify(trained), 'tokenizer.json', 'application/json')}>
            Download tokenizer.json
          </button>
        )}
      </p>
      {fileError && <p role="alert">{fileError}</p>}
    </section>
  );
}
