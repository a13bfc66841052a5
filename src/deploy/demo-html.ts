/**
 * Assembles the single-file demo page: the bundle (base64), a little JSON about the export, and the
 * runtime script (scripts/build-demo-runtime.mjs), all inline, under a Content-Security-Policy that
 * allows that one script (by hash), WebAssembly compilation and the page's own style, and nothing
 * else: no request of any kind. Framework-free and DOM-free, so it is tested in Node.
 *
 * Nothing from the user's data is written as markup here: the bundle is base64, the JSON has every
 * `<`, `>` and `&` escaped (it cannot close its <script> element), and the runtime builds the
 * page's DOM with createElement/textContent only. The one string in markup, the title, is escaped.
 */
import type { ReproStamp } from '../core/bundle/stamp';
import { listZipEntries } from '../core/bundle/zip';

/** Above this the Export step warns: a page this big is slow to open and to share. */
export const DEMO_WARN_BYTES = 50_000_000;

/** What the runtime reads before it opens the bundle (`#demo-meta`). */
export interface DemoMeta {
  /** The page's heading, e.g. "Logistic regression on penguins.csv". */
  title: string;
  /** ISO date of the export. */
  exportedAt: string;
  /** What made it, e.g. "ML Studio 0.1.0". */
  studio: string;
  /** The run's reproducibility stamp (machine-readable here, shown as text next to the card); absent for runs from before stamps. */
  stamp?: ReproStamp;
}

export interface DemoSizes {
  /** The model's own files (weights, topology or trees), as they are inlined. */
  model: number;
  /** The runtime script: tfjs, its WebAssembly binary, the predictor and the page's code. */
  runtime: number;
  /** The rest: recipe, encoders, vocabulary, labels, model card, metrics and the page around them. */
  data: number;
  total: number;
}

export interface DemoPage {
  html: string;
  sizes: DemoSizes;
  /** Set when the page is over DEMO_WARN_BYTES. */
  warning?: string;
}

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem; }
section { background: #fff; border: 1px solid #dde1e8; border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; } h2 { font-size: 1.1rem; margin: 0 0 .75rem; }
.muted { color: #5b6475; font-size: .9em; }
pre { white-space: pre-wrap; word-break: break-word; background: #f6f7f9; padding: .75rem; border-radius: 6px; max-height: 24rem; overflow: auto; }
.fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .75rem; margin-bottom: .75rem; }
label { display: flex; flex-direction: column; gap: .2rem; overflow-wrap: anywhere; }
input, select, textarea, button { font: inherit; padding: .35rem .5rem; border: 1px solid #b9c0cc; border-radius: 6px; }
textarea { width: 100%; box-sizing: border-box; min-height: 6rem; }
button { background: #2f5bd3; color: #fff; border-color: #2f5bd3; cursor: pointer; }
.row { display: flex; gap: .75rem; flex-wrap: wrap; align-items: end; margin-bottom: .75rem; }
table { border-collapse: collapse; } td, th { padding: .2rem .6rem; text-align: left; border-bottom: 1px solid #eceef2; overflow-wrap: anywhere; }
meter { width: 10rem; } .error { color: #a4262c; } .generated { white-space: pre-wrap; }
`;

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

/** JSON that can sit inside a <script> element: no `<`, `>` or `&` (so no `</script>` or `<!--`), no U+2028/9. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Script source that cannot end its <script> element early: `</script` and `<!--` (which would
 * change how the HTML parser reads the rest) get a backslash. A minifier keeps these inside
 * strings, regular expressions and comments, where `<\/` reads as `</` and `<\!` as `<!`.
 */
export function scriptSafe(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 0x8000; // String.fromCharCode's argument list has a limit
  for (let i = 0; i < bytes.length; i += CHUNK) out += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(out);
}

async function sha256Base64(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return toBase64(new Uint8Array(digest));
}

/** The page's policy: its one script and its one style by hash, WebAssembly compilation, and nothing else. */
export function demoCsp(scriptHash: string, styleHash: string): string {
  return [
    "default-src 'none'",
    `script-src 'sha256-${scriptHash}' 'wasm-unsafe-eval'`,
    `style-src 'sha256-${styleHash}'`,
    "connect-src 'none'",
    "img-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Bytes of the bundle's model files once base64-inlined (their compressed size in the zip, × 4/3). */
function modelBytes(bundle: Uint8Array): number {
  const entries = listZipEntries(bundle);
  if (!entries.ok) return 0;
  const compressed = entries.value.filter((e) => e.name.startsWith('model/') || e.name.endsWith('.safetensors')).reduce((n, e) => n + e.compressedSize, 0);
  return Math.round((compressed * 4) / 3);
}

export async function buildDemoPage(input: { meta: DemoMeta; bundle: Uint8Array; runtime: string }): Promise<DemoPage> {
  const script = scriptSafe(input.runtime);
  const csp = demoCsp(await sha256Base64(script), await sha256Base64(STYLE));
  const html =
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeHtml(input.meta.title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n` +
    `<main id="app"><p id="demo-loading">Loading the model…</p><noscript>This page needs JavaScript to run the model.</noscript></main>\n` +
    `<script type="application/json" id="demo-meta">${jsonForScript(input.meta)}</script>\n` +
    `<script type="application/octet-stream" id="demo-bundle">${toBase64(input.bundle)}</script>\n` +
    `<script>${script}</script>\n</body>\n</html>\n`;
  const total = utf8Length(html);
  const runtime = utf8Length(script);
  const model = Math.min(modelBytes(input.bundle), total - runtime);
  const sizes = { model, runtime, data: total - runtime - model, total };
  const page: DemoPage = { html, sizes };
  if (total > DEMO_WARN_BYTES) page.warning = `This page is ${(total / 1e6).toFixed(1)} MB, over ${DEMO_WARN_BYTES / 1e6} MB: it may be slow to open, and too big to send by e-mail.`;
  return page;
}
