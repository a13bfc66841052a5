export * from './format';
export { writeBundle } from './write';
export { readBundle, type ReadBundleResult, type ReadOptions } from './read';
export { migrate, MIGRATIONS, type Migration } from './migrate';
export { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip';
export { renderModelCard, type ModelCardInfo } from './model-card';
export * from './stamp';
// tfjs-io.ts is not re-exported: importing it pulls TensorFlow.js in; import it directly where a model is built.
