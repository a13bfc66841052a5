/**
 * Starts tfjs's WebAssembly backend from bytes inlined in the page: no fetch, so it works from
 * file:// under a policy with connect-src 'none'. tfjs-backend-wasm loads its binary through
 * `env().platform.fetch` when `setWasmPaths(map, usePlatformFetch = true)` is set (its
 * createInstantiateWasmFunc); we give that fetch a Response made from the inlined bytes. Only the
 * SIMD binary is inlined, and threads are turned off (a file:// page is never cross-origin
 * isolated, and threads would need Blob workers): without SIMD the plain-JS backend is used.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

const INLINE_NAME = 'inline:tfjs-backend-wasm-simd.wasm';

function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** 'wasm' when WebAssembly with SIMD started, else 'cpu' (plain JavaScript). Never fetches. */
export async function startInlineBackend(simdWasmBase64: string): Promise<'wasm' | 'cpu'> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  if (simd) {
    const bytes = base64Bytes(simdWasmBase64);
    const platform = tf.env().platform;
    const fetchBefore = platform.fetch.bind(platform);
    platform.fetch = (path, init, options) =>
      path === INLINE_NAME ? Promise.resolve(new Response(bytes as BlobPart, { headers: { 'Content-Type': 'application/wasm' } })) : fetchBefore(path, init, options);
    // setWasmPaths wants all three names; with threads off and SIMD on, tfjs asks for the SIMD one only.
    setWasmPaths({ 'tfjs-backend-wasm.wasm': INLINE_NAME, 'tfjs-backend-wasm-simd.wasm': INLINE_NAME, 'tfjs-backend-wasm-threaded-simd.wasm': INLINE_NAME }, true);
    try {
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return 'wasm';
      }
    } catch {
      // fall through to plain JavaScript
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}
