import type ivm from 'isolated-vm'

/**
 * The memory a run is metered and limited by: the V8 heap in use plus the ArrayBuffers (typed arrays'
 * bytes) it holds. It is the sum isolated-vm's `memoryLimit` enforces (its allocator and heap callbacks
 * compare `used_heap_size + ArrayBuffer bytes` with the limit), so a run that completes under a cap of
 * N MB reports a peak of at most about N MB, and the statement, the limit and the report count the same
 * things. The committed heap (`total_heap_size`, the sum reported before) includes free pages V8 keeps
 * and is not what the limit counts: it read 9.26 MB for a program that an 8 MB limit accepts.
 */
export function meteredBytes(heap: ivm.HeapStatistics): number {
  return heap.used_heap_size + heap.externally_allocated_size
}
