import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readBundle, writeBundle } from '../core/bundle';
import { makeStamp } from '../core/bundle/stamp';
import { sampleContents } from '../core/bundle/test-utils';
import { listZipEntries } from '../core/bundle/zip';
import { buildDemoPage, DEMO_WARN_BYTES, escapeHtml, jsonForScript, scriptSafe, type DemoMeta } from './demo-html';

const HOSTILE = '</script><script>window.__xss=1</script><!-- <img src=x onerror=alert(1)> & \u2028';
// The stamp's free-text field carries the payload too: the stamp sits in the same JSON element.
const stamp = makeStamp({ studioVersion: `0.1.0${HOSTILE}`.slice(0, 100), seed: 42, dataSha256: 'a'.repeat(64), trainRows: 105, recipeSha256: 'b'.repeat(64), backend: 'wasm', createdAt: '2026-12-03T12:00:00.000Z' });
const meta: DemoMeta = { title: `Model on ${HOSTILE}.csv`, exportedAt: '2026-12-03T12:00:00.000Z', studio: 'ML Studio test', stamp };

/** The text of each <script> element, as an HTML parser's script-data state reads it (up to the first `</script`). */
function scripts(html: string): { attrs: string; text: string }[] {
  const out: { attrs: string; text: string }[] = [];
  const re = /<script([^>]*)>/gi;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const start = m.index + m[0].length;
    const end = html.toLowerCase().indexOf('</script', start);
    out.push({ attrs: m[1]!, text: html.slice(start, end) });
    re.lastIndex = end;
  }
  return out;
}

const cspOf = (html: string): string => /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1]!;
const sha = (s: string) => createHash('sha256').update(s).digest('base64');

describe('demo page assembly', () => {
  const bundle = writeBundle({ ...sampleContents(), modelCard: `# ${HOSTILE}` });
  const runtime = `console.log("</script><script>alert(1)</script>"); /* <!-- */ var re = /<\\/script>/;`;

  it('inlines JSON, bundle and runtime so that none of them can close its <script> element', async () => {
    const { html } = await buildDemoPage({ meta, bundle, runtime });
    const found = scripts(html);
    expect(found.map((s) => s.attrs)).toEqual([' type="application/json" id="demo-meta"', ' type="application/octet-stream" id="demo-bundle"', '']);
    // Each element's text is exactly what was put in: the parser found the end where we put it.
    expect(JSON.parse(found[0]!.text)).toEqual(meta);
    expect(JSON.parse(found[0]!.text).stamp).toEqual(stamp); // machine-readable in the page
    expect(found[0]!.text).not.toMatch(/[<>&]/);
    const decoded = Uint8Array.from(atob(found[1]!.text), (c) => c.charCodeAt(0));
    expect(decoded).toEqual(bundle);
    expect(readBundle(decoded).ok).toBe(true);
    expect(found[2]!.text).toBe(scriptSafe(runtime));
    expect(found[2]!.text).not.toMatch(/<\/script|<!--/i);
    // Exactly the three closing tags we wrote, and the title escaped.
    expect(html.match(/<\/script/gi)).toHaveLength(3);
    expect(html).toContain(`<title>${escapeHtml(meta.title)}</title>`);
    expect(html).not.toContain('<img');
  });

  it('escaping keeps the meaning: the JSON parses back, the escaped script is the same JavaScript', () => {
    expect(JSON.parse(jsonForScript({ s: HOSTILE }))).toEqual({ s: HOSTILE });
    // `<\/` inside a string literal is `</`: the escaped program prints the same string.
    const logged: string[] = [];
    new Function('log', scriptSafe('log("a</script>b<!--c")'))((s: string) => logged.push(s)); // eslint-disable-line no-restricted-syntax
    expect(logged).toEqual(['a</script>b<!--c']);
  });

  it('carries a policy that forbids every request and allows exactly its own script and style', async () => {
    const { html } = await buildDemoPage({ meta, bundle, runtime });
    const csp = cspOf(html);
    const directives = Object.fromEntries(csp.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual([`'sha256-${sha(scriptSafe(runtime))}'`, "'wasm-unsafe-eval'"]);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(directives['style-src']).toEqual([`'sha256-${sha(style)}'`]);
    expect(csp).not.toMatch(/https?:|\*|'unsafe-inline'|'unsafe-eval'|data:|blob:/);
    // The policy comes before anything it governs.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
    expect(html).not.toMatch(/<[a-z]+[^>]*\s(src|href)=/i); // no element loads anything
  });

  it('reports the size of model, runtime and data, adding up to the page, and warns above 50 MB', async () => {
    const page = await buildDemoPage({ meta, bundle, runtime });
    const { model, runtime: rt, data, total } = page.sizes;
    expect(total).toBe(new TextEncoder().encode(page.html).length);
    expect(model + rt + data).toBe(total);
    expect(rt).toBe(new TextEncoder().encode(scriptSafe(runtime)).length);
    expect(model).toBeGreaterThan(0);
    expect(page.warning).toBeUndefined();
    // The model part is the model's files as inlined: their compressed bytes in the zip, base64.
    const entries = listZipEntries(bundle);
    if (!entries.ok) throw new Error('bundle');
    const compressed = entries.value.filter((e) => e.name.startsWith('model/')).reduce((n, e) => n + e.compressedSize, 0);
    expect(model).toBe(Math.round((compressed * 4) / 3));
    expect(data).toBeGreaterThan(jsonForScript(meta).length);

    const huge = await buildDemoPage({ meta, bundle, runtime: 'x'.repeat(DEMO_WARN_BYTES) });
    expect(huge.warning).toMatch(/over 50 MB/);
  });
});
