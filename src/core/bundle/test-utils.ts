/** Builders for bundle tests: small valid contents, and ways to damage a zip on purpose. */
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { BundleContents, TfjsModelPart } from './format';

/** A Dense(2 → 3, softmax) LayersModel topology, as tfjs-layers 4.x writes it. */
export const denseTopology = (units = 3, inputs = 2, activation = 'softmax') => ({
  class_name: 'Sequential',
  config: {
    name: 'tiny',
    layers: [
      {
        class_name: 'Dense',
        config: {
          units,
          activation,
          use_bias: true,
          kernel_initializer: { class_name: 'Zeros', config: {} },
          bias_initializer: { class_name: 'Zeros', config: {} },
          kernel_regularizer: null,
          bias_regularizer: null,
          activity_regularizer: null,
          kernel_constraint: null,
          bias_constraint: null,
          name: 'dense',
          trainable: true,
          batch_input_shape: [null, inputs],
          dtype: 'float32',
        },
      },
    ],
  },
  keras_version: 'tfjs-layers 4.22.0',
  backend: 'tensor_flow.js',
});

/** kernel [2,3] then bias [3], float32 little-endian. */
export const TINY_KERNEL = [1, -1, 0.5, 0.25, 2, -1];
export const TINY_BIAS = [0.1, 0, -0.1];

export function tinyTfjsModel(): TfjsModelPart {
  const weights = new Uint8Array(new Float32Array([...TINY_KERNEL, ...TINY_BIAS]).buffer);
  return {
    type: 'tfjs',
    modelJson: {
      format: 'layers-model',
      generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
      convertedBy: null,
      modelTopology: denseTopology(),
      weightsManifest: [
        {
          paths: ['weights.bin'],
          weights: [
            { name: 'dense/kernel', shape: [2, 3], dtype: 'float32' },
            { name: 'dense/bias', shape: [3], dtype: 'float32' },
          ],
        },
      ],
    },
    weights,
  };
}

export function sampleContents(model: BundleContents['model'] = tinyTfjsModel()): BundleContents {
  const classification = model.type === 'tfjs';
  return {
    meta: {
      createdAt: '2025-01-02T03:04:05.000Z',
      kind: 'tabular',
      task: classification ? 'classification' : 'regression',
      modelFamily: classification ? 'mlp' : 'random-forest',
    },
    model,
    recipe: {
      format: 'ml-studio-recipe',
      version: 1,
      steps: [{ id: 's1', op: 'impute', params: { column: 'x', strategy: 'median' }, enabled: true, fitted: { value: 1.5 } }],
    },
    rawSchema: [
      { name: 'x', type: 'numeric' },
      { name: 'y', type: 'numeric' },
      { name: 'species', type: 'categorical' },
    ],
    features: { inputs: [{ column: 'x', kind: 'standard', mean: 1, std: 2 }, { column: 'y', kind: 'standard', mean: 0, std: 1 }] },
    labels: classification ? ['setosa', 'versicolor', 'virginica'] : [],
    metrics: { accuracy: 0.9, perClass: [{ label: 'setosa', f1: 1 }] },
    training: { seed: 42, epochs: 10, learningRate: 0.01 },
    modelCard: '# Tiny model\n\nPredicts species. Ünïcode ✓\n',
  };
}

export const treeModel = (): BundleContents['model'] => ({
  type: 'tree',
  json: { name: 'RandomForestRegressor', nEstimators: 2, estimators: [{ root: { splitValue: 1.5, left: { value: 1 }, right: { value: 2 } } }] },
});

/** Unzips, edits the file map, zips again: for bundles that are valid zips with bad contents. */
export function rezip(bytes: Uint8Array, edit: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(bytes);
  edit(files);
  return zipSync(files as Zippable);
}

export const setJson = (files: Record<string, Uint8Array>, name: string, value: unknown): void => {
  files[name] = strToU8(JSON.stringify(value));
};

export const getJson = (files: Record<string, Uint8Array>, name: string): Record<string, unknown> =>
  JSON.parse(new TextDecoder().decode(files[name])) as Record<string, unknown>;

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/**
 * Overwrites fields of the central-directory record (and the local header) of the entry `name`,
 * to forge what a hostile zip declares without building gigabytes.
 */
export function patchEntry(
  bytes: Uint8Array,
  name: string,
  patch: { size?: number; compressedSize?: number; flags?: number; method?: number; crc?: number },
): Uint8Array {
  const out = bytes.slice();
  const dv = view(out);
  const wanted = strToU8(name);
  for (let o = 0; o + 46 < out.length; o++) {
    if (dv.getUint32(o, true) !== 0x02014b50) continue;
    const n = dv.getUint16(o + 28, true);
    const candidate = out.subarray(o + 46, o + 46 + n);
    if (candidate.length !== wanted.length || !candidate.every((b, i) => b === wanted[i])) continue;
    const local = dv.getUint32(o + 42, true);
    const set16 = (off: number, v: number | undefined) => {
      if (v === undefined) return;
      dv.setUint16(o + off, v, true);
      dv.setUint16(local + off - 2, v, true);
    };
    const set32 = (off: number, v: number | undefined) => {
      if (v === undefined) return;
      dv.setUint32(o + off, v, true);
      dv.setUint32(local + off - 2, v, true);
    };
    set16(8, patch.flags);
    set16(10, patch.method);
    set32(16, patch.crc);
    set32(20, patch.compressedSize);
    set32(24, patch.size);
    return out;
  }
  throw new Error(`patchEntry: no entry ${name}`);
}
