/**
 * LoRA adapters (Hu et al. 2021) with PEFT's definitions (peft/tuners/lora/layer.py, config.py):
 * an adapted projection computes  y = base(x) + lora_B(lora_A(x)) · scale,  scale = alpha / r,
 * lora_A.weight [r, in] ~ kaiming_uniform(a=√5) = U(−1/√in, 1/√in) (seeded), lora_B.weight [out, r] = 0,
 * so an untouched adapter leaves the model exactly as it was. lora_dropout is 0 (PEFT's default).
 *
 * Target modules follow PEFT's matching: a module is adapted when its path equals a target or ends
 * with "." + target (so GPT-2's "c_proj" is both attn.c_proj and mlp.c_proj, "mlp.c_proj" only one).
 * Module paths are those of HF's LlamaForCausalLM (model.layers.0.self_attn.q_proj) and
 * GPT2LMHeadModel (transformer.h.0.attn.c_attn); the GPT's own parameter names drop `transformer.`.
 *
 * The LoRA model's params are the adapter variables only: the trainer sees nothing else, so the
 * base weights stay frozen. merge() gives W + scale·B·A (transposed for GPT-2's Conv1D [in, out]).
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../util/rng';
import type { ForwardOptions, GptModel } from './gpt';
import type { LlamaTrainModel } from './llama-train';
import { matMul } from './ops';
import { writeSafetensors } from './safetensors';

export { DEFAULT_LORA_TARGETS, LORA_TARGETS } from './finetune-settings';

/** Adds a module's low-rank update to its output: x [N, in], y = base(x) [N, out] → [N, out]. */
export type LinearAdapter = (module: string, x: tf.Tensor2D, y: tf.Tensor2D) => tf.Tensor2D;

export interface LoraSettings {
  r: number;
  alpha: number;
  /** PEFT target_modules: module names matched as suffixes of module paths. */
  targetModules: string[];
  /** Seeds lora_A's initialisation. */
  seed: number;
}

export type LoraBase = GptModel | LlamaTrainModel;

export function validateLora(s: Pick<LoraSettings, 'r' | 'alpha' | 'targetModules'>): string | null {
  if (!Number.isInteger(s.r) || s.r < 1 || s.r > 1024) return `rank ${s.r} must be a whole number from 1 to 1024`;
  if (!(s.alpha > 0)) return 'alpha must be positive';
  if (s.targetModules.length === 0) return 'pick at least one target module';
  return null;
}

const isGpt = (m: LoraBase): m is GptModel => !('family' in m && m.family === 'llama');

/** Module path (HF) → the model's parameter prefix for it. */
function modulePath(base: LoraBase, paramPrefix: string): string {
  return isGpt(base) ? `transformer.${paramPrefix}` : paramPrefix;
}

/** Every linear projection of the model: HF module path, parameter prefix, and whether its weight is [in, out]. */
export function linearModules(base: LoraBase): { path: string; prefix: string; inOut: boolean }[] {
  const out: { path: string; prefix: string; inOut: boolean }[] = [];
  for (const [name, v] of base.params) {
    if (!name.endsWith('.weight') || v.rank !== 2) continue;
    const prefix = name.slice(0, -'.weight'.length);
    const adaptable = isGpt(base) ? /^h\.\d+\.(attn|mlp)\./.test(prefix) : /^model\.layers\.\d+\./.test(prefix);
    if (adaptable) out.push({ path: modulePath(base, prefix), prefix, inOut: isGpt(base) });
  }
  return out;
}

/** PEFT's check_target_module_exists for a list of names. */
export function matchesTarget(path: string, targets: readonly string[]): boolean {
  return targets.some((t) => path === t || path.endsWith(`.${t}`));
}

interface Adapter {
  path: string;
  prefix: string;
  inOut: boolean;
  nIn: number;
  nOut: number;
  A: tf.Variable; // [r, in]
  B: tf.Variable; // [out, r]
}

export interface LoraModel {
  readonly settings: LoraSettings;
  readonly scale: number;
  readonly base: LoraBase;
  /** The adapters' variables by PEFT name without the `base_model.model.` prefix: `<path>.lora_A.weight`. */
  readonly params: ReadonlyMap<string, tf.Variable>;
  /** HF module paths of the adapted projections. */
  readonly modules: readonly string[];
  forward(idx: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor3D;
  loss(idx: tf.Tensor2D, targets: tf.Tensor2D, opts?: ForwardOptions): tf.Scalar;
  rngState(): number;
  setRngState(state: number): void;
  /** The base weights (the model's own parameter names) with every adapter merged in. */
  merged(): Promise<Map<string, Float32Array>>;
  /** adapter_model.safetensors: PEFT names `base_model.model.<path>.lora_A.weight` / `lora_B.weight`. */
  adapterSafetensors(): Promise<Uint8Array>;
  /** adapter_config.json as PEFT writes it. */
  adapterConfig(baseModelName: string): Record<string, unknown>;
  /** Frees the adapters and detaches them from the base (which stays usable, unadapted). */
  dispose(): void;
}

/** Adapts base in place (its adapter hook) with fresh adapters; initial weights may be given by params name. */
export function applyLora(base: LoraBase, settings: LoraSettings, initial?: ReadonlyMap<string, Float32Array>): LoraModel {
  const problem = validateLora(settings);
  if (problem) throw new Error(`LoRA: ${problem}`);
  if (base.adapter) throw new Error('LoRA: this model already has adapters');
  const targets = linearModules(base).filter((m) => matchesTarget(m.path, settings.targetModules));
  if (targets.length === 0) throw new Error(`LoRA: no module of this model matches ${settings.targetModules.join(', ')}`);
  const rng = createRng(settings.seed);
  const { r } = settings;
  const params = new Map<string, tf.Variable>();
  const byPrefix = new Map<string, Adapter>();
  for (const m of targets) {
    const [d0, d1] = base.params.get(`${m.prefix}.weight`)!.shape as [number, number];
    const [nIn, nOut] = m.inOut ? [d0, d1] : [d1, d0];
    const bound = 1 / Math.sqrt(nIn);
    const a0 = initial?.get(`${m.path}.lora_A.weight`) ?? Float32Array.from({ length: r * nIn }, () => (2 * rng.next() - 1) * bound);
    const b0 = initial?.get(`${m.path}.lora_B.weight`) ?? new Float32Array(nOut * r);
    if (a0.length !== r * nIn || b0.length !== nOut * r) throw new Error(`LoRA: the adapter of ${m.path} does not fit rank ${r}`);
    const A = tf.variable(tf.tensor2d(a0, [r, nIn]), true);
    const B = tf.variable(tf.tensor2d(b0, [nOut, r]), true);
    params.set(`${m.path}.lora_A.weight`, A);
    params.set(`${m.path}.lora_B.weight`, B);
    byPrefix.set(m.prefix, { ...m, nIn, nOut, A, B });
  }
  return new Lora(base, settings, params, byPrefix);
}

class Lora implements LoraModel {
  readonly scale: number;
  readonly modules: string[];

  constructor(
    readonly base: LoraBase,
    readonly settings: LoraSettings,
    readonly params: Map<string, tf.Variable>,
    private readonly adapters: Map<string, Adapter>,
  ) {
    this.scale = settings.alpha / settings.r;
    this.modules = [...adapters.values()].map((a) => a.path);
    if ('frozen' in base) base.frozen = true;
    base.adapter = (module, x, y) => {
      const a = this.adapters.get(module);
      if (!a) return y;
      // PEFT: result + lora_B(lora_A(dropout(x))) · scaling, with plain-matMul gradients (ops.ts).
      const low = matMul(matMul(x, tf.transpose(a.A)), tf.transpose(a.B));
      return tf.add(y, tf.mul(low, this.scale)) as tf.Tensor2D;
    };
  }

  forward(idx: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor3D {
    return this.base.forward(idx, opts);
  }

  loss(idx: tf.Tensor2D, targets: tf.Tensor2D, opts?: ForwardOptions): tf.Scalar {
    return this.base.loss(idx, targets, opts);
  }

  rngState(): number {
    return this.base.rngState();
  }

  setRngState(state: number): void {
    this.base.setRngState(state);
  }

  async merged(): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const [name, v] of this.base.params) out.set(name, (await v.data()) as Float32Array);
    for (const a of this.adapters.values()) {
      const delta = tf.tidy(() => {
        const ba = tf.mul(tf.matMul(a.B, a.A), this.scale); // [out, in]
        return a.inOut ? tf.transpose(ba) : ba;
      });
      const d = (await delta.data()) as Float32Array;
      delta.dispose();
      const name = `${a.prefix}.weight`;
      const w = out.get(name)!.slice();
      for (let i = 0; i < w.length; i++) w[i] = w[i]! + d[i]!;
      out.set(name, w);
    }
    return out;
  }

  async adapterSafetensors(): Promise<Uint8Array> {
    const tensors: [string, { data: Float32Array; shape: number[] }][] = [];
    for (const [name, v] of this.params) tensors.push([`base_model.model.${name}`, { data: (await v.data()) as Float32Array, shape: v.shape }]);
    return writeSafetensors(tensors, { format: 'pt' });
  }

  adapterConfig(baseModelName: string): Record<string, unknown> {
    const gpt = isGpt(this.base);
    return {
      peft_type: 'LORA', task_type: 'CAUSAL_LM', base_model_name_or_path: baseModelName, inference_mode: true,
      r: this.settings.r, lora_alpha: this.settings.alpha, lora_dropout: 0, target_modules: [...this.settings.targetModules],
      // GPT-2's Conv1D stores weights [in, out]: PEFT marks that with fan_in_fan_out.
      fan_in_fan_out: gpt, bias: 'none', use_rslora: false, use_dora: false, init_lora_weights: true, modules_to_save: null,
      layers_to_transform: null, layers_pattern: null, rank_pattern: {}, alpha_pattern: {}, revision: null,
    };
  }

  dispose(): void {
    this.base.adapter = null;
    if ('frozen' in this.base) this.base.frozen = false;
    for (const v of this.params.values()) v.dispose();
  }
}

/** Adapter parameters for a base of this size (what the memory estimate counts). */
export function countLoraParams(base: LoraBase, s: Pick<LoraSettings, 'r' | 'targetModules'>): number {
  let n = 0;
  for (const m of linearModules(base)) {
    if (!matchesTarget(m.path, s.targetModules)) continue;
    const [d0, d1] = base.params.get(`${m.prefix}.weight`)!.shape as [number, number];
    n += s.r * (d0 + d1);
  }
  return n;
}
