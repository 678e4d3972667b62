/** What learner code sees of `arena:mapreduce`: the body of `declare module 'arena:mapreduce' { ... }`. */
export const MAPREDUCE_DTS = `  /** A key or value: JSON values (finite numbers, strings, booleans, null, arrays, plain objects) or number typed arrays (of finite numbers: NaN is refused there too). */
  export type Datum =
    | string | number | boolean | null | readonly Datum[] | { readonly [key: string]: Datum }
    | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
    | Float32Array | Float64Array
  /** Hands one key/value pair on; a key or value that is not a \`Datum\` throws here, at your line. */
  export type Emit<K = Datum, V = Datum> = (key: K, value: V) => void
  /** \`export function map(record, emit)\`: called once per input record, in a worker. */
  export type Mapper<T = unknown, K = Datum, V = Datum> = (record: T, emit: Emit<K, V>) => void
  /**
   * \`export function reduce(key, values, emit)\`: called once per key with all its values, in key order
   * (keys sort by their JSON text). A combiner has the same shape and runs on each map task's output.
   */
  export type Reducer<K = Datum, V = Datum, K2 = Datum, V2 = Datum> = (
    key: K,
    values: V[],
    emit: Emit<K2, V2>,
  ) => void
  /** \`export function partition(key, reducers)\`: which reducer, 0 to reducers - 1, gets the key. */
  export type Partitioner<K = Datum> = (key: K, reducers: number) => number
  /**
   * An input file that only the engine reads (your code only names it): cut into splits of whole lines,
   * like HDFS blocks, one map task per split; a line belongs to the split it starts in.
   */
  export interface FileInput {
    /** The file's name, e.g. the one your input names. */
    file: string
    /** \`'lines'\` (default): each record is a line, a string without its newline; \`'json'\`: each line parsed as JSON. */
    records?: 'lines' | 'json'
    /** Bytes per split, 4096 to \`mapreduce.blockBytes\` (the default). */
    splitBytes?: number
  }
  /**
   * Where a job's reducers write their output instead of handing it back (Hadoop's part files): a file
   * of the scratch folder, one JSON \`[key, value]\` line per pair, reducer 0's pairs first, each
   * reducer's in key order (typed arrays written as plain arrays). It counts against the disk quota;
   * a later job reads it with \`input: { file, records: 'json' }\`, and the challenge's check reads it.
   */
  export interface FileOutput {
    /** A plain name (letters, digits, '.', '_', '-'); writing it again replaces the earlier file. */
    file: string
  }
  /** One job. Functions are named by their export names. */
  export interface Job<T = unknown> {
    /**
     * One map task per split, each an array of records, or a file only the engine reads (one map task
     * per block). Left out in a chain's later jobs. Where the challenge's data are files, a job reads a
     * file or the job before it, never records from \`solve\` (as a Hadoop driver hands its jobs paths).
     */
    input?: readonly (readonly T[])[] | FileInput
    /** How many reduce tasks (output partitions), 1 to 1024. */
    reducers: number
    /** Default \`'map'\`. */
    map?: string
    /** Default \`'reduce'\`. */
    reduce?: string
    /** A combiner run on each map task's output before the shuffle; default none. */
    combine?: string
    /** A partitioner; default a stable hash of the key's JSON. */
    partition?: string
    /**
     * Write the reducers' output to this file instead of returning it (then \`output\` is empty
     * partitions and \`file\` says what was written). In a chain, the next job reads the file.
     */
    output?: FileOutput
  }
  /** What a job counted, like Hadoop's job counters. */
  export interface JobCounters {
    mapTasks: number
    mapInputRecords: number
    mapOutputRecords: number
    combineInputRecords: number
    combineOutputRecords: number
    /** Bytes of the encoded pairs the map tasks handed to the shuffle. */
    shuffleBytes: number
    /** Sorted runs the shuffle wrote to scratch files because they did not fit in memory. */
    spilledRuns: number
    spilledBytes: number
    reduceTasks: number
    reduceInputRecords: number
    reduceInputGroups: number
    reduceOutputRecords: number
    maxReducerRecords: number
    meanReducerRecords: number
    /** maxReducerRecords / meanReducerRecords: 1 is perfectly even. */
    reducerSkew: number
    mapPhaseNs: number
    shufflePhaseNs: number
    reducePhaseNs: number
    /** CPU time of the slowest reducer's reduce calls: a job ends when its slowest reducer does. */
    slowestReduceNs: number
    meanReduceNs: number
  }
  export interface JobResult<K = Datum, V = Datum> {
    /** One partition per reducer, each the pairs its reduce emitted, in key order (empty when the job wrote a file). */
    output: [K, V][][]
    /** The file the job wrote, when it had \`output: { file }\`: its name, size in bytes and lines (pairs). */
    file?: { file: string; bytes: number; records: number }
    counters: JobCounters
    /** Records each reducer received. */
    reducerRecords: number[]
    /** CPU time of each reducer's reduce calls, in ns. */
    reducerNs: number[]
    /** Every job's counters (one for \`run\`). */
    jobs: JobCounters[]
  }
  /**
   * Runs jobs like Hadoop: map tasks in parallel on the worker isolates, an optional combiner per map
   * task, a partitioner to the reducers, a sort-based shuffle (spilled to scratch files past the
   * memory limit), then reduce tasks in parallel. A fault in any task is the run's outcome.
   */
  export interface MapReduce {
    /** Worker isolates (the run's \`workers\` limit, at most the machine's cores). */
    readonly size: number
    /** The default split of a file input, in bytes (a 64th of the memory limit, 64 KiB to 1 MiB). */
    readonly blockBytes: number
    run<K = Datum, V = Datum>(job: Job): Promise<JobResult<K, V>>
    /** Runs the jobs in order: each later job's splits are the previous job's output partitions of [key, value] records. */
    chain<K = Datum, V = Datum>(jobs: readonly Job[]): Promise<JobResult<K, V>>
  }
  export const mapreduce: MapReduce
`
