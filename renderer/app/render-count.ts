// Counts React commits (Profiler onRender; only called in profiling builds) for the render benchmark.

/** Commits seen so far, by Profiler id; exposed as `__loslatenRenders`. */
export const renderCounts = { total: 0, byId: {} as Record<string, number>, byPhase: {} as Record<string, number> };
(globalThis as { __loslatenRenders?: unknown }).__loslatenRenders = renderCounts;

export function countRender(id: string, phase: string): void {
  if (id === 'app') renderCounts.total++;
  renderCounts.byId[id] = (renderCounts.byId[id] ?? 0) + 1;
  renderCounts.byPhase[phase] = (renderCounts.byPhase[phase] ?? 0) + 1;
}
