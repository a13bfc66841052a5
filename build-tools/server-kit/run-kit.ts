/**
 * Unpacks a server kit .zip and starts its `node server.mjs` on 127.0.0.1 with a free port, as a
 * user would: for the kit's tests, its journey and `npm run bench -- serve`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';

/** Writes the kit's files under a new temp folder; returns the kit's own folder (the zip's top folder). */
export function unpackKit(zip: Uint8Array): string {
  const root = mkdtempSync(join(tmpdir(), 'ml-studio-kit-'));
  const files = unzipSync(zip);
  const tops = new Set(Object.keys(files).map((n) => n.split('/')[0]!));
  for (const [name, bytes] of Object.entries(files)) {
    if (name.endsWith('/')) continue;
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  return tops.size === 1 ? join(root, [...tops][0]!) : root;
}

export interface RunningKit {
  url: string;
  /** What the server printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `node server.mjs` in the folder and resolves once it listens (PORT=0: the OS picks a free port). */
export function startKit(folder: string, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<RunningKit> {
  const child = spawn(process.execPath, ['server.mjs'], { cwd: folder, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the kit server did not start in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          output: () => out,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the kit server exited (${code}) before listening:\n${out}`));
    });
  });
}
