/**
 * What learner code sees of `arena:dataset`: the body of `declare module 'arena:dataset' { ... }`.
 * Every method says what it costs (narrow: same stage; wide: a shuffle; an action: runs a job), so the
 * editor teaches the plan while the learner types.
 */
export const DATASET_DTS = `  /** A record, key or value: JSON values (finite numbers, strings, booleans, null, arrays, plain objects) or number typed arrays (of finite numbers: NaN is refused there too). */
  export type Datum =
    | string
    | number
    | boolean
    | null
    | readonly Datum[]
    | { readonly [key: string]: Datum }
    | Int8Array
    | Uint8Array
    | Uint8ClampedArray
    | Int16Array
    | Uint16Array
    | Int32Array
    | Uint32Array
    | Float32Array
    | Float64Array
  /** A small value shipped once to each worker (counted in \`broadcastBytes\`); read \`.value\` inside a task. */
  export interface Broadcast<T> {
    readonly value: T
    /**
     * Frees it: its bytes leave the run's broadcast budget and every worker drops its copy (an iterative
     * job that broadcasts new values each round destroys the last round's). An action that still needs
     * it afterwards is refused, naming the transformation; call it after the last action that does.
     */
    destroy(): void
  }
  /**
   * Data a function needs from the code around it, passed as the last argument of a transformation and
   * handed to the function as its last parameter: plain data and broadcasts. Functions run in worker
   * isolates and see only their parameters, JavaScript's globals and your module's exports, never a
   * variable of the function that built the dataset (that is refused with its name and your line).
   */
  export type Env =
    | Datum
    | Broadcast<unknown>
    | { readonly [key: string]: Datum | Broadcast<unknown> }
    | undefined
  export interface ReadOptions {
    /** \`'lines'\` (default): each line a string; \`'csv'\`: each line an array of fields (an object with \`header: true\`); \`'json'\`: each line parsed. */
    format?: 'lines' | 'csv' | 'json'
    /** CSV only: the first line names the fields; records are objects. */
    header?: boolean
    /** About this many partitions (blocks); never blocks larger than \`dataset.blockBytes\` or smaller than 4 KiB. */
    partitions?: number
  }
  /** Types of a columnar file's columns. */
  export type ColumnType = 'int32' | 'float64' | 'string'
  /** Types of a binary record's fields: little-endian, packed in the layout's order. */
  export type FieldType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64'
  /**
   * A test on one column: \`['price', '>', 10]\`, or \`['day', 'between', 1, 7]\` (both ends included).
   * Compare numeric columns with numbers and string columns with strings (JavaScript's \`<\`).
   */
  export type Predicate =
    | readonly [column: string, op: '=' | '<' | '<=' | '>' | '>=', value: number | string]
    | readonly [column: string, op: 'between', low: number | string, high: number | string]
  export interface ColumnarReadOptions {
    /** A columnar file (row groups with min/max statistics per column chunk): each row an object of the chosen columns. */
    format: 'columnar'
    /** Column pruning: only these columns' chunks are read (default: all), and rows have only them. */
    columns?: readonly string[]
    /**
     * Predicate pushdown: a row must pass every predicate. Row groups whose min/max rule one out are
     * skipped, never read (\`rowGroupsSkipped\`); rows of the groups read are still tested one by one.
     * A column that \`where\` tests is read even when not chosen.
     */
    where?: readonly Predicate[]
    /** About this many partitions; a row group is never split, so never more than the row groups read. */
    partitions?: number
  }
  export interface BinaryReadOptions {
    /** Fixed-size binary records, no header: every record's bytes as an object of its fields. */
    format: 'binary'
    /** The record's fields in order, e.g. \`[['id', 'int32'], ['value', 'float64']]\`. */
    record: readonly (readonly [name: string, type: FieldType])[]
    /** About this many partitions (blocks of whole records). */
    partitions?: number
  }
  /** What a write resolves to: the file it made in the scratch folder and what it holds. */
  export interface WriteResult {
    readonly file: string
    readonly format: 'lines' | 'json' | 'columnar'
    readonly bytes: number
    readonly records: number
    /** Columnar files: row groups written. */
    readonly rowGroups?: number
  }
  export interface ColumnarWriteOptions {
    format: 'columnar'
    /** The file's columns: each record must have them (an object by name, or an array in this order). */
    schema: readonly (readonly [name: string, type: ColumnType])[]
    /** Rows per row group (default 4096); a group never spans two partitions. Smaller groups: finer skipping, larger footer. */
    rowGroupRows?: number
  }
  export interface ShuffleOptions<E extends Env = undefined> {
    /** Output partitions (1 to \`dataset.maxPartitions\`); default: the largest parent's. */
    partitions?: number
    env?: E
  }
  /** Spark-UI-like counters of one stage. */
  export interface StageCounters {
    tasks: number
    inputRecords: number
    inputBytes: number
    rowGroupsRead: number
    rowGroupsSkipped: number
    outputBytes: number
    shuffleReadRecords: number
    shuffleReadBytes: number
    shuffleWriteRecords: number
    shuffleWriteBytes: number
    spilledRuns: number
    spilledBytes: number
    outputRecords: number
    cacheHitPartitions: number
    cacheMissPartitions: number
    cachedBytes: number
    maxPartitionRecords: number
    meanPartitionRecords: number
    partitionSkew: number
    broadcastBytes: number
    taskCpuNs: number
    slowestTaskNs: number
    wallNs: number
  }
  export interface StageReport {
    id: number
    kind: 'shuffleMap' | 'sample' | 'result'
    /** Stages whose output this one reads. */
    parents: number[]
    /** What the stage runs, in order: its input, the pipelined transformations, its output. */
    transformations: string[]
    counters: StageCounters
  }
  /** The last action's job: its DAG of stages. */
  export interface JobReport {
    id: number
    action: 'collect' | 'count' | 'take' | 'reduce' | 'write'
    stages: StageReport[]
    planNs: number
    wallNs: number
  }
  /**
   * A lazy, partitioned dataset, as Spark's RDD. Transformations only describe the work and return a new
   * dataset; an action (collect, count, take, reduce, write) plans the lineage into stages, cut at every
   * shuffle, and runs one task per partition on the workers.
   */
  export interface Dataset<T> {
    /** Narrow: runs in the same stage as its parent, record by record; no data moves. */
    map<U, E extends Env = undefined>(fn: (record: T, env: E) => U, env?: E): Dataset<U>
    /** Narrow: same stage; keeps the records for which \`fn\` is truthy. Filter early: less to shuffle later. */
    filter<E extends Env = undefined>(fn: (record: T, env: E) => unknown, env?: E): Dataset<T>
    /** Narrow: same stage; each record becomes zero or more (return an array). */
    flatMap<U, E extends Env = undefined>(fn: (record: T, env: E) => Iterable<U>, env?: E): Dataset<U>
    /** Narrow: same stage; \`fn\` gets a whole partition's records at once (all held in the worker's memory). */
    mapPartitions<U, E extends Env = undefined>(
      fn: (records: T[], env: E) => Iterable<U>,
      env?: E,
    ): Dataset<U>
    /** Narrow: same stage; makes [key, record] pairs for the *ByKey transformations and join. */
    keyBy<K, E extends Env = undefined>(fn: (record: T, env: E) => K, env?: E): Dataset<[K, T]>
    /**
     * Wide: shuffles, but combines values of a key inside each task first (map-side combine), so only
     * one value per key and task crosses the shuffle. Prefer it to groupByKey(...).map(sum).
     */
    reduceByKey<K, V, E extends Env = undefined>(
      this: Dataset<readonly [K, V]>,
      fn: (a: V, b: V, env: E) => V,
      options?: number | ShuffleOptions<E>,
    ): Dataset<[K, V]>
    /** Wide: like reduceByKey with an accumulator of another type: seqOp folds values into it inside each task, combOp merges accumulators after the shuffle. */
    aggregateByKey<K, V, A, E extends Env = undefined>(
      this: Dataset<readonly [K, V]>,
      zero: A,
      seqOp: (acc: A, value: V, env: E) => A,
      combOp: (a: A, b: A, env: E) => A,
      options?: number | ShuffleOptions<E>,
    ): Dataset<[K, A]>
    /** Wide: shuffles EVERY record (nothing is combined first), then gives each key all its values. Costly: use reduceByKey when you fold the values. */
    groupByKey<K, V>(this: Dataset<readonly [K, V]>, partitions?: number): Dataset<[K, V[]]>
    /** Wide: shuffles both sides by key; an inner join. To join a small table without shuffling the large side, broadcast it and look keys up in a map(). */
    join<K, V, W>(
      this: Dataset<readonly [K, V]>,
      other: Dataset<readonly [K, W]>,
      partitions?: number,
    ): Dataset<[K, [V, W]]>
    /** Wide: shuffles every record to spread them evenly over \`partitions\` (round robin). */
    repartition(partitions: number): Dataset<T>
    /** Wide: shuffles pairs to the partition \`fn(key, partitions)\` picks (0 to partitions - 1): a custom partitioner, e.g. for skewed keys. */
    partitionBy<K, V, E extends Env = undefined>(
      this: Dataset<readonly [K, V]>,
      partitions: number,
      fn: (key: K, partitions: number, env: E) => number,
      env?: E,
    ): Dataset<[K, V]>
    /** Wide: shuffles to drop duplicates (records equal as JSON); duplicates inside a task are dropped before the shuffle. */
    distinct(partitions?: number): Dataset<T>
    /**
     * Wide: a total order by \`fn(record)\` (numbers or strings) across partitions. Runs the parent twice:
     * once to sample keys for the range bounds (a stage of its own), once to shuffle.
     */
    sortBy<E extends Env = undefined>(
      fn: (record: T, env: E) => number | string,
      options?: { ascending?: boolean; partitions?: number; env?: E },
    ): Dataset<T>
    /** Keeps this dataset's partitions (on the host) once an action computed them: later actions start from them instead of recomputing its lineage. Returns this dataset. */
    cache(): this
    /** Drops the cached partitions. Returns this dataset. */
    unpersist(): this
    /** Action: runs the job and brings every record back to your main function (which must hold them). */
    collect(): Promise<T[]>
    /** Action: runs the job; only the count comes back. */
    count(): Promise<number>
    /** Action: the first n records, in partition order; stops starting tasks once it has them. */
    take(n: number): Promise<T[]>
    /** Action: folds each partition in its task, then the partial results in your main function; an empty dataset throws. */
    reduce<E extends Env = undefined>(fn: (a: T, b: T, env: E) => T, env?: E): Promise<T>
    /**
     * Action: like reduce, but the partials are combined in a tree of tasks on the workers (Spark's
     * treeReduce, Dask's reduction with split_every): each partition folds in its task, then levels of
     * tasks each fold about n^(1/depth) partials of the level before (depth 2 by default, up to 8), and
     * your main function folds the few the last level leaves. Costs a stage per level (shown in the
     * job's DAG), saves your main function receiving a partial per partition: worth it for many
     * partitions or large partials (arrays, histograms). \`fn\` must be associative; partials keep
     * partition order, so it need not be commutative. An empty dataset throws.
     */
    treeReduce<E extends Env = undefined>(
      fn: (a: T, b: T, env: E) => T,
      options?: { depth?: number; env?: E },
    ): Promise<T>
    /**
     * Action: runs the job and writes every record to \`file\` in the scratch folder (counted against the
     * disk quota), partitions in order; the file stays for later jobs (\`dataset.read\`) and for the
     * challenge's check. \`'lines'\` (default) writes string records one a line, \`'json'\` each record's
     * JSON one a line, \`'columnar'\` a columnar file with the schema's columns. Overwrites an earlier output
     * of the run; an input file is never overwritten.
     */
    write(this: Dataset<string>, file: string, options?: { format?: 'lines' }): Promise<WriteResult>
    write(file: string, options: { format: 'json' }): Promise<WriteResult>
    write(file: string, options: ColumnarWriteOptions): Promise<WriteResult>
  }
  export const dataset: {
    /** Workers (tasks that run at once). */
    readonly size: number
    /** The largest block (partition) a file is cut into, in bytes. */
    readonly blockBytes: number
    /** Most partitions a dataset may have. */
    readonly maxPartitions: number
    /** A file of the run's inputs, read only by the engine, one partition per block of whole lines (a line belongs to the block it starts in). */
    read(file: string, options?: ReadOptions & { format?: 'lines' }): Dataset<string>
    read(file: string, options: ReadOptions & { format: 'csv'; header?: false }): Dataset<string[]>
    read(
      file: string,
      options: ReadOptions & { format: 'csv'; header: true },
    ): Dataset<Record<string, string | null>>
    read<T = unknown>(file: string, options: ReadOptions & { format: 'json' }): Dataset<T>
    /**
     * A columnar file: reads only the chosen columns' chunks, and only of the row groups whose min/max
     * statistics do not rule out \`where\` (the footer is read once, when the action plans the job).
     */
    read<T extends Record<string, number | string> = Record<string, number | string>>(
      file: string,
      options: ColumnarReadOptions,
    ): Dataset<T>
    /** Fixed-size binary records as objects of their fields: reads every byte of the file (no columns to prune). */
    read<T extends Record<string, number> = Record<string, number>>(
      file: string,
      options: BinaryReadOptions,
    ): Dataset<T>
    /** Small data of your main function, cut into \`partitions\` slices (default \`dataset.size\`); copied once when made. */
    fromArray<T extends Datum>(values: readonly T[], partitions?: number): Dataset<T>
    /** A small value shipped once to each worker that needs it (pass it in env); the engine counts the bytes. */
    broadcast<T extends Datum>(value: T): Broadcast<T>
    /** The DAG and counters of the last action that finished. */
    lastJob(): JobReport | undefined
  }
`
