/**
 * Builds and runs a server kit's Dockerfile, as its README tells a user to, and checks the running
 * container: `npx tsx build-tools/server-kit/docker-check.ts` (Docker must answer `docker info`;
 * DOCKER_HOST is honoured). A tabular kit made by the studio's own export action is unpacked,
 * `docker build` runs in its folder, the image is started, and GET /health, GET /model and
 * POST /predict are compared with the studio's predictions for the same rows; a bad row must get a
 * 422 naming the field. Not part of `npm test`: most machines (and CI) have no Docker daemon.
 *
 * DOCKER_NETWORK=host runs the container on the host network with PORT set (for a daemon started
 * with --bridge=none, which cannot publish ports); otherwise it publishes `-p 127.0.0.1:<port>:8080`
 * as the README says.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { trainedTable } from '../../src/deploy/test-studio';
import { unpackKit } from './run-kit';

const root = join(import.meta.dirname, '..', '..');
const fetchKit = async (url: string) => new Blob([readFileSync(join(root, 'public', url))]);
const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function fail(message: string): never {
  console.error(`docker-check: FAILED: ${message}`);
  process.exit(1);
}

try {
  docker('info', '--format', '{{.ServerVersion}}');
} catch {
  console.log('docker-check: skipped: no Docker daemon answers `docker info` here');
  process.exit(0);
}

execFileSync(process.execPath, [join(root, 'scripts', 'build-server-kit.mjs')], { cwd: root, stdio: 'inherit' });
const t = await trainedTable('mlp', 'classification', 5, fetchKit);
const made = await t.studio.actions.exportServerKit(t.run.id);
if (!made.ok) fail(made.error.message);
const folder = unpackKit(made.value.bytes);
const tag = 'ml-studio-kit-check';
const t0 = performance.now();
console.log(docker('build', '-t', tag, folder).split('\n').slice(-3).join('\n'));
console.log(`docker-check: image built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const user = docker('image', 'inspect', tag, '--format', '{{.Config.User}}');
if (user !== 'node') fail(`the image runs as "${user}", not the unprivileged user node`);

const port = await freePort();
const host = process.env.DOCKER_NETWORK === 'host';
const id = docker('run', '-d', '--rm', ...(host ? ['--network', 'host', '-e', `PORT=${port}`, '-e', 'HOST=127.0.0.1'] : ['-p', `127.0.0.1:${port}:8080`]), tag);
const url = `http://127.0.0.1:${port}`;
try {
  let health: unknown;
  for (let i = 0; i < 120 && health === undefined; i++) {
    try {
      health = await (await fetch(`${url}/health`)).json();
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  if (health === undefined) fail(`the container did not answer /health in 60 s:\n${docker('logs', id)}`);
  console.log(`docker-check: GET /health → ${JSON.stringify(health)}`);
  const model = (await (await fetch(`${url}/model`)).json()) as { stamp: { dataSha256: string } | null };
  if (model.stamp?.dataSha256 !== t.run.stamp?.dataSha256) fail('GET /model has not the run\'s stamp');
  const rows = [
    { x: 1.25, y: -0.5, colour: 'red' },
    { x: -1.9, y: 0.3, colour: 'blue' },
  ];
  const studio = await t.predict(rows.map((r) => ({ x: String(r.x), y: String(r.y), colour: r.colour })));
  if (!studio.ok) fail(studio.error.message);
  const res = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows }) });
  const got = (await res.json()) as { predictions: { label: string; probabilities: Record<string, number> }[] };
  let maxDiff = 0;
  got.predictions.forEach((p, i) => studio.value[i]!.classes!.forEach((c) => (maxDiff = Math.max(maxDiff, Math.abs(p.probabilities[c.label]! - c.probability)))));
  console.log(`docker-check: POST /predict → ${JSON.stringify(got.predictions.map((p) => p.label))}; largest probability difference from the studio ${maxDiff.toExponential(2)}`);
  if (got.predictions.length !== rows.length || maxDiff > 1e-5) fail('the container\'s predictions differ from the studio\'s');
  const bad = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: [{ x: 'ten', y: 1, colour: 'red' }] }) });
  const field = ((await bad.json()) as { error?: { field?: string } }).error?.field;
  if (bad.status !== 422 || field !== 'rows[0].x') fail(`a bad row got ${bad.status} ${field}`);
  console.log(`docker-check: a bad row → ${bad.status} naming ${field}`);
  console.log('docker-check: ok');
} finally {
  docker('stop', id);
}
process.exit(0);
