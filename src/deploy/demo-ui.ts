/**
 * The demo page's interface, built with createElement and textContent only: column names, labels,
 * texts and the model card come from the user's data and must never become markup. Plain DOM, no
 * framework (the page must stay small and run from file://).
 */
import { parseStamp, stampLines, type ReproStamp } from '../core/bundle/stamp';
import type { DemoMeta } from './demo-html';

export interface DemoField {
  name: string;
  /** The column's type in the training file: numeric, categorical, boolean, date, text, identifier. */
  type: string;
  /** Known values (categories), offered as suggestions. */
  options?: string[];
}

export interface DemoPrediction {
  classes?: { label: string; probability: number }[];
  value?: number;
  notes?: string[];
}

export interface GenerateOptions {
  maxNewTokens: number;
  /** 0 = greedy (always the most likely token). */
  temperature: number;
  /** 0 = no top-k cut. */
  topK: number;
  seed: number;
}

/** What the page needs from a model, whatever its kind. */
export interface DemoModel {
  task: 'classification' | 'regression' | 'generation';
  /** The model family's name, e.g. "Logistic regression". */
  family: string;
  modelCard: string;
  /** Raw input columns (the target left out), in file order. */
  fields: DemoField[];
  /** Which of them are free text. */
  textColumns: string[];
  predict?: (records: Record<string, string>[]) => Promise<DemoPrediction[]>;
  generate?: (prompt: string, options: GenerateOptions, onText: (textSoFar: string) => void) => Promise<string>;
}

type Child = Node | string | null | undefined | false;

/** An element with properties set as properties (never parsed) and children as text nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string | number | boolean>> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined) continue;
    if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'for') e.setAttribute(k, String(v));
    else (e as unknown as Record<string, unknown>)[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The studio's rendering of probabilities (steps/shared/class-probabilities.tsx): percent with 2 decimals. */
export const percent = (p: number) => `${(p * 100).toFixed(2)}%`;

/** As the studio's fmtNum(value, 5) (steps/shared/format.ts). */
export function formatValue(n: number): string {
  if (Number.isNaN(n)) return '—';
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return n.toLocaleString('en-US');
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e7)) return n.toExponential(2);
  return n.toLocaleString('en-US', { maximumSignificantDigits: 5 });
}

function renderPrediction(out: HTMLElement, p: DemoPrediction) {
  out.replaceChildren();
  if (p.classes) {
    const top = p.classes.reduce((best, c) => (c.probability > best.probability ? c : best), p.classes[0]!);
    out.append(el('p', {}, 'Predicted class: ', el('strong', { 'data-testid': 'predicted-class' }, top.label)));
    const rows = p.classes.map((c) =>
      el('tr', {}, el('td', {}, c.label), el('td', {}, el('meter', { min: 0, max: 1, value: c.probability, 'aria-hidden': 'true' })), el('td', { 'data-testid': 'probability', 'data-label': c.label, 'data-value': c.probability }, percent(c.probability))),
    );
    out.append(el('table', { 'aria-label': 'Class probabilities' }, el('tbody', {}, ...rows)));
  } else if (p.value !== undefined) {
    out.append(el('p', {}, 'Predicted value: ', el('strong', { 'data-testid': 'predicted-value', 'data-value': p.value }, formatValue(p.value))));
  }
  if (p.notes?.length) out.append(el('p', { className: 'muted' }, p.notes.join(' ')));
}

/** One input per column, of the kind its type calls for. */
function fieldInput(f: DemoField, id: string, textBox: boolean): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
  if (f.type === 'boolean') return el('select', { id }, el('option', { value: '' }, '(missing)'), el('option', { value: 'true' }, 'true'), el('option', { value: 'false' }, 'false'));
  if (f.type === 'text' || textBox) return el('textarea', { id, rows: 4, placeholder: 'Type or paste a text…' });
  if (f.type === 'numeric') return el('input', { id, type: 'number', step: 'any' });
  const input = el('input', { id, type: 'text', autocomplete: 'off', placeholder: f.type === 'date' ? 'e.g. 2024-05-31' : '' });
  if (f.options?.length) input.setAttribute('list', `${id}-values`);
  return input;
}

function predictionForm(model: DemoModel, fields: DemoField[], live: boolean): HTMLElement {
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>();
  const out = el('div', { role: 'status', 'aria-label': 'Prediction' });
  const error = el('p', { className: 'error', role: 'alert' });
  const boxes = fields.map((f, i) => {
    const id = `field-${i}`;
    const input = fieldInput(f, id, live);
    inputs.set(f.name, input);
    const list = f.options?.length && input instanceof HTMLInputElement ? el('datalist', { id: `${id}-values` }, ...f.options.map((o) => el('option', { value: o }))) : null;
    return el('label', {}, el('span', {}, f.name, ' ', el('span', { className: 'muted' }, `(${f.type})`)), input, list);
  });
  let ticket = 0;
  const run = async () => {
    const mine = ++ticket;
    // Prototype-free: a column may be called "__proto__" or "constructor".
    const record = Object.create(null) as Record<string, string>;
    for (const [name, input] of inputs) record[name] = input.value;
    try {
      const [p] = await model.predict!([record]);
      if (mine !== ticket) return;
      error.textContent = '';
      renderPrediction(out, p!);
    } catch (e) {
      if (mine === ticket) error.textContent = `The model could not predict: ${message(e)}`;
    }
  };
  const form = el('form', {}, el('div', { className: live ? '' : 'fields' }, ...boxes), live ? null : el('button', { type: 'submit' }, 'Predict'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });
  if (live) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    form.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => void run(), 250);
    });
  }
  return el(
    'section',
    { 'aria-label': live ? 'Text box' : 'Try the model' },
    el('h2', {}, live ? 'Type a text, watch the prediction' : 'Try the model on one row'),
    live ? null : el('p', { className: 'muted' }, 'Enter values as they would appear in the original file; leave a box empty for a missing value.'),
    form,
    error,
    out,
  );
}

function generationBox(model: DemoModel): HTMLElement {
  const prompt = el('textarea', { id: 'gen-prompt', rows: 3, placeholder: 'A prompt to continue…' });
  const num = (id: string, value: number, min: number, step: string) => el('input', { id, type: 'number', value, min, step });
  const tokens = num('gen-tokens', 200, 1, '1');
  const temperature = num('gen-temperature', 0, 0, '0.05');
  const topK = num('gen-topk', 0, 0, '1');
  const seed = num('gen-seed', 1, 0, '1');
  const field = (text: string, input: HTMLElement) => el('label', {}, el('span', {}, text), input);
  // As the studio's playground: the prompt in bold, then the text the model wrote.
  const written = el('span', { 'data-testid': 'generated' });
  const shown = el('strong');
  const out = el('pre', { className: 'generated', 'aria-label': 'Generated text', 'aria-live': 'polite' }, shown, written);
  const error = el('p', { className: 'error', role: 'alert' });
  const button = el('button', { type: 'submit' }, 'Generate');
  const form = el(
    'form',
    {},
    field('Prompt', prompt),
    el('div', { className: 'row' }, field('New tokens', tokens), field('Temperature (0 = greedy)', temperature), field('Top-k (0 = off)', topK), field('Seed', seed), button),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    button.disabled = true;
    error.textContent = '';
    shown.textContent = prompt.value;
    written.textContent = '';
    out.setAttribute('aria-busy', 'true');
    const options = { maxNewTokens: Math.max(1, Math.round(Number(tokens.value) || 1)), temperature: Math.max(0, Number(temperature.value) || 0), topK: Math.max(0, Math.round(Number(topK.value) || 0)), seed: Math.round(Number(seed.value) || 0) };
    model
      .generate!(prompt.value, options, (t) => (written.textContent = t))
      .then((t) => (written.textContent = t))
      .catch((err: unknown) => (error.textContent = `Generation failed: ${message(err)}`))
      .finally(() => {
        button.disabled = false;
        out.setAttribute('aria-busy', 'false');
      });
  });
  return el('section', { 'aria-label': 'Generate' }, el('h2', {}, 'Generate text'), form, error, out);
}

/** The stamp as a table of text cells (its values are plain strings, but never markup either). */
function stampSection(stamp: ReproStamp): HTMLElement {
  const rows = stampLines(stamp).map((l) => el('tr', {}, el('th', { scope: 'row' }, l.label), el('td', {}, l.value)));
  return el('section', { 'aria-label': 'Reproducibility stamp' }, el('h2', {}, 'Reproducibility stamp'), el('table', { className: 'stamp' }, el('tbody', {}, ...rows)));
}

/** Replaces the page's content with the model card and the way to try the model. */
export function renderDemo(root: HTMLElement, meta: DemoMeta, model: DemoModel, backend: string) {
  const date = meta.exportedAt.slice(0, 10);
  const header = el('header', {}, el('h1', {}, meta.title), el('p', { className: 'muted' }, `Exported from ${meta.studio} on ${date}. Runs on this computer only (${backend}); nothing you type leaves the page.`));
  const parts: HTMLElement[] = [header];
  if (model.task === 'generation') parts.push(generationBox(model));
  else {
    const textOnly = model.textColumns.length > 0 && model.fields.every((f) => model.textColumns.includes(f.name));
    parts.push(predictionForm(model, model.fields, textOnly));
  }
  parts.push(el('section', { 'aria-label': 'Model card' }, el('h2', {}, 'Model card'), el('pre', { className: 'model-card' }, model.modelCard)));
  const stamp = parseStamp(meta.stamp); // the page's JSON may have been edited: show only a well-formed stamp
  if (stamp) parts.push(stampSection(stamp));
  root.replaceChildren(...parts);
}

export function renderFailure(root: HTMLElement, text: string) {
  root.replaceChildren(el('section', {}, el('h1', {}, 'This demo page could not start'), el('p', { className: 'error', role: 'alert' }, text)));
}
