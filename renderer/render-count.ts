// Counts React commits (Profiler onRender; only called in profiling builds) for the render benchmark.

/** Commits seen so far, by Profiler id; exposed as `__loslatenRenders`. */
export const renderCounts = { total: 0, byPhase: { mount: 0, update: 0, 'nested-update': 0 } as Record<string, number> };
(globalThis as { __loslatenRenders?: unknown }).__loslatenRenders = renderCounts;

export function countRender(_id: string, phase: string): void {
  renderCounts.total++;
  renderCounts.byPhase[phase] = (renderCounts.byPhase[phase] ?? 0) + 1;
}
