import { describe, expect, it } from 'vitest'
import { PartitionCache } from './PartitionCache.ts'

describe('PartitionCache', () => {
  it('a node is complete once every partition is stored; unpersist frees it', () => {
    const cache = new PartitionCache(100)
    expect(cache.store(7, 2, 0, 'a\nb', cache.generation)).toBe(true)
    expect(cache.complete(7, 2)).toBe(false)
    expect(cache.store(7, 2, 1, 'c', cache.generation)).toBe(true)
    expect(cache.complete(7, 2)).toBe(true)
    expect(cache.complete(7, 3)).toBe(false)
    expect([cache.get(7, 0), cache.get(7, 1), cache.bytes]).toEqual(['a\nb', 'c', 4])
    cache.drop(7)
    expect([cache.complete(7, 2), cache.bytes]).toEqual([false, 0])
  })

  it('a partition past the budget is not stored (a later action recomputes it), and is counted', () => {
    const cache = new PartitionCache(10)
    expect(cache.store(1, 2, 0, 'x'.repeat(8), cache.generation)).toBe(true)
    expect(cache.store(1, 2, 1, 'y'.repeat(8), cache.generation)).toBe(false)
    expect([cache.complete(1, 2), cache.rejected, cache.bytes]).toEqual([false, 1, 8])
    // Storing a partition again replaces it: its old bytes are freed first.
    expect(cache.store(1, 2, 0, 'z'.repeat(10), cache.generation)).toBe(true)
    expect(cache.bytes).toBe(10)
  })

  it('a job of an earlier call (its generation, before clear) stores nothing into the new call', () => {
    const cache = new PartitionCache(100)
    const earlier = cache.generation
    cache.clear()
    expect(cache.store(3, 1, 0, 'stale', earlier)).toBe(false)
    expect(cache.complete(3, 1)).toBe(false)
    expect(cache.store(3, 1, 0, 'fresh', cache.generation)).toBe(true)
    expect(cache.get(3, 0)).toBe('fresh')
  })
})
