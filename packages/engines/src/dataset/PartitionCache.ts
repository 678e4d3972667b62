// Partitions of cached datasets, kept on the host between actions (Spark's MEMORY_ONLY storage
// level): a node's records as JSON lines, one text per partition. A partition that does not fit the
// budget is not stored (Spark drops it too), so a later action computes it again and counts a miss.
// Platform-neutral.

interface CachedNode {
  partitions: (string | undefined)[]
  bytes: number
}

export class PartitionCache {
  private readonly nodes = new Map<number, CachedNode>()
  private used = 0
  /** Partitions refused because the budget was full. */
  rejected = 0
  /**
   * Bumped by clear() (before each call of the entry): a job still running from an earlier call (an
   * action the learner did not await) stores nothing into the new call's cache.
   */
  generation = 0

  constructor(
    /** Most bytes (UTF-16 units of the stored text, ~bytes for ASCII) all cached partitions may hold. */
    readonly budget: number,
  ) {}

  get bytes(): number {
    return this.used
  }

  /** Whether every one of `partitions` partitions of node `id` is stored. */
  complete(id: number, partitions: number): boolean {
    const node = this.nodes.get(id)
    if (!node || node.partitions.length !== partitions) return false
    for (const part of node.partitions) if (part === undefined) return false
    return true
  }

  get(id: number, partition: number): string | undefined {
    return this.nodes.get(id)?.partitions[partition]
  }

  /** Stores a computed partition if it fits and its job belongs to this generation; answers whether it did. */
  store(id: number, partitions: number, partition: number, text: string, generation: number): boolean {
    if (generation !== this.generation) return false
    let node = this.nodes.get(id)
    if (!node || node.partitions.length !== partitions) {
      if (node) this.drop(id)
      node = { partitions: new Array(partitions).fill(undefined), bytes: 0 }
      this.nodes.set(id, node)
    }
    const old = node.partitions[partition]
    const freed = old === undefined ? 0 : old.length
    if (this.used - freed + text.length > this.budget) {
      this.rejected++
      return false
    }
    node.partitions[partition] = text
    node.bytes += text.length - freed
    this.used += text.length - freed
    return true
  }

  /** unpersist(): frees the node's partitions. */
  drop(id: number): void {
    const node = this.nodes.get(id)
    if (!node) return
    this.used -= node.bytes
    this.nodes.delete(id)
  }

  clear(): void {
    this.nodes.clear()
    this.used = 0
    this.generation++
  }
}
