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
