// Types of scripts/spam-assassin.mjs for TypeScript callers (bench/text-quality.ts).
export declare const csvCell: (v: unknown) => string;
export declare function spamAssassinRows(dir: string, groups: readonly (readonly [group: string, label: string])[]): [subject: string, body: string, label: string][];
