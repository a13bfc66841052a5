/**
 * Checks a tfjs LayersModel model.json against its weights.bin before tfjs ever sees them:
 * a hostile or damaged weightsManifest could otherwise ask tfjs for gigabytes, or read past the
 * end of the weight bytes. The studio writes one weight group, `paths: ['weights.bin']`,
 * float32/int32 only, no quantization, tightly packed in manifest order.
 */
import { err, ok, type Problem, type Result } from '../util/result';
import { TFJS_WEIGHTS_FILE } from './format';
import { isPlainObject } from './json';

/** tfjs indexes tensors with 32-bit ints; no studio model comes near this. */
export const MAX_WEIGHT_ELEMENTS = 2 ** 31;

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4 };

export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
}

const broken = (what: string, hint = 'The bundle was damaged or edited by hand. Export the model again.'): Problem => ({
  message: `The model inside this bundle is broken: ${what}`,
  hint,
  code: 'bundle-bad-model',
});

/** Validates model.json against the weights bytes; returns the weight specs in manifest order. */
export function checkTfjsModelJson(modelJson: unknown, weights: Uint8Array): Result<TfjsWeightSpec[]> {
  if (!isPlainObject(modelJson)) return err(broken('model.json is not a JSON object'));
  if (modelJson.format !== undefined && modelJson.format !== 'layers-model') {
    return err(
      broken(
        `model.json has format “${String(modelJson.format)}”, but the studio loads only “layers-model”`,
        'Graph models (converted from TensorFlow SavedModels) cannot be trained or bundled here.',
      ),
    );
  }
  if (!isPlainObject(modelJson.modelTopology)) return err(broken('model.json has no modelTopology'));
  const groups = modelJson.weightsManifest;
  if (!Array.isArray(groups) || groups.length !== 1 || !isPlainObject(groups[0])) {
    return err(broken('model.json must have exactly one weightsManifest group'));
  }
  const group = groups[0];
  const paths = group.paths;
  if (!Array.isArray(paths) || paths.length !== 1 || paths[0] !== TFJS_WEIGHTS_FILE) {
    return err(broken(`the weightsManifest must point at “${TFJS_WEIGHTS_FILE}” only`));
  }
  if (!Array.isArray(group.weights)) return err(broken('the weightsManifest has no list of weights'));
  const specs: TfjsWeightSpec[] = [];
  let totalBytes = 0;
  for (const w of group.weights as unknown[]) {
    if (!isPlainObject(w) || typeof w.name !== 'string') return err(broken('a weight has no name'));
    if (w.quantization !== undefined) {
      return err(broken(`weight “${w.name}” is quantized, which the studio does not support`));
    }
    const size = typeof w.dtype === 'string' ? BYTES_PER_ELEMENT[w.dtype] : undefined;
    if (size === undefined) {
      return err(broken(`weight “${w.name}” has type “${String(w.dtype)}”; only float32 and int32 are allowed`));
    }
    const elements = countElements(w.shape);
    if (elements === undefined) {
      return err(broken(`weight “${w.name}” has an impossible shape ${JSON.stringify(w.shape)}`));
    }
    totalBytes += elements * size;
    specs.push({ name: w.name, shape: w.shape as number[], dtype: w.dtype as TfjsWeightSpec['dtype'] });
  }
  if (totalBytes !== weights.length) {
    return err(
      broken(`model.json describes ${totalBytes} bytes of weights, but ${TFJS_WEIGHTS_FILE} has ${weights.length}`),
    );
  }
  return ok(specs);
}

/** Element count of a shape, or undefined when a dimension is not a non-negative integer or it is too big. */
function countElements(shape: unknown): number | undefined {
  if (!Array.isArray(shape) || shape.length > 16) return undefined;
  let n = 1;
  for (const d of shape as unknown[]) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > MAX_WEIGHT_ELEMENTS) return undefined;
    n *= d;
    if (n > MAX_WEIGHT_ELEMENTS) return undefined;
  }
  return n;
}
