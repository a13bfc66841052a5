import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GLOSSARY, METRIC_TERMS, glossaryEntry, metricTermId, searchGlossary } from './glossary';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

/** Every glossary id written in the source: <Term id="…">, the step guides' t('…', …), warnings' `terms: [...]`, TermLinks' { id: '…', label }, the first-run path's [['id', 'label']]. */
function usedIds(): Map<string, string> {
  const used = new Map<string, string>();
  const add = (id: string, file: string) => used.set(id, file);
  for (const file of sources('src')) {
    const src = readFileSync(file, 'utf8');
    // Only files that link to the glossary: those using <Term>/<TermLinks>/<MetricName>, the step guides, the warning checks.
    if (!/glossary\/(term|metric-name)'|GuideText|type GuideWarning/.test(src)) continue;
    for (const m of src.matchAll(/<Term\s+(?:key=\{[^}]*\}\s+)?id="([^"]+)"/g)) add(m[1]!, file);
    for (const m of src.matchAll(/\bt\('([^']+)',/g)) add(m[1]!, file);
    for (const m of src.matchAll(/\bterms: \[([^\]]*)\]/g)) for (const q of m[1]!.matchAll(/^\s*'([^']+)'|,\s*'([^']+)'/g)) add((q[1] ?? q[2])!, file);
    for (const m of src.matchAll(/\{ id: '([^']+)', label:/g)) add(m[1]!, file);
    for (const m of src.matchAll(/\[\['([^']+)', '[^']*'\](?:, \['([^']+)', '[^']*'\])*/g)) for (const q of m[0].matchAll(/\['([^']+)', '/g)) add(q[1]!, file);
    for (const m of src.matchAll(/<MetricName name="([^"]+)"/g)) {
      const id = metricTermId(m[1]!);
      if (id) add(id, file);
      else add(`metric name "${m[1]!}"`, file);
    }
  }
  return used;
}

describe('glossary', () => {
  it('has unique ids and non-empty terms and texts; every "see also" exists', () => {
    const ids = GLOSSARY.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of GLOSSARY) {
      expect(e.term.trim(), e.id).not.toBe('');
      expect(e.text.trim().length, e.id).toBeGreaterThan(40);
      if (e.formula !== undefined) expect(e.formula.trim(), e.id).not.toBe('');
      for (const s of e.see ?? []) expect(glossaryEntry(s), `${e.id} → ${s}`).toBeDefined();
    }
  });

  it('covers the terms the issue names', () => {
    const required = ['accuracy', 'balanced-accuracy', 'precision', 'recall', 'f1', 'roc-auc', 'average-precision', 'log-loss', 'confusion-matrix', 'r2', 'mae', 'rmse', 'mse', 'perplexity', 'cross-entropy', 'learning-rate', 'epoch', 'batch-size', 'overfitting', 'validation-split', 'test-split', 'cross-validation', 'lora', 'bleu', 'tokenizer', 'bpe', 'wordpiece', 'tf-idf', 'embedding', 'attention', 'psi', 'demographic-parity'];
    for (const id of required) expect(glossaryEntry(id), id).toBeDefined();
  });

  it('every term id used in src exists', () => {
    const used = usedIds();
    // The scan really finds the ids the UI uses (a broken pattern would find none and pass).
    expect(used.size).toBeGreaterThan(25);
    for (const id of ['perplexity', 'target-leakage', 'validation-loss', 'tf-idf', 'balanced-accuracy']) expect(used.has(id), id).toBe(true);
    const missing = [...used].filter(([id]) => !glossaryEntry(id)).map(([id, file]) => `${id} (${file})`);
    expect(missing).toEqual([]);
  });

  it('maps every metric name the evaluation shows to an entry', () => {
    for (const id of Object.values(METRIC_TERMS)) expect(glossaryEntry(id), id).toBeDefined();
    for (const name of ['Accuracy', 'Balanced accuracy', 'Macro F1', 'Weighted F1', 'Log loss', 'ROC AUC', 'ROC AUC (one-vs-rest)', 'Average precision', 'Precision', 'Recall', 'F1', 'Support', 'MAE', 'RMSE', 'MSE', 'R²', 'accuracy', 'perplexity']) {
      expect(metricTermId(name), name).toBeDefined();
    }
    expect(metricTermId('Largest error')).toBeUndefined();
  });

  it('search finds entries by any word of their text', () => {
    expect(searchGlossary('harmonic').map((e) => e.id)).toEqual(['f1']);
    expect(searchGlossary('  ').length).toBe(GLOSSARY.length);
    expect(searchGlossary('zzzz')).toEqual([]);
  });
});
