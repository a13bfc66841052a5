import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import Papa from 'papaparse';
import { encodedCsv } from './test-pipeline';
import type { DatasetExportOptions } from '../core/jobs';

const schema = [
  { name: 'review', inferred: 'text' as const },
  { name: 'label', inferred: 'categorical' as const },
];
const lines = ['review,label', ...Array.from({ length: 60 }, (_, i) => `"film ${i}, ""quoted""\nline two",${i % 2 ? 'pos' : 'neg'}`)];
const stamp = { studioVersion: 'dev', seed: 1, recipeSha256: 'e'.repeat(64), backend: null, createdAt: '2026-12-03T00:00:00.000Z' };

async function setup() {
  const { client, table, spec, fitted, sizes } = await encodedCsv(lines.join('\n'), schema, 'label');
  const run = async (options: DatasetExportOptions) => {
    const res = await client.run({ type: 'export-dataset', table, spec, fitted, options, stamp });
    if (!res.ok) throw new Error(res.error.message);
    const files = unzipSync(new Uint8Array(await res.value.blob.arrayBuffer()));
    const text = (name: string) => new TextDecoder().decode(files[name]);
    return { res: res.value, files, text };
  };
  return { client, table, spec, fitted, sizes, run };
}

describe('dataset export', () => {
  it('cleaned splits as CSV: one file per split with the split sizes, quoted so papaparse reads the texts back; the stamp hashes the training split', async () => {
    const { run, sizes, client, table, spec, fitted } = await setup();
    const { res, files, text } = await run({ stage: 'clean', splits: ['train', 'validation', 'test'], format: 'csv' });
    expect(Object.keys(files).sort()).toEqual(['README.md', 'stamp.json', 'test.csv', 'train.csv', 'validation.csv']);
    for (const s of ['train', 'validation', 'test'] as const) {
      const parsed = Papa.parse<Record<string, string>>(text(`${s}.csv`), { header: true, skipEmptyLines: true });
      expect(parsed.data).toHaveLength(sizes[s]);
      expect(parsed.data[0]!.review).toMatch(/^film \d+, "quoted"\nline two$/);
    }
    expect(res.files).toEqual([
      { name: 'train.csv', rows: sizes.train },
      { name: 'validation.csv', rows: sizes.validation },
      { name: 'test.csv', rows: sizes.test },
    ]);
    expect(JSON.parse(text('stamp.json'))).toEqual(res.stamp);
    // The same hash as the training run's.
    const { port1 } = new MessageChannel();
    const td = await client.run({ type: 'training-data', table, spec, fitted, port: port1 });
    expect(td.ok && td.value.trainSha256).toBe(res.stamp.dataSha256);
    expect(res.stamp.trainRows).toBe(sizes.train);
  });

  it('JSONL, encoded rows, raw rows, chat and prompt/completion formats', async () => {
    const { run, sizes, fitted } = await setup();
    const jsonl = await run({ stage: 'clean', splits: ['test'], format: 'jsonl' });
    const rows = jsonl.text('test.jsonl').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(sizes.test);
    expect(Object.keys(rows[0])).toEqual(['review', 'label']);

    const encoded = await run({ stage: 'encoded', splits: ['train'], format: 'csv' });
    const enc = Papa.parse<string[]>(encoded.text('train.csv'), { skipEmptyLines: true }).data;
    expect(enc[0]).toEqual([...fitted.featureNames, 'label']);
    expect(enc).toHaveLength(sizes.train + 1);

    const raw = await run({ stage: 'raw', splits: [], format: 'csv' });
    expect(Papa.parse(raw.text('data.csv'), { header: true, skipEmptyLines: true }).data).toHaveLength(60);

    const chat = await run({ stage: 'clean', splits: ['train'], format: 'chat', systemPrompt: 'Classify the review.', textColumns: ['review'], labelColumn: 'label' });
    const first = JSON.parse(chat.text('train.jsonl').split('\n')[0]!);
    expect(first.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user', 'assistant']);
    expect(first.messages[0].content).toBe('Classify the review.');
    expect(first.messages[1].content).toMatch(/^film \d+/);
    expect(['pos', 'neg']).toContain(first.messages[2].content);

    const pc = await run({ stage: 'clean', splits: ['validation'], format: 'prompt-completion', textColumns: ['review'], labelColumn: 'label' });
    const pcRows = pc.text('validation.jsonl').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(pcRows).toHaveLength(sizes.validation);
    expect(Object.keys(pcRows[0])).toEqual(['prompt', 'completion']);
  });
});

