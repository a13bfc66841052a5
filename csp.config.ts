/**
 * The Content-Security-Policy of the studio (README, "Security"). The studio talks to no server but
 * its own origin, so everything is 'self'. The exceptions, each measured with the journeys:
 *  - 'wasm-unsafe-eval': WebAssembly.instantiate (tfjs-wasm and the studio's own AssemblyScript
 *    kernels) is blocked without it. It allows compiling WebAssembly only, not JS eval:
 *    'unsafe-eval' is NOT needed (no journey reports a violation without it).
 *  - blob: in script-src and worker-src: tfjs-wasm starts its pthread workers from a Blob of its
 *    own factory source (backend_wasm.js, mainScriptUrlOrBlob).
 *  - style-src 'unsafe-inline': React and recharts set style attributes; no style carries user data
 *    as CSS text.
 *  - data:/blob: images and connect-src blob:/data: for downloads, previews and tfjs weight loading
 *    from in-memory buffers.
 */
const directives = (dev: boolean): Record<string, string[]> => ({
  'default-src': ["'self'"],
  // Dev only: the React refresh preamble is an inline script, and HMR talks over a websocket.
  'script-src': ["'self'", "'wasm-unsafe-eval'", 'blob:', ...(dev ? ["'unsafe-inline'"] : [])],
  'worker-src': ["'self'", 'blob:'],
  'connect-src': ["'self'", 'blob:', 'data:', ...(dev ? ['ws:'] : [])],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
});

const serialise = (d: Record<string, string[]>) => Object.entries(d).map(([k, v]) => `${k} ${v.join(' ')}`).join('; ');

/** For a response header; frame-ancestors works only there (a <meta> policy ignores it). */
export const cspHeader = (dev = false): string => `${serialise(directives(dev))}; frame-ancestors 'none'`;

/** For the <meta http-equiv> in the built index.html, so a static host without headers still gets it. */
export const cspMeta = (): string => serialise(directives(false));
