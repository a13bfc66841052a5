/** Runs a Python reference script of the benches (scikit-learn baselines, the PyTorch GPT). */
import { spawnSync, type SpawnSyncOptions, type SpawnSyncReturns } from 'node:child_process';

/**
 * `python3 script ...args`; Debian's python3-sklearn / python3-torch live in /usr/bin/python3,
 * which a pyenv python3 on PATH may not see. `opts` (env, timeout, …) go to both tries.
 */
export function runPython(script: string, args: string[] = [], opts: SpawnSyncOptions = {}): SpawnSyncReturns<string> {
  const o = { ...opts, encoding: 'utf8' as const };
  const py = spawnSync('python3', [script, ...args], o);
  return py.status === 0 ? py : spawnSync('/usr/bin/python3', [script, ...args], o);
}
