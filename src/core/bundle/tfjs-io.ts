/**
 * Between a live `tf.LayersModel` and the bundle's `model/` parts (model.json + weights.bin).
 * Uses only tfjs's in-memory IO handlers, so it runs in Node and in a worker alike.
 */
import * as tf from '@tensorflow/tfjs';
import { err, ok, type Result } from '../util/result';
import { TFJS_WEIGHTS_FILE, type TfjsModelPart } from './format';
import { checkTfjsModelJson } from './tfjs-manifest';

/** Concatenates tfjs weight data (one buffer, or several in tfjs ≥ 4.13) into one byte array. */
function joinWeightData(data: tf.io.WeightData | undefined): Uint8Array {
  const buffers = data === undefined ? [] : Array.isArray(data) ? data : [data];
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out;
}

/**
 * Saves the model's topology and weights as the bundle stores them. The weight bytes are copied,
 * so later training of `model` does not change the parts. No tensors are left behind.
 */
export async function modelToParts(model: tf.LayersModel): Promise<Omit<TfjsModelPart, 'type'>> {
  let parts: Omit<TfjsModelPart, 'type'> | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (artifacts.modelTopology instanceof ArrayBuffer || artifacts.modelTopology === undefined) {
        throw new Error('modelToParts: expected a LayersModel JSON topology');
      }
      const modelJson: Record<string, unknown> = {
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
      };
      // A JSON round trip drops undefined fields and any shared references inside the topology.
      parts = { modelJson: JSON.parse(JSON.stringify(modelJson)) as Record<string, unknown>, weights: joinWeightData(artifacts.weightData) };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!parts) throw new Error('modelToParts: the save handler was not called');
  return parts;
}

/**
 * Rebuilds the model. Throws when tfjs cannot (an unknown layer class, say); the `modelJson` and
 * `weights` are assumed to have passed `readBundle`. For a student-facing message, use
 * `tryModelFromParts`.
 */
export async function modelFromParts(modelJson: Record<string, unknown>, weights: Uint8Array): Promise<tf.LayersModel> {
  const specs = checkTfjsModelJson(modelJson, weights);
  if (!specs.ok) throw new Error(specs.error.message);
  // tfjs wants an ArrayBuffer holding exactly the weight bytes; a view into the zip would not do.
  const weightData = weights.slice().buffer;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology as object,
      weightSpecs: specs.value,
      weightData,
      ...(modelJson.trainingConfig ? { trainingConfig: modelJson.trainingConfig as tf.io.TrainingConfig } : {}),
    }),
  );
}

/** `modelFromParts` as a Result: a bundle made by a newer studio may use layers this one lacks. */
export async function tryModelFromParts(modelJson: Record<string, unknown>, weights: Uint8Array): Promise<Result<tf.LayersModel>> {
  try {
    return ok(await modelFromParts(modelJson, weights));
  } catch (e) {
    return err({
      message: 'The model in this bundle could not be rebuilt',
      hint: `TensorFlow.js said: ${e instanceof Error ? e.message : String(e)}. The bundle may come from a newer ML Studio; reload the page and try again.`,
      code: 'bundle-model-load',
    });
  }
}
