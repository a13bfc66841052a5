/**
 * Vite plugin: writes dist/.vite/bundle-report.json (each JS chunk: entry or lazy, its static and
 * dynamic imports, its modules with their rendered sizes) and fails the build when a page's
 * entry chunk, or any chunk it imports (statically or with `import()`), contains TensorFlow.js. TensorFlow.js (1 MB+
 * gzip with its backends) belongs to the workers only: the first screen must not wait for it,
 * and heavy work must not run on the main thread.
 * `npm run bench -- load` reads the report to print the bundle composition.
 */
import type { Plugin } from 'vite';

export interface ReportChunk {
  file: string;
  /** The HTML page's own entry (`main`, `bench`). */
  isEntry: boolean;
  /** Loaded by `import()` only. */
  isDynamicEntry: boolean;
  imports: string[];
  dynamicImports: string[];
  /** Module id (path relative to the project, `node_modules/…` for packages) → rendered bytes. */
  modules: Record<string, number>;
}

export interface BundleReport {
  chunks: ReportChunk[];
  /** Every file the build wrote under assets/ (chunks, workers, wasm, css): what the service worker precaches. */
  assets: string[];
}

/** Modules that must never run on the main thread (workers bundle them). */
export const WORKER_ONLY = /(^|[\\/])node_modules[\\/]@tensorflow[\\/]/;

/**
 * The chunks a page can load: its entry, the chunks it imports, and with `lazy` also those behind
 * `import()` (steps and views loaded on demand), transitively. Workers are separate bundles, not part of it.
 */
export function pageChunks(chunks: readonly ReportChunk[], entryFile: string, lazy = true): ReportChunk[] {
  const byFile = new Map(chunks.map((c) => [c.file, c]));
  const seen = new Set<string>();
  const out: ReportChunk[] = [];
  const visit = (file: string) => {
    const c = byFile.get(file);
    if (!c || seen.has(file)) return;
    seen.add(file);
    out.push(c);
    c.imports.forEach(visit);
    if (lazy) c.dynamicImports.forEach(visit);
  };
  visit(entryFile);
  return out;
}

/**
 * For each forbidden module a page can load on its own thread, now or on demand: "chunk: module".
 * Empty when clean. Lazy chunks count too: a step that imports tfjs would still run it on the main thread.
 */
export function forbiddenInPage(chunks: readonly ReportChunk[], entryFile: string, forbidden: RegExp = WORKER_ONLY): string[] {
  return pageChunks(chunks, entryFile).flatMap((c) => Object.keys(c.modules).filter((id) => forbidden.test(id)).map((id) => `${c.file}: ${id}`));
}

function relativeId(id: string, root: string): string {
  const clean = id.replace(/\?.*$/, '').replace(/^\0/, '');
  return clean.startsWith(root) ? clean.slice(root.length).replace(/^[\\/]/, '') : clean;
}

/**
 * `checkEntries`: the HTML entries to check (their chunk `name`, as in `build.rolldownOptions.input`);
 * the bench page qualifies too: it drives the studio's workers and needs no tfjs of its own.
 * `appEntry`: the studio's page, whose files the service worker precaches (other pages' entry chunks are left out).
 */
export function bundleReport(opts: { checkEntries: string[]; appEntry: string }): Plugin {
  let root = '';
  return {
    name: 'ml-studio-bundle-report',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    generateBundle(_options, bundle) {
      const chunks: ReportChunk[] = [];
      for (const out of Object.values(bundle)) {
        if (out.type !== 'chunk') continue;
        const modules: Record<string, number> = {};
        for (const [id, m] of Object.entries(out.modules)) modules[relativeId(id, root)] = m.renderedLength;
        chunks.push({ file: out.fileName, isEntry: out.isEntry, isDynamicEntry: out.isDynamicEntry, imports: out.imports, dynamicImports: out.dynamicImports, modules });
      }
      for (const name of opts.checkEntries) {
        const entry = Object.values(bundle).find((o) => o.type === 'chunk' && o.isEntry && o.name === name);
        if (!entry) this.error(`bundle report: no entry chunk named "${name}"`);
        const bad = forbiddenInPage(chunks, entry.fileName);
        if (bad.length > 0) {
          this.error(
            `The "${name}" page would load TensorFlow.js on the main thread (${bad.length} modules), e.g.\n  ${bad.slice(0, 5).join('\n  ')}\n` +
              'Move that work behind a worker job (TensorFlow.js runs in the workers only).',
          );
        }
      }
      const assets = Object.keys(bundle).filter((f) => f.startsWith('assets/') && !f.endsWith('.map'));
      const report: BundleReport = { chunks, assets };
      this.emitFile({ type: 'asset', fileName: '.vite/bundle-report.json', source: JSON.stringify(report, null, 1) });
      // The service worker (public/sw.js) caches these on install, so every step, view and worker
      // works offline even if it was never opened online. The bench page's own chunk is left out.
      const otherPages = new Set(Object.values(bundle).filter((o) => o.type === 'chunk' && o.isEntry && o.name !== opts.appEntry).map((o) => o.fileName));
      this.emitFile({ type: 'asset', fileName: 'precache.json', source: JSON.stringify(assets.filter((f) => !otherPages.has(f))) });
    },
  };
}
