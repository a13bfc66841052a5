/** The studio's version (package.json `version`), fixed by Vite's `define` at build time; `dev` in unit tests. */
declare const __STUDIO_VERSION__: string | undefined;

export const STUDIO_VERSION: string = typeof __STUDIO_VERSION__ === 'string' ? __STUDIO_VERSION__ : 'dev';
