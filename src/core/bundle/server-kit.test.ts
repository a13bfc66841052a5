import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { writeServerKit } from './server-kit';

/** The argument of `-d '…'` as a POSIX shell reads it ('\'' is an escaped quote inside single quotes). */
function shellArg(line: string): string {
  const m = /-d ('(?:[^']|'\\'')*')/.exec(line);
  if (!m) throw new Error(`no -d argument in ${line}`);
  return m[1]!.slice(1, -1).replace(/'\\''/g, "'");
}

const kit = (example: Record<string, string>, kind: 'tabular' | 'text' | 'lm' = 'tabular') => {
  const files = unzipSync(writeServerKit({ name: 'm-server', bundle: new Uint8Array([1, 2]), server: new Uint8Array([3]), wasm: { 'a.wasm': new Uint8Array([4]) }, kind, task: 'classification', example }));
  return { names: Object.keys(files).sort(), readme: strFromU8(files['m-server/README.md']!), docker: strFromU8(files['m-server/Dockerfile']!) };
};

describe('server kit zip', () => {
  it('holds the bundle, server, wasm, Dockerfile and README in one folder; the curl example is the example row as JSON', () => {
    const k = kit({ age: '41', city: 'Oslo', income: '' });
    expect(k.names).toEqual(['m-server/Dockerfile', 'm-server/README.md', 'm-server/a.wasm', 'm-server/bundle.zip', 'm-server/server.mjs']);
    expect(k.docker).toMatch(/^FROM node:20-slim$/m);
    expect(k.docker).toMatch(/^CMD \["node", "server.mjs"\]$/m);
    const curl = k.readme.split('\n').find((l) => l.trimStart().startsWith('-d '))!;
    expect(JSON.parse(shellArg(curl))).toEqual({ rows: [{ age: 41, city: 'Oslo', income: null }] });
  });

  it('column names and values with quotes and shell syntax stay inside the quoted argument', () => {
    const hostile = { "it's'; rm -rf ~ #": "$(touch /tmp/x) `id` 'q'", '<img src=x onerror=alert(1)>': '1e3' };
    const k = kit(hostile);
    const curl = k.readme.split('\n').find((l) => l.trimStart().startsWith('-d '))!;
    expect(JSON.parse(shellArg(curl))).toEqual({ rows: [{ "it's'; rm -rf ~ #": "$(touch /tmp/x) `id` 'q'", '<img src=x onerror=alert(1)>': 1000 }] });
    // Everything after the closing quote is the end of the line: nothing escapes into the shell.
    expect(curl.trimEnd().endsWith("'")).toBe(true);
  });

  it('a language-model kit shows a /generate example', () => {
    expect(kit({}, 'lm').readme).toMatch(/curl -N -X POST http:\/\/localhost:8080\/generate/);
  });
});

/** The Dockerfile's instructions, one `[keyword, rest]` per line (no continuation lines in ours). */
const instructions = (dockerfile: string) =>
  dockerfile
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const [keyword, ...rest] = l.trim().split(/\s+/);
      return [keyword!.toUpperCase(), rest] as const;
    });

/** A COPY source pattern (`*` only, as ours uses) as a regular expression over file names. */
const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);

describe('server kit Dockerfile (static check: docker-check.ts builds and runs it where a daemon runs)', () => {
  const files = unzipSync(writeServerKit({ name: 'm-server', bundle: new Uint8Array([1]), server: new Uint8Array([2]), wasm: { 'tfjs-backend-wasm.wasm': new Uint8Array([3]), 'tfjs-backend-wasm-simd.wasm': new Uint8Array([4]) }, kind: 'tabular', task: 'classification', stamp: undefined }));
  const inKit = Object.keys(files).map((n) => n.slice('m-server/'.length));
  const steps = instructions(strFromU8(files['m-server/Dockerfile']!));
  const all = (k: string) => steps.filter(([keyword]) => keyword === k).map(([, rest]) => rest);

  it('every COPY source matches a file of the kit, and every file the server needs is copied', () => {
    const copies = all('COPY');
    expect(copies.length).toBeGreaterThan(0);
    const copied = new Set<string>();
    for (const args of copies) {
      const sources = args.slice(0, -1);
      expect(args.at(-1)).toBe('./');
      for (const s of sources) {
        const hits = inKit.filter((f) => glob(s).test(f));
        expect(hits, `COPY ${s}`).not.toHaveLength(0);
        hits.forEach((h) => copied.add(h));
      }
    }
    // server.mjs loads bundle.zip and the .wasm files next to itself.
    for (const needed of ['server.mjs', 'bundle.zip', 'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) expect(copied.has(needed), needed).toBe(true);
  });

  it('runs node on the copied server.mjs as the unprivileged node user, listening on the exposed port on all interfaces', () => {
    expect(all('FROM')).toEqual([['node:20-slim']]);
    expect(all('WORKDIR')).toEqual([['/app']]);
    const env = Object.fromEntries(all('ENV').flat().map((kv) => kv.split('=') as [string, string]));
    expect(env.HOST).toBe('0.0.0.0');
    expect(all('EXPOSE')).toEqual([[env.PORT]]);
    const user = all('USER');
    expect(user).toHaveLength(1);
    expect(['root', '0']).not.toContain(user[0]![0]);
    // USER comes after the COPY lines (files stay root-owned and read-only to the server) and before CMD.
    const order = steps.map(([k]) => k);
    expect(order.lastIndexOf('COPY')).toBeLessThan(order.indexOf('USER'));
    expect(order.indexOf('USER')).toBeLessThan(order.indexOf('CMD'));
    expect(all('CMD')).toEqual([['["node",', '"server.mjs"]']]);
  });
});
