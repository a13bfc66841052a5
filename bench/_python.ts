/** Runs a scikit-learn baseline script of the quality benches. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

/** `python3 script ...args`; Debian's python3-sklearn lives in /usr/bin/python3, which a pyenv python3 on PATH may not see. */
export function runPython(script: string, ...args: string[]): SpawnSyncReturns<string> {
  const py = spawnSync('python3', [script, ...args], { encoding: 'utf8' });
  return py.status === 0 ? py : spawnSync('/usr/bin/python3', [script, ...args], { encoding: 'utf8' });
}
