/** isolated-vm's smallest `memoryLimit`. */
const MIN_ISOLATE_MB = 8

/**
 * What each worker isolate may hold: the workers SHARE the challenge's memory limit, an equal part each
 * (at least isolated-vm's minimum). A V8 limit per isolate, not a sampled sum: V8 collects garbage
 * before it gives up, so buffers a task dropped never count, and the stop is exact. With the main
 * isolate's own `memoryMb`, a run holds at most twice its limit, however many workers it has (the
 * issue's 16 workers x 64 MB each was ~3 GB).
 */
export function workerMemoryMb(memoryMb: number, workers: number): number {
  return Math.max(MIN_ISOLATE_MB, Math.floor(memoryMb / Math.max(1, workers)))
}
