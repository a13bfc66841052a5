/**
 * What the demo page's runtime bundles in place of `@tensorflow/tfjs` (scripts/build-demo-runtime.mjs
 * aliases it): core, layers and the plain-JS backend, the parts inference needs. The full package
 * also carries the WebGL backend, the converter and tfjs-data, about 1 MB the page never uses.
 */
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
export * from '@tensorflow/tfjs-backend-cpu';
