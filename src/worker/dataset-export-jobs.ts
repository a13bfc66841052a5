/**
 * Dataset export in the data worker: the chosen rows → CSV / JSONL / chat JSONL text, a chunk of
 * rows at a time, deflated straight into a streaming .zip (one file per split, stamp.json and a
 * README), so a large table is never one string and the main thread gets back one Blob.
 */
import { Zip, ZipDeflate, strToU8 } from 'fflate';
import { cellText, type Table } from '../core/data/table';
import { csvLine, jsonlLine, tableText, EXPORT_CHUNK_ROWS } from '../core/data/write-rows';
import { encodeRows, gatherTexts, splitForSpec, type FeatureSpec, type FittedEncoders } from '../core/features';
import { makeStamp, stampMarkdown, tableSha256 } from '../core/bundle/stamp';
import { exportExtension, type DatasetExportOptions, type DatasetExportResult, type ExportStampBase } from '../core/jobs';
import type { Problem } from '../core/util/result';

type Progress = (done: number, total: number) => void;

/** Encoded rows: one number column per model input, then the target as text. */
function* encodedText(table: Table, fitted: FittedEncoders, target: string, rows: Uint32Array, csv: boolean): Generator<string> {
  const names = [...fitted.featureNames, target];
  const targetCol = table.columns.find((c) => c.name === target);
  if (csv) yield csvLine(names);
  for (let start = 0; start < rows.length; start += EXPORT_CHUNK_ROWS) {
    const part = rows.subarray(start, start + EXPORT_CHUNK_ROWS);
    const enc = encodeRows(table, fitted, part);
    let out = '';
    for (let i = 0; i < enc.n; i++) {
      const values: (number | string)[] = Array.from(enc.x.subarray(i * enc.features, (i + 1) * enc.features));
      const label = targetCol ? cellText(targetCol, part[i]!) : '';
      out += csv ? csvLine([...values.map((v) => (v === 0 ? '0' : String(v))), label]) : jsonlLine(names, [...values, label]);
    }
    yield out;
  }
}

/** Text datasets for fine-tuning: chat messages or prompt/completion pairs, one JSON object a line. */
function* chatText(table: Table, opts: DatasetExportOptions, rows: Uint32Array): Generator<string> {
  const labelCol = table.columns.find((c) => c.name === opts.labelColumn);
  const system = opts.systemPrompt?.trim();
  for (let start = 0; start < rows.length; start += EXPORT_CHUNK_ROWS) {
    const part = rows.subarray(start, start + EXPORT_CHUNK_ROWS);
    const texts = gatherTexts(table, opts.textColumns ?? [], part);
    let out = '';
    texts.forEach((text, i) => {
      const label = labelCol ? cellText(labelCol, part[i]!) : '';
      const line =
        opts.format === 'chat'
          ? { messages: [...(system ? [{ role: 'system', content: system }] : []), { role: 'user', content: text }, { role: 'assistant', content: label }] }
          : { prompt: text, completion: label };
      out += `${JSON.stringify(line)}\n`;
    });
    yield out;
  }
}

export function exportDataset(
  cleaned: Table,
  raw: Table,
  spec: FeatureSpec,
  fitted: FittedEncoders | undefined,
  opts: DatasetExportOptions,
  stampBase: ExportStampBase,
  onProgress?: Progress,
  hashTrain: (rows: Uint32Array) => string = (rows) => tableSha256(cleaned, rows),
): { ok: true; value: DatasetExportResult } | { ok: false; error: Problem } {
  const split = splitForSpec(cleaned, spec);
  if (!split.ok) return split;
  if (opts.stage === 'encoded' && !fitted) return { ok: false, error: { message: 'Encode the data first (Encode step).' } };
  const chat = opts.format === 'chat' || opts.format === 'prompt-completion';
  if (chat && (!opts.textColumns?.length || !opts.labelColumn)) return { ok: false, error: { message: 'Choose the text column and the label column.' } };
  const stamp = makeStamp({ ...stampBase, dataSha256: hashTrain(split.value.train), trainRows: split.value.train.length });
  const ext = exportExtension(opts.format);
  const parts: { name: string; table: Table; rows: Uint32Array }[] =
    opts.stage === 'raw'
      ? [{ name: `data.${ext}`, table: raw, rows: Uint32Array.from({ length: raw.rowCount }, (_, i) => i) }]
      : opts.splits.map((s) => ({ name: `${s}.${ext}`, table: cleaned, rows: split.value[s] }));
  const total = parts.reduce((n, p) => n + p.rows.length, 0);
  const chunks: Uint8Array[] = [];
  const zip = new Zip((e, chunk) => {
    if (e) throw e;
    chunks.push(chunk);
  });
  const enc = new TextEncoder();
  let done = 0;
  for (const p of parts) {
    const file = new ZipDeflate(p.name, { level: 1 });
    zip.add(file);
    const texts = chat ? chatText(p.table, opts, p.rows) : opts.stage === 'encoded' ? encodedText(p.table, fitted!, spec.target, p.rows, opts.format === 'csv') : tableText(p.table, p.rows, opts.format === 'csv' ? 'csv' : 'jsonl');
    for (const t of texts) {
      file.push(enc.encode(t));
      onProgress?.(Math.min(total, (done += EXPORT_CHUNK_ROWS)), total);
    }
    file.push(new Uint8Array(0), true);
  }
  const files = parts.map((p) => ({ name: p.name, rows: p.rows.length }));
  const readme = [
    `# ${opts.stage} dataset export`,
    '',
    ...files.map((f) => `- \`${f.name}\`: ${f.rows} rows`),
    '',
    opts.stage === 'raw' ? 'Raw rows: the file as loaded, before cleaning and before the split.' : `Split seed ${spec.split.seed}; the training split is the one the stamp's data hash is of.`,
    '',
    stampMarkdown(stamp),
  ].join('\n');
  for (const [name, bytes] of [['stamp.json', strToU8(JSON.stringify(stamp, null, 2))], ['README.md', enc.encode(readme)]] as const) {
    const file = new ZipDeflate(name, { level: 6 });
    zip.add(file);
    file.push(bytes, true);
  }
  zip.end();
  return { ok: true, value: { blob: new Blob(chunks as BlobPart[], { type: 'application/zip' }), files, stamp } };
}
