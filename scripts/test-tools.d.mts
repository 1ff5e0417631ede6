// Types of scripts/test-tools.mjs (the first step of npm test: system tools the suite needs).
export interface Tool { readonly pkg: string; readonly why: string; readonly cmd?: string; readonly file?: string; readonly python?: string }
export const TOOLS: readonly Tool[];
export function onPath(name: string, env?: NodeJS.ProcessEnv): boolean;
export function missingPackages(probe?: { hasCmd?: (c: string) => boolean; hasFile?: (f: string) => boolean; hasPython?: (m: string) => boolean }): string[];
export type Plan = { action: 'none' } | { action: 'install'; packages: string[] } | { action: 'stop'; line: string };
export function plan(s: { missing: string[]; platform: string; uid: number | null; hasAptGet: boolean }): Plan;
