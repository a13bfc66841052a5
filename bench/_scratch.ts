import { openBenchPage } from './_browser';
const { page, close } = await openBenchPage('/bench.html');
try {
  for (const [fn, b] of [['benchTextCnn', 'wasm'], ['benchTabular', 'wasm'], ['benchTextCnn', 'wasm'], ['benchTabular', 'wasm']] as const) {
    const out = await page.evaluate(([fn, b]) => (window as any)[fn](b, fn === 'benchTextCnn' ? 1024 : 8000, 3), [fn, b]);
    console.log(fn, out.backend, out.threads, Math.round(out.samplesPerSecond));
  }
} finally { await close(); }
