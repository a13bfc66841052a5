// Offline support: every same-origin GET is answered from the network when it can be and cached,
// and from the cache when offline. The app shell, every code chunk and worker of the build
// (precache.json, written by build-tools/bundle-report.ts) and the small sample datasets are cached
// on install, so steps and views loaded on demand also work offline if never opened online.
// Nothing here ever talks to another origin.
const CACHE = 'ml-studio-v2';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(['./', './samples/index.json']);
      try {
        // One by one and after the shell: a file missing from an old deployment must not stop the rest.
        const files = await (await fetch('./precache.json')).json();
        await Promise.all(files.map((f) => cache.add(`./${f}`).catch(() => undefined)));
        // The demo page runtime (scripts/build-demo-runtime.mjs): "Export demo page" works offline too.
        await cache.add('./demo/demo-runtime.js').catch(() => undefined);
      } catch {
        // No build manifest (dev server): chunks are cached as they are fetched.
      }
      try {
        // Small samples only: the text samples (1–7 MB) would slow the first install down for
        // everyone; they are cached when first opened, like the app's own files.
        const samples = await (await fetch('./samples/index.json')).json();
        await cache.addAll(samples.filter((s) => !(s.bytes > 1_000_000)).map((s) => `./samples/${s.file}`));
      } catch {
        // Samples are cached on first use instead.
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        const res = await fetch(req);
        if (res.ok) await cache.put(req, res.clone());
        return res;
      } catch (e) {
        // ignoreVary: servers answer `Vary: Origin`, and the page's module scripts (crossorigin)
        // carry an Origin header that the precache's requests do not; same URL, same file.
        const hit = (await cache.match(req, { ignoreSearch: req.mode === 'navigate', ignoreVary: true })) ?? (req.mode === 'navigate' ? await cache.match('./') : undefined);
        if (hit) return hit;
        throw e;
      }
    })(),
  );
});
