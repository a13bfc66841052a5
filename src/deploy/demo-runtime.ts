import * as tf from '@tensorflow/tfjs';
import simd from 'virtual:tfjs-wasm-simd';
import { startInlineBackend } from './inline-wasm';

void (async () => {
  const backend = await startInlineBackend(simd);
  const y = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]]));
  const out = document.createElement('p');
  out.id = 'out';
  out.textContent = `${backend} ${Array.from(await y.data()).join(',')}`;
  document.body.append(out);
})();
