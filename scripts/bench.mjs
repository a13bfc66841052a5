#!/usr/bin/env node
/**
 * `npm run bench` runs every benchmark group; `npm run bench -- csv text` only those.
 * A group is a file bench/<group>.ts, run in its own process (fresh heap, so memory figures of one
 * group do not leak into the next) as `node --import tsx --expose-gc bench/<group>.ts`.
 * Helpers live beside them and are skipped: names starting with "_" or "generate-", and *.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');

const groups = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
  .filter((f) => !f.startsWith('_') && !f.startsWith('generate-'))
  .map((f) => f.slice(0, -3))
  .sort();

const wanted = process.argv.slice(2);
const unknown = wanted.filter((g) => !groups.includes(g));
if (unknown.length > 0) {
  console.error(`Unknown bench group${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Groups: ${groups.join(', ')}.`);
  process.exit(2);
}

let failed = 0;
for (const group of wanted.length > 0 ? wanted : groups) {
  console.log(`# bench group: ${group}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join('bench', `${group}.ts`)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    failed++;
    console.error(`# bench group ${group} failed (exit ${run.status ?? run.signal})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
