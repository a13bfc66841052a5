/**
 * Safe JSON for bundle entries: strict UTF-8, no prototype-polluting keys, small shape guards.
 * A bundle comes from anywhere (a classmate, a forum), so everything in it is untrusted.
 */
import { err, ok, type Result } from '../util/result';

/**
 * Keys refused anywhere in a bundle's JSON. `JSON.parse` itself makes `__proto__` an own property,
 * but a later spread, `Object.assign` or merge into a plain object would set the prototype.
 * Refusing the keys at the door keeps every later consumer safe.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

class ForbiddenKeyError extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes → string; fails on invalid UTF-8 rather than inventing replacement characters. */
export function decodeText(bytes: Uint8Array, file: string): Result<string> {
  try {
    return ok(utf8.decode(bytes));
  } catch {
    return err({
      message: `“${file}” in the bundle is not valid UTF-8 text`,
      hint: 'The bundle is damaged. Export the model again from the studio that trained it.',
      code: 'bundle-bad-text',
    });
  }
}

/** JSON.parse with a reviver that refuses `__proto__`, `constructor` and `prototype` keys. */
export function parseJsonSafely(text: string, file: string): Result<unknown> {
  try {
    const value: unknown = JSON.parse(text, (key, v: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKeyError(key);
      return v;
    });
    return ok(value);
  } catch (e) {
    if (e instanceof ForbiddenKeyError) {
      return err({
        message: `“${file}” in the bundle contains the key “${e.key}”, which the studio refuses for safety`,
        hint: 'Keys like __proto__ can be used to attack the page. Only import bundles exported by ML Studio.',
        code: 'bundle-forbidden-key',
      });
    }
    return err({
      message: `“${file}” in the bundle is not valid JSON`,
      hint: 'The file was damaged or edited by hand. Export the model again, or undo the edit.',
      code: 'bundle-bad-json',
    });
  }
}

/** Bytes → validated JSON value. */
export function readJson(bytes: Uint8Array, file: string): Result<unknown> {
  const text = decodeText(bytes, file);
  return text.ok ? parseJsonSafely(text.value, file) : text;
}

/** The first forbidden key found anywhere in a JSON-like value, for the writer's strict check. */
export function findForbiddenKey(value: unknown): string | undefined {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      stack.push(...(v as unknown[]));
    } else if (v !== null && typeof v === 'object') {
      for (const key of Object.keys(v)) {
        if (FORBIDDEN_KEYS.has(key)) return key;
        stack.push((v as Record<string, unknown>)[key]);
      }
    }
  }
  return undefined;
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');
