/**
 * Dataset export: the raw, cleaned or encoded rows of the project, per split, as CSV or JSON
 * Lines, or a text dataset as chat-format / prompt-completion JSONL for fine-tuning elsewhere.
 * The data worker builds a .zip (one file per split + stamp.json) in chunks.
 */
import type { ReproStamp, StampInput } from '../bundle/stamp';

export type ExportStage = 'raw' | 'clean' | 'encoded';
export type ExportSplit = 'train' | 'validation' | 'test';
export type ExportFormat = 'csv' | 'jsonl' | 'chat' | 'prompt-completion';

export interface DatasetExportOptions {
  stage: ExportStage;
  /** Which splits (cleaned and encoded only; raw rows come before the split, so raw is the whole file). */
  splits: ExportSplit[];
  format: ExportFormat;
  /** Chat format: an optional system message before each conversation. */
  systemPrompt?: string;
  /** Chat and prompt-completion: the text column(s) (joined by a blank line) and the label column. */
  textColumns?: string[];
  labelColumn?: string;
}

export const CHAT_FORMATS: readonly ExportFormat[] = ['chat', 'prompt-completion'];

/** What the stamp of an export needs besides the data hash the worker computes. */
export type ExportStampBase = Omit<StampInput, 'dataSha256' | 'trainRows'>;

export interface DatasetExportResult {
  /** The .zip: `<split>.<ext>` per split (or `data.<ext>` for raw), `stamp.json`, `README.md`. */
  blob: Blob;
  files: { name: string; rows: number }[];
  stamp: ReproStamp;
}

/** The file extension inside the zip. */
export const exportExtension = (f: ExportFormat): string => (f === 'csv' ? 'csv' : 'jsonl');
