/** scripts/build-demo-runtime.mjs: tfjs-backend-wasm's SIMD binary, base64. */
declare module 'virtual:tfjs-wasm-simd' {
  const base64: string;
  export default base64;
}
