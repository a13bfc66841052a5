/**
 * The server kit's `server.mjs` (bundled with tfjs and tfjs-backend-wasm into one file by
 * scripts/build-server-kit.mjs): a model server on plain `node:http`, Node ≥ 20, no npm install.
 *
 *   GET  /health    {"status":"ok", kind, task, backend}
 *   GET  /model     the model card and what a request may hold (columns, labels)
 *   POST /predict   {"rows":[{column: value, …}, …]} or {"texts":["…", …]} → {"predictions":[…]}
 *   POST /generate  {"prompt":"…", maxNewTokens?, temperature?, topK?, topP?, seed?} (language
 *                   models): NDJSON lines {"text":"…"} as tokens come, then {"done":true,…};
 *                   `Accept: text/event-stream` gets the same as server-sent events.
 *
 * Errors are JSON {"error":{"status","field","message"}}: 400 (not JSON), 404, 405, 413 (body
 * over MAX_BODY_BYTES, or more than MAX_ROWS rows), 415 (not application/json), 422 (a field is
 * wrong: a missing column, a wrong type, not an array). Environment: PORT (8080), HOST (0.0.0.0),
 * BUNDLE (bundle.zip next to this file), MAX_BODY_BYTES (1 MiB), MAX_ROWS (10000), BACKEND (wasm, or cpu).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadPredictor, type Predictor } from '../../src/deploy/predictor';

const here = dirname(fileURLToPath(import.meta.url));
const env = process.env;
const PORT = Number(env.PORT ?? 8080);
const HOST = env.HOST ?? '0.0.0.0';
const MAX_BODY = Number(env.MAX_BODY_BYTES ?? 1024 * 1024);
const MAX_ROWS = Number(env.MAX_ROWS ?? 10_000);
const BUNDLE = resolve(env.BUNDLE ?? join(here, 'bundle.zip'));

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const fail = (res: ServerResponse, e: HttpError) => send(res, e.status, { error: { status: e.status, ...(e.field ? { field: e.field } : {}), message: e.message } });

/** The JSON object of a request body, within the size limit. */
async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, `Send the body as JSON with "Content-Type: application/json" (got ${type ? `"${type}"` : 'none'}).`, 'content-type');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY) throw new HttpError(413, `The body is ${declared} bytes; this server takes at most ${MAX_BODY} (MAX_BODY_BYTES). Send fewer rows per request.`, 'body');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, `The body is over ${MAX_BODY} bytes (MAX_BODY_BYTES). Send fewer rows per request.`, 'body');
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (e) {
    throw new HttpError(400, `The body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, 'body');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(422, 'The body must be a JSON object, e.g. {"rows":[{…}]} or {"texts":["…"]}.', 'body');
  return body as Record<string, unknown>;
}

async function predict(p: Predictor, body: Record<string, unknown>) {
  const hasRows = Object.hasOwn(body, 'rows');
  const hasTexts = Object.hasOwn(body, 'texts');
  if (hasRows === hasTexts) {
    const want = p.kind === 'text' ? '"texts" (an array of strings) or "rows"' : '"rows" (an array of objects, one per row)';
    throw new HttpError(422, hasRows ? 'Send either "rows" or "texts", not both.' : `The body needs ${want}.`, p.kind === 'text' ? 'texts' : 'rows');
  }
  const list = hasRows ? body.rows : body.texts;
  if (Array.isArray(list) && list.length > MAX_ROWS) throw new HttpError(413, `${list.length} rows in one request; this server takes at most ${MAX_ROWS} (MAX_ROWS).`, hasRows ? 'rows' : 'texts');
  const out = hasRows ? await p.predictRows(list) : await p.predictTexts(list);
  if (!out.ok) throw new HttpError(422, out.error.message, out.error.field);
  return out.value;
}

async function generate(p: Predictor, body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse) {
  if (!p.generate) throw new HttpError(404, `This is a ${p.task} model: it does not generate text. Use POST /predict.`);
  const { prompt, ...settings } = body;
  const sse = (req.headers.accept ?? '').includes('text/event-stream');
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  let started = false;
  const write = (obj: unknown) => {
    if (!started) {
      started = true;
      res.writeHead(200, { 'content-type': sse ? 'text/event-stream; charset=utf-8' : 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-cache' });
    }
    res.write(sse ? `data: ${JSON.stringify(obj)}\n\n` : `${JSON.stringify(obj)}\n`);
  };
  const out = await p.generate(prompt as string, settings, (text) => write({ text }), abort.signal);
  if (!out.ok) throw new HttpError(422, out.error.message, out.error.field);
  write({ done: true, text: out.value.text, tokens: out.value.tokens });
  res.end();
}

async function startBackend(): Promise<string> {
  if ((env.BACKEND ?? 'wasm') === 'wasm') {
    setWasmPaths(here + '/');
    try {
      if (await tf.setBackend('wasm')) return 'wasm';
    } catch (e) {
      console.warn(`WebAssembly backend did not start (${e instanceof Error ? e.message : String(e)}); using plain JavaScript.`);
    }
  }
  await tf.setBackend('cpu');
  return 'cpu';
}

async function main() {
  const backend = await startBackend();
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(BUNDLE));
  } catch (e) {
    console.error(`Cannot read the model bundle ${BUNDLE}: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  const loaded = await loadPredictor(bytes);
  if (!loaded.ok) {
    console.error(`The model bundle ${BUNDLE} does not load: ${loaded.error.message}${loaded.error.hint ? ` ${loaded.error.hint}` : ''}`);
    process.exit(1);
  }
  const p = loaded.value;
  const info = { kind: p.kind, task: p.task, modelFamily: p.modelFamily, columns: p.columns, required: p.required, textColumns: p.textColumns, labels: p.labels };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    const handle = async () => {
      switch (route) {
        case 'GET /health':
          return send(res, 200, { status: 'ok', kind: p.kind, task: p.task, backend });
        case 'GET /model':
          return send(res, 200, { ...info, card: p.card, stamp: p.stamp ?? null });
        case 'POST /predict':
          return send(res, 200, await predict(p, await readJson(req)));
        case 'POST /generate':
          return generate(p, await readJson(req), req, res);
        default: {
          const known = ['/health', '/model', '/predict', '/generate'].includes(url.pathname);
          throw known ? new HttpError(405, `${req.method} is not allowed on ${url.pathname}.`) : new HttpError(404, `No endpoint ${url.pathname}: try GET /health, GET /model, POST /predict or POST /generate.`);
        }
      }
    };
    handle().catch((e: unknown) => {
      if (res.headersSent) return void res.end();
      if (e instanceof HttpError) return fail(res, e);
      console.error(e);
      fail(res, new HttpError(500, `The server failed: ${e instanceof Error ? e.message : String(e)}`));
    });
  });
  server.listen(PORT, HOST, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : PORT;
    console.log(`ML Studio model server: ${p.kind} ${p.task} model (${p.modelFamily}) on ${backend}, listening on http://${HOST}:${port}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
