import { afterEach, describe, expect, it, vi } from 'vitest';
import { readBundle } from '../core/bundle';
import type { DemoMeta } from '../deploy/demo-html';
import { trainedTable } from '../deploy/test-studio';

const RUNTIME = 'var mlStudioDemo=(function(){document.title="</script>"})();';

function bundleIn(html: string): Uint8Array {
  const b64 = /<script type="application\/octet-stream" id="demo-bundle">([^<]*)<\/script>/.exec(html)![1]!;
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

afterEach(() => vi.unstubAllGlobals());

describe('exportDemoPage', () => {
  it("inlines the run's bundle and the runtime fetched from the studio's own origin, and names the file after the bundle", async () => {
    const fetched: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url);
      return new Response(RUNTIME, { status: 200 });
    });
    const t = await trainedTable('logistic-regression');
    const r = await t.studio.actions.exportDemoPage({ runId: t.run.id });
    if (!r.ok) throw new Error(r.error.message);
    expect(fetched).toEqual(['/demo/demo-runtime.js']);
    expect(r.value.fileName).toBe(t.bundle.fileName.replace(/\.zip$/, '-demo.html'));
    expect(r.value.html).toContain('<title>Logistic regression on data.csv</title>');
    expect(r.value.html).toContain('document.title="<\\/script>"');
    const inside = readBundle(bundleIn(r.value.html));
    if (!inside.ok) throw new Error(inside.error.message);
    const exported = readBundle(t.bundle.bytes);
    if (!exported.ok) throw new Error(exported.error.message);
    expect(inside.value.model).toEqual(exported.value.model);
    expect(inside.value.features).toEqual(exported.value.features);
    // The page's JSON carries the run's stamp, dated at the export, like the bundle's stamp.json.
    const meta = JSON.parse(/<script type="application\/json" id="demo-meta">([^<]*)<\/script>/.exec(r.value.html)![1]!) as DemoMeta;
    expect(t.run.stamp).toBeDefined();
    expect(meta.stamp).toEqual(inside.value.stamp);
    expect({ ...meta.stamp, createdAt: '' }).toEqual({ ...t.run.stamp, createdAt: '' });
    expect(r.value.sizes.runtime).toBe(RUNTIME.length + 1); // the backslash before </script
    expect(r.value.sizes.model + r.value.sizes.runtime + r.value.sizes.data).toBe(r.value.sizes.total);

    // A second export reuses the fetched runtime.
    expect((await t.studio.actions.exportDemoPage({ runId: t.run.id })).ok).toBe(true);
    expect(fetched).toHaveLength(1);
  });

  it('says so when the studio serves no runtime (an SPA fallback page instead), tries again next time, and refuses an unknown run', async () => {
    let body = '<!doctype html><html></html>';
    vi.stubGlobal('fetch', async () => new Response(body, { status: 200 }));
    const t = await trainedTable('logistic-regression');
    const r = await t.studio.actions.exportDemoPage({ runId: t.run.id });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/runtime could not be loaded/);
    body = RUNTIME;
    expect((await t.studio.actions.exportDemoPage({ runId: t.run.id })).ok).toBe(true);
    const none = await t.studio.actions.exportDemoPage({ runId: 'no-such-run' });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error.message).toMatch(/no model to export/);
  });
});
