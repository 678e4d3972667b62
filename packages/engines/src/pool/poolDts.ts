/** What learner code sees of `arena:pool`: the body of `declare module 'arena:pool' { ... }`. */
export const POOL_DTS = `  /** Any typed array: what \`pool.mapArray\` cuts into chunks. */
  export type TypedArray =
    | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
    | Float32Array | Float64Array | BigInt64Array | BigUint64Array
  /** The second argument of a worker function. */
  export interface TaskInfo {
    /** The task's position in \`tasks\` (map) or the chunk's number (mapArray). */
    readonly index: number
    /** Which worker runs it, 0 to \`pool.size - 1\`. */
    readonly worker: number
    /** mapArray: the chunk's first element's position in the whole array; map: 0. */
    readonly offset: number
  }
  /**
   * A worker function: an exported function of your module, named by a string. Every worker isolate
   * loads your whole module, so a worker sees your module's top-level constants but not what
   * \`solve\` computed: pass what a task needs in the task itself.
   * Example: \`export function countChunk(chunk: Float64Array, info: TaskInfo): Uint32Array { ... }\`
   */
  export type WorkerFunction<T, R> = (task: T, info: TaskInfo) => R | Promise<R>
  export interface MapOptions {
    /** Run on only this many workers (1 to \`pool.size\`), e.g. to time one worker against all. */
    workers?: number
  }
  /**
   * Worker isolates running in parallel, one thread each. Each task crosses isolates: its typed arrays
   * are copied once out of your isolate and then moved (not copied) into a worker; results are
   * copied once out of the worker and moved into your isolate. Every task costs a fixed overhead
   * (tens of microseconds): give workers chunks big enough to be worth it, and enough of them to
   * keep every worker busy until the end.
   *
   * Memory: the workers share the challenge's memory limit. Each worker has an equal share,
   * \`memoryMb / pool.size\` (at least 8 MB), for your module's top-level data, what a task holds and
   * what it keeps between tasks; your main function has the whole limit. A worker past its share ends
   * the run in MemoryLimit naming the task and the worker. CPU: tasks' CPU time counts against the
   * run's CPU limit with your main function's. WebAssembly is not available (in workers either).
   * A task's result is read when it returns, inside the worker: getters run then, on the task's
   * clock, and the main function receives plain data.
   */
  export interface Pool {
    /** How many workers this run has: the challenge's \`workers\` limit, at most the machine's cores. */
    readonly size: number
    /**
     * Runs the exported function \`worker\` on every task, spread over the workers (an idle worker takes
     * the next task), and resolves to the results in the tasks' order. Tasks and results may hold
     * numbers, strings, booleans, null, bigints, plain objects, arrays, Maps, Sets and typed arrays;
     * functions and symbols cannot cross (the error names the task). If a task throws, the run fails
     * with that error and its line. Call it from your main function, not from a worker.
     */
    map<T, R = unknown>(worker: string, tasks: readonly T[], options?: MapOptions): Promise<R[]>
    /**
     * Cuts \`array\` into chunks of \`chunkLength\` elements (the last may be shorter) and runs \`worker\`
     * on each chunk, a typed array of the same kind; \`info.offset\` is where the chunk starts.
     * Resolves to the results in chunk order.
     */
    mapArray<A extends TypedArray, R = unknown>(
      worker: string,
      array: A,
      chunkLength: number,
      options?: MapOptions,
    ): Promise<R[]>
  }
  /** Inside a worker, \`pool.size\` works, but \`map\` and \`mapArray\` throw: workers do not start tasks. */
  export const pool: Pool
`
