/**
 * The server kit end to end in Node: a kit made by the studio's own export action (store
 * `exportServerKit`, with server.mjs and the .wasm files just built by scripts/build-server-kit.mjs),
 * unpacked into a temp folder and started with `node server.mjs` on 127.0.0.1; good and bad
 * requests; /predict compared with the studio's predictions for the same rows.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainedLm, trainedTable, trainedText } from '../../src/deploy/test-studio';
import { loadPredictor } from '../../src/deploy/predictor';
import { writeServerKit } from '../../src/core/bundle/server-kit';
import { bundleStamp } from '../../src/core/bundle/bundle-stamp';
import type { ReproStamp } from '../../src/core/bundle/stamp';
import { startKit, unpackKit, type RunningKit } from './run-kit';

const root = join(import.meta.dirname, '..', '..');
const kitFile = (url: string) => async () => new Blob([readFileSync(join(root, 'public', url))]);
const fetchKit = (url: string) => kitFile(url)();

const running: RunningKit[] = [];
afterAll(async () => {
  await Promise.all(running.map((k) => k.stop()));
});

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-server-kit.mjs')], { cwd: root, stdio: 'pipe' });
}, 120_000);

async function start(zip: Uint8Array, env: Record<string, string> = {}) {
  const kit = await startKit(unpackKit(zip), env);
  running.push(kit);
  return kit;
}

const post = (kit: RunningKit, path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(kit.url + path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

const ROWS = [
  { x: 1.25, y: -0.5, colour: 'red' },
  { x: -1.9, y: 0.3, colour: 'blue' },
  { x: 0.05, y: 0.01, colour: null },
  { x: -0.4, y: 1.7, colour: 'green' },
];
const asRecords = (rows: typeof ROWS) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)])));

describe('server kit: a tabular classifier', () => {
  it('the zip holds the bundle, server.mjs, the wasm files, a Dockerfile and a README; /predict equals the studio; bad requests get 4xx naming the field', async () => {
    const t = await trainedTable('mlp', 'classification', 5, fetchKit);
    const made = await t.studio.actions.exportServerKit(t.run.id);
    if (!made.ok) throw new Error(made.error.message);
    const names = Object.keys(unzipSync(made.value.bytes)).map((n) => n.split('/').slice(1).join('/'));
    expect(names.sort()).toEqual(['Dockerfile', 'README.md', 'bundle.zip', 'server.mjs', 'stamp.json', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm']);
    const folder = unpackKit(made.value.bytes);
    // The kit's stamp is its bundle's (the run's stamp, dated at the export), also in the README.
    const stamp = JSON.parse(readFileSync(join(folder, 'stamp.json'), 'utf8')) as ReproStamp;
    expect(stamp).toEqual(bundleStamp(readFileSync(join(folder, 'bundle.zip'))));
    expect({ ...stamp, createdAt: '' }).toEqual({ ...t.run.stamp, createdAt: '' });
    expect(stamp.dataSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(folder, 'Dockerfile'), 'utf8')).toMatch(/FROM node:20-slim[\s\S]*CMD \["node", "server.mjs"\]/);
    const readme = readFileSync(join(folder, 'README.md'), 'utf8');
    expect(readme).toContain('node server.mjs');
    expect(readme).toContain(`## Reproducibility stamp`);
    expect(readme).toContain(stamp.recipeSha256);
    expect(readme).toMatch(/docker build -t \S+ \. && docker run/);
    expect(readme).toMatch(/curl -X POST http:\/\/localhost:8080\/predict .*\n.*"rows":\[\{"x":/);
    expect(existsSync(join(folder, 'node_modules'))).toBe(false);

    const kit = await start(made.value.bytes, { MAX_BODY_BYTES: '20000', MAX_ROWS: '50' });
    const health = await (await fetch(kit.url + '/health')).json();
    expect(health).toEqual({ status: 'ok', kind: 'tabular', task: 'classification', backend: 'wasm' });
    const model = await (await fetch(kit.url + '/model')).json();
    expect(model.card).toMatch(/label/);
    expect(model.stamp).toEqual(stamp);
    expect(model.labels.sort()).toEqual(['down', 'up']);
    expect(model.required.sort()).toEqual(['colour', 'x', 'y']);

    const studio = await t.predict(asRecords(ROWS));
    if (!studio.ok) throw new Error(studio.error.message);
    const res = await post(kit, '/predict', { rows: ROWS });
    expect(res.status).toBe(200);
    const got = (await res.json()) as { predictions: { label: string; probabilities: Record<string, number> }[] };
    expect(got.predictions).toHaveLength(ROWS.length);
    got.predictions.forEach((p, i) => {
      const classes = studio.value[i]!.classes!;
      // WebAssembly in the server, plain JS in the studio under test: float32 rounding apart.
      classes.forEach((c) => expect(p.probabilities[c.label]).toBeCloseTo(c.probability, 5));
      expect(p.label).toBe(classes.reduce((a, c) => (c.probability > a.probability ? c : a)).label);
    });
    expect(new Set(got.predictions.map((p) => p.label)).size).toBe(2);

    const error = async (r: Response) => ({ status: r.status, ...((await r.json()) as { error: { field?: string } }).error });
    expect(await error(await post(kit, '/predict', { rows: [{ x: 1, colour: 'red' }] }))).toMatchObject({ status: 422, field: 'rows[0].y' });
    expect(await error(await post(kit, '/predict', { rows: [{ x: 'ten', y: 1, colour: 'red' }] }))).toMatchObject({ status: 422, field: 'rows[0].x' });
    expect(await error(await post(kit, '/predict', { rows: { x: 1 } }))).toMatchObject({ status: 422, field: 'rows' });
    expect(await error(await post(kit, '/predict', { nothing: 1 }))).toMatchObject({ status: 422, field: 'rows' });
    expect(await error(await post(kit, '/predict', '{"rows": [', { 'content-type': 'application/json' }))).toMatchObject({ status: 400, field: 'body' });
    expect(await error(await post(kit, '/predict', { rows: ROWS }, { 'content-type': 'text/plain' }))).toMatchObject({ status: 415, field: 'content-type' });
    expect(await error(await post(kit, '/predict', { rows: Array.from({ length: 1000 }, () => ROWS[0]) }))).toMatchObject({ status: 413, field: 'body' });
    expect(await error(await post(kit, '/predict', { rows: Array.from({ length: 60 }, () => ({ x: 1, y: 1, colour: 'r' })) }))).toMatchObject({ status: 413, field: 'rows' });
    expect((await fetch(kit.url + '/predict')).status).toBe(405);
    expect((await fetch(kit.url + '/nope')).status).toBe(404);
    expect(await error(await post(kit, '/generate', { prompt: 'a' }))).toMatchObject({ status: 404 });
    // Still serving after all that.
    expect((await post(kit, '/predict', { rows: ROWS.slice(0, 1) })).status).toBe(200);
  }, 120_000);
});

describe('server kit: a text model', () => {
  it('/predict with texts equals the studio playground', async () => {
    const t = await trainedText('text-embedding-bag', 8, fetchKit);
    const made = await t.studio.actions.exportServerKit(t.run.id);
    if (!made.ok) throw new Error(made.error.message);
    const kit = await start(made.value.bytes);
    const texts = ['a lovely happy film', 'boring and awful', 'wonderful story but dull'];
    const studio = await t.predict(texts.map((text) => ({ text })));
    if (!studio.ok) throw new Error(studio.error.message);
    const res = await post(kit, '/predict', { texts });
    expect(res.status).toBe(200);
    const got = (await res.json()) as { predictions: { label: string; probabilities: Record<string, number> }[] };
    got.predictions.forEach((p, i) => studio.value[i]!.classes!.forEach((c) => expect(p.probabilities[c.label]).toBeCloseTo(c.probability, 5)));
    expect(got.predictions.map((p) => p.label).slice(0, 2)).toEqual(['pos', 'neg']);
    const bad = await post(kit, '/predict', { texts: ['ok', 3] });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('texts[1]');
  }, 120_000);
});

describe('server kit: a language model', () => {
  it('/generate streams NDJSON (and server-sent events) whose text equals the predictor in process', async () => {
    const { bundle } = await trainedLm('# whale');
    const server = new Uint8Array(readFileSync(join(root, 'public', 'kit', 'server.mjs')));
    const wasm = Object.fromEntries(['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'].map((f) => [f, new Uint8Array(readFileSync(join(root, 'public', 'kit', f)))]));
    const zip = writeServerKit({ name: 'whale-server', bundle, server, wasm, kind: 'lm', task: 'generation' });
    const kit = await start(zip);

    const s = { maxNewTokens: 24, temperature: 0, topK: 0, topP: 1, seed: 1 };
    const local = await loadPredictor(bundle);
    if (!local.ok) throw new Error(local.error.message);
    const expected = await local.value.generate!('the wh', s);
    if (!expected.ok) throw new Error(expected.error.message);

    const res = await post(kit, '/generate', { prompt: 'the wh', ...s });
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { text: string; done?: boolean; tokens?: number });
    const last = lines.at(-1)!;
    expect(last.done).toBe(true);
    expect(last.tokens).toBe(24);
    expect(lines.slice(0, -1).map((l) => l.text).join('')).toBe(last.text);
    expect(lines.length).toBeGreaterThan(5);
    expect(last.text).toBe(expected.value.text);

    const sse = await post(kit, '/generate', { prompt: 'the wh', ...s }, { 'content-type': 'application/json', accept: 'text/event-stream' });
    expect(sse.headers.get('content-type')).toMatch(/text\/event-stream/);
    const frames = (await sse.text()).split('\n\n').filter(Boolean);
    expect(frames.every((f) => f.startsWith('data: '))).toBe(true);
    expect((JSON.parse(frames.at(-1)!.slice(6)) as { text: string }).text).toBe(expected.value.text);

    const bad = await post(kit, '/generate', { prompt: 'the', temperature: -1 });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('temperature');
    expect((await post(kit, '/predict', { rows: [{}] })).status).toBe(422);
    local.value.dispose();
  }, 120_000);
});
