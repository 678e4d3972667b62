// fromArray's partitions and broadcast values of one run, registered once when the learner makes them
// (the guest's synchronous `register`, which also takes a broadcast's destroy()), with the run's limits
// on each: the same ids and messages on the server (DatasetEngine) and in a page's local run.

export class DatasetRegistry {
  private readonly arrays = new Map<number, string[]>()
  private readonly broadcasts = new Map<number, string>()
  private readonly destroyed = new Set<number>()
  private readonly bytes = { arrays: 0, broadcasts: 0 }
  private next = 1

  constructor(
    /** Most bytes fromArray may register over the run: "small driver data", a quarter of the memory limit. */
    readonly arrayLimit: number,
    /** Most bytes the run's broadcasts may hold: a quarter of what each worker has, since each holds them all. */
    readonly broadcastLimit: number,
    private readonly workerMemoryMb: number,
  ) {}

  /** An id, or the message the learner's call throws. */
  register(kind: unknown, payload: unknown): number | string {
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`
    if (kind === 'array' && Array.isArray(payload) && payload.every((part) => typeof part === 'string')) {
      const bytes = payload.reduce((sum: number, part: string) => sum + part.length, 0)
      if (this.bytes.arrays + bytes > this.arrayLimit) {
        return `dataset.fromArray: ${mb(bytes)} of records would bring the run's fromArray data past ${mb(this.arrayLimit)} (a quarter of the memory limit); fromArray is for small driver data: read large inputs with dataset.read`
      }
      this.bytes.arrays += bytes
      const id = this.next++
      this.arrays.set(id, payload as string[])
      return id
    }
    if (kind === 'broadcast' && typeof payload === 'string') {
      if (this.bytes.broadcasts + payload.length > this.broadcastLimit) {
        return `dataset.broadcast: ${mb(payload.length)} would bring the run's broadcasts past ${mb(this.broadcastLimit)}, a quarter of each worker's ${this.workerMemoryMb} MB (every worker holds every broadcast); broadcast a smaller table, or join instead`
      }
      this.bytes.broadcasts += payload.length
      const id = this.next++
      this.broadcasts.set(id, payload)
      return id
    }
    if (kind === 'destroy' && typeof payload === 'number') {
      this.destroy(payload)
      return payload
    }
    return 'dataset: internal error: bad registration'
  }

  array(id: number): string[] | undefined {
    return this.arrays.get(id)
  }

  broadcast(id: number): string | undefined {
    return this.broadcasts.get(id)
  }

  /**
   * A broadcast's destroy(): its bytes no longer count against the run's broadcasts (an iterative job
   * broadcasts new values each round), and workers drop their copies before their next task. A second
   * destroy() of the same broadcast does nothing.
   */
  destroy(id: number): void {
    const text = this.broadcasts.get(id)
    if (text === undefined) return
    this.bytes.broadcasts -= text.length
    this.broadcasts.delete(id)
    this.destroyed.add(id)
  }

  /** Whether `id` was a broadcast that destroy() freed (a plan that still uses it is refused). */
  wasDestroyed(id: number): boolean {
    return this.destroyed.has(id)
  }
}
