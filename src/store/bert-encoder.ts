/**
 * The BERT checkpoint dropped on the text Model step (issue 11). Its weights are megabytes of
 * floats that the project doc (autosaved as JSON) should not hold: the folder's files go to the
 * `pretrained` IndexedDB store (store/pretrained-stored.ts) and are read back after a reload
 * (restoreBertFolder). The tokenizer.json also goes into the feature spec (the texts are encoded with it).
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { FeatureSpec } from '../core/features/spec';
import type { TextSettings } from '../core/features/text';
// Types only: the reader (tokenizers, safetensors) loads when a folder is dropped, not with the
// store, which is part of the first paint (`npm run bench -- load`, target ≤ 250 KB).
import type { LoadedBert } from '../core/lm/bert-read';
import { BERT_ENCODER_ID } from '../core/models/info/bert-encoder';
import type { PretrainedEncoder } from '../core/models/types';
import type { Problem } from '../core/util/result';
import { STORAGE_FULL_HINT, storageFailureMessage } from './persist';
import { forgetStoredBert, readStoredBert, storeBert } from '../worker/pretrained-client';

export interface BertEncoderState {
  loaded?: LoadedBert;
  /** What the train request carries (encoderOf(loaded)), made once when the folder is read. */
  encoder?: PretrainedEncoder;
  files?: string[];
  problem?: Problem;
  reading: boolean;
}

export const bertEncoderStore = createStore<BertEncoderState>(() => ({ reading: false }));
export const useBertEncoder = <T,>(select: (s: BertEncoderState) => T): T => useStore(bertEncoderStore, select);

/** The train request's extra for a family: the loaded checkpoint when the family is the BERT encoder. */
export function pretrainedFor(family: string): { pretrained?: PretrainedEncoder } {
  const { encoder } = bertEncoderStore.getState();
  return family === BERT_ENCODER_ID && encoder ? { pretrained: encoder } : {};
}

/** Token sequences cut to fit [CLS] + text + [SEP] in the encoder's positions, tokenized by its own tokenizer.json. */
export function bertTextSettings(text: TextSettings, b: LoadedBert): TextSettings {
  const lower = JSON.stringify(b.tokenizerJson).includes('"lowercase":true');
  return {
    ...text,
    representation: 'tokens',
    maxLength: Math.min(text.maxLength, b.config.maxPositions - 2),
    tokenizer: { kind: 'wordpiece', vocabSize: b.tokenizer.vocab.size, lowercase: lower },
    pretrained: { fileName: 'tokenizer.json (pretrained encoder)', json: b.tokenizerJson },
  };
}

/** Reads a dropped folder; on success re-encodes the texts with its tokenizer and chooses the family. */
export async function applyBertFolder(files: { name: string; blob: Blob }[], spec: FeatureSpec, apply: { encode(spec: FeatureSpec): Promise<void>; chooseModel(id: string): void }): Promise<void> {
  bertEncoderStore.setState({ reading: true, problem: undefined });
  const bytes = new Map(await Promise.all(files.map(async (f) => [f.name, new Uint8Array(await f.blob.arrayBuffer())] as const)));
  const loaded = await readFolder(bytes);
  if (!loaded) return;
  // Kept for the next visit; a full storage is told, and the encoder still works in this tab.
  let problem: Problem | undefined;
  try {
    await storeBert(bytes);
  } catch (e) {
    problem = { message: storageFailureMessage('The pretrained encoder', e), hint: STORAGE_FULL_HINT };
  }
  bertEncoderStore.setState(problem ? { problem } : {});
  if (spec.text) await apply.encode({ ...spec, text: bertTextSettings(spec.text, loaded) });
  apply.chooseModel(BERT_ENCODER_ID);
}

/** Reads the folder's bytes into the store (or its problem); the reader loads only now (first paint). */
async function readFolder(bytes: Map<string, Uint8Array>): Promise<LoadedBert | undefined> {
  const { ModelImportError } = await import('../core/lm/llama-config');
  try {
    const { encoderOf, readBertFolder } = await import('../core/lm/bert-read');
    const loaded = readBertFolder(bytes);
    bertEncoderStore.setState({ reading: false, loaded, encoder: encoderOf(loaded), files: [...bytes.keys()] });
    return loaded;
  } catch (e) {
    const problem = e instanceof ModelImportError ? { message: e.message, hint: e.hint } : { message: 'The folder could not be read.', hint: e instanceof Error ? e.message : String(e) };
    bertEncoderStore.setState({ reading: false, problem });
    return undefined;
  }
}

let restoring: Promise<void> | undefined;
/**
 * After a reload: the folder stored at the last drop, back in memory (once per page). The texts were
 * already encoded with its tokenizer and the family chosen, both in the project: nothing else changes.
 */
export function restoreBertFolder(): Promise<void> {
  restoring ??= (async () => {
    if (bertEncoderStore.getState().loaded) return;
    const bytes = await readStoredBert();
    if (!bytes || bertEncoderStore.getState().loaded) return;
    bertEncoderStore.setState({ reading: true });
    await readFolder(bytes);
  })();
  return restoring;
}

export const forgetBertFolder = () => {
  bertEncoderStore.setState({ loaded: undefined, encoder: undefined, files: undefined, problem: undefined });
  void forgetStoredBert();
};
