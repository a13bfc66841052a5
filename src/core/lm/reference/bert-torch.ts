/** Test helper: runs reference/bert_reference.py (plain PyTorch) on a folder written to a temporary directory. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./bert_reference.py', import.meta.url));

export const hasTorch = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export function torchBert(files: ReadonlyMap<string, Uint8Array>, seqs: number[][], masks: number[][]): { hidden: number[]; pooled: number[]; logits?: number[] } {
  const dir = mkdtempSync(join(tmpdir(), 'bert-'));
  try {
    for (const [n, b] of files) writeFileSync(join(dir, n), b);
    return JSON.parse(execFileSync('/usr/bin/python3', [script, dir], { input: JSON.stringify({ seqs, masks }), encoding: 'utf8', maxBuffer: 1 << 26 })) as { hidden: number[]; pooled: number[]; logits?: number[] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
