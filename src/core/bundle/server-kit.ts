/**
 * The server kit: one .zip with a model bundle and what serves it over HTTP with Node ≥ 20 and no
 * npm install — `server.mjs` (built by scripts/build-server-kit.mjs: the deploy predictor, tfjs and
 * tfjs-backend-wasm in one file), the backend's .wasm files, a Dockerfile and a README with the two
 * ways to run it and curl examples for this model. Pure (fflate only): the page builds it.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { stampMarkdown, type ReproStamp } from './stamp';

export interface ServerKitInput {
  /** The folder name inside the zip, e.g. "iris-mlp-run2-server". */
  name: string;
  /** The model bundle (.zip bytes): a studio model bundle or an LM bundle. */
  bundle: Uint8Array;
  /** public/kit/server.mjs. */
  server: Uint8Array;
  /** tfjs-backend-wasm's .wasm files, by file name. */
  wasm: Record<string, Uint8Array>;
  kind: 'tabular' | 'text' | 'lm';
  task: string;
  /** One row for the README's curl example (raw values, as in the file). */
  example?: Record<string, string>;
  textColumns?: string[];
  /** The bundle's reproducibility stamp: written as `stamp.json` and as a README section. */
  stamp?: ReproStamp;
}

export const KIT_BUNDLE = 'bundle.zip';

const DOCKERFILE = `# The model server: plain Node, no npm install, no native build step.
FROM node:20-slim
WORKDIR /app
COPY server.mjs bundle.zip *.wasm ./
ENV PORT=8080 HOST=0.0.0.0
EXPOSE 8080
USER node
CMD ["node", "server.mjs"]
`;

/** A value as JSON: numbers stay numbers (what a client would send), the rest strings, '' → null. */
function jsonValue(v: string): unknown {
  if (v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) && /^-?[\d.]+(e[-+]?\d+)?$/i.test(v.trim()) ? n : v;
}

/** Single quotes for a shell: a payload in a column name cannot break out of them. */
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function readme(input: ServerKitInput): string {
  const dir = input.name;
  const example =
    input.kind === 'lm'
      ? `curl -N -X POST http://localhost:8080/generate -H 'Content-Type: application/json' \\\n  -d ${shellQuote(JSON.stringify({ prompt: 'The ', maxNewTokens: 100, temperature: 0.8 }))}`
      : input.kind === 'text'
        ? `curl -X POST http://localhost:8080/predict -H 'Content-Type: application/json' \\\n  -d ${shellQuote(JSON.stringify({ texts: ['type a text here', 'and another one'] }))}`
        : `curl -X POST http://localhost:8080/predict -H 'Content-Type: application/json' \\\n  -d ${shellQuote(JSON.stringify({ rows: [Object.fromEntries(Object.entries(input.example ?? {}).map(([k, v]) => [k, jsonValue(v)]))] }))}`;
  return `# ${dir}: a model server made by ML Studio

A ${input.task} model (${input.kind}) served over HTTP by \`server.mjs\`: Node.js ≥ 20 and nothing
else (TensorFlow.js and its WebAssembly backend are inside the file; no \`npm install\`, no native
build step). The model is \`${KIT_BUNDLE}\`, the ML Studio bundle it was exported from (its README.md
is the model card).

## Run it

\`\`\`sh
node server.mjs                                                   # http://localhost:8080
docker build -t ${dir.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-')} . && docker run --rm -p 8080:8080 ${dir.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-')}
\`\`\`

Settings (environment variables): \`PORT\` (8080), \`HOST\` (0.0.0.0), \`MAX_BODY_BYTES\` (1048576),
\`MAX_ROWS\` (10000 rows or texts per request), \`BUNDLE\` (another bundle file), \`BACKEND\` (\`wasm\`,
or \`cpu\` for plain JavaScript).

## Endpoints

- \`GET /health\` → \`{"status":"ok", …}\`
- \`GET /model\` → the model card, the reproducibility stamp (\`stamp.json\`, or null) and what a request may hold (columns and their types, required
  columns, class labels)
- \`POST /predict\` with \`{"rows":[{…}, …]}\` (raw values as in the training file; \`null\` for a
  missing value) or, for text models, \`{"texts":["…", …]}\` → \`{"predictions":[{"label", "probabilities"}
  or {"value"}, …], "warnings":[…]}\`
- \`POST /generate\` (language models) with \`{"prompt", "maxNewTokens", "temperature", "topK", "topP",
  "seed"}\` → NDJSON lines \`{"text":"…"}\` as tokens are chosen, then \`{"done":true,"text","tokens"}\`;
  send \`Accept: text/event-stream\` for server-sent events.

Errors are JSON \`{"error":{"status","field","message"}}\`: 400 (not JSON), 413 (body or batch too
large), 415 (not \`application/json\`), 422 (the field named is wrong: a missing column, a wrong
type, not an array).

## Examples

\`\`\`sh
curl http://localhost:8080/health
curl http://localhost:8080/model
${example}
\`\`\`
`;
}

export function writeServerKit(input: ServerKitInput): Uint8Array {
  const d = input.name;
  const files: Zippable = {
    [`${d}/server.mjs`]: input.server,
    [`${d}/${KIT_BUNDLE}`]: [input.bundle, { level: 0 }],
    [`${d}/Dockerfile`]: strToU8(DOCKERFILE),
    [`${d}/README.md`]: strToU8(readme(input) + (input.stamp ? `\n${stampMarkdown(input.stamp)}` : '')),
  };
  if (input.stamp) files[`${d}/stamp.json`] = strToU8(`${JSON.stringify(input.stamp, null, 2)}\n`);
  for (const [name, bytes] of Object.entries(input.wasm)) files[`${d}/${name}`] = bytes;
  return zipSync(files);
}
